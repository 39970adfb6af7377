// @vitest-environment jsdom
import {cleanup, render, screen, within} from '@testing-library/react';
import {afterEach, describe, expect, it} from 'vitest';
import type {AttemptRecord} from '../../../../demo-server/src/contract/attempts.ts';
import ServerSaw from '../../../../src/components/ServerSaw/index.tsx';

afterEach(cleanup);

const record: AttemptRecord = {
  attempt: 'abcdefgh',
  exchangesDropped: 2,
  exchanges: [
    {
      at: 1_000,
      transport: 'upgrade',
      request: 'GET /ws/echo?attempt=abcdefgh HTTP/1.1\r\nHost: h\r\nOrigin: null',
      response: 'HTTP/1.1 403 Forbidden\r\nContent-Type: application/problem+json',
      body: '{"detail":"Origin null is not allowed"}',
      bodyTruncated: true,
      answeredAt: 1_002,
      endedAt: 1_010,
    },
    {
      at: 1_500,
      transport: 'http',
      request: 'GET /x HTTP/1.1',
      response: null,
      body: '',
      bodyTruncated: false,
      answeredAt: null,
      endedAt: 1_600,
    },
  ],
  notes: [{at: 1_700, text: 'Closed the TCP connection without a close frame'}],
};

describe('ServerSaw', () => {
  it('shows each request as received and each answer as written, with times from the first request', () => {
    render(<ServerSaw state={{kind: 'record', record}} />);
    const [first, second] = screen.getAllByTestId('server-saw-exchange');
    expect(first?.textContent).toContain('Handshake 1 at +0 ms, answered after 2 ms, over after 10 ms');
    expect(within(first as HTMLElement).getByTestId('server-saw-request').textContent).toBe(
      'GET /ws/echo?attempt=abcdefgh HTTP/1.1\nHost: h\nOrigin: null',
    );
    expect(within(first as HTMLElement).getByTestId('server-saw-response').textContent).toBe(
      'HTTP/1.1 403 Forbidden\nContent-Type: application/problem+json\n\n{"detail":"Origin null is not allowed"}\n… (cut after 2048 characters)',
    );
    expect(second?.textContent).toContain('Request 2 at +500 ms, over after 100 ms');
    expect(within(second as HTMLElement).getByTestId('server-saw-no-answer').textContent).toContain(
      'Nothing: the server wrote no answer before the connection ended.',
    );
    screen.getByText(/2 more requests the server counted but did not keep/);
    expect(screen.getByTestId('server-saw-notes').textContent).toContain(
      '+700 ms Closed the TCP connection without a close frame',
    );
  });

  it('names each scrolling head for keyboard and screen-reader users, and keeps headings in order', () => {
    render(<ServerSaw state={{kind: 'record', record}} level={3} />);
    expect(screen.getByRole('heading', {level: 3}).textContent).toContain('What the server saw');
    expect(screen.getAllByRole('heading', {level: 4}).map((h) => h.textContent)).toContain('What the server answered');
    const request = screen.getByLabelText('Request 1 as the server received it', {selector: 'pre'});
    expect(request.getAttribute('tabindex')).toBe('0');
  });

  it('says plainly when there is nothing yet, or nothing at all', () => {
    const {rerender} = render(<ServerSaw state={{kind: 'idle'}} idleText="Pick a case." />);
    expect(screen.getByTestId('server-saw').textContent).toContain('Pick a case.');
    rerender(<ServerSaw state={{kind: 'reading'}} />);
    expect(screen.getByTestId('server-saw').textContent).toContain('Asking the server what it saw');
    rerender(<ServerSaw state={{kind: 'none'}} />);
    expect(screen.getByTestId('server-saw-nothing').textContent).toContain('the request never reached it');
  });
});
