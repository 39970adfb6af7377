// @vitest-environment jsdom
import {cleanup, fireEvent, render, screen, within} from '@testing-library/react';
import {afterEach, describe, expect, it} from 'vitest';
import BrowserAdded from '../../../../../src/components/HttpInspector/parts/BrowserAdded.tsx';
import MessageBytes, {type Selection} from '../../../../../src/components/HttpInspector/parts/MessageBytes.tsx';
import WorkItOut from '../../../../../src/components/HttpInspector/parts/WorkItOut.tsx';
import {formProblem, INITIAL_FORM} from '../../../../../src/components/HttpInspector/form.ts';
import {splitMessage} from '../../../../../src/lib/httpMessage.ts';

afterEach(cleanup);

/** An element's accessible description, from the element its aria-describedby names. */
const description = (element: HTMLElement) =>
  document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const CHUNKED =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nServer-Timing: app;dur=1\r\n\r\n';

describe('MessageBytes', () => {
  it('makes every part a button described by its note, chunk sizes in hex and decimal, each line end shown', () => {
    const selections: Selection[] = [];
    render(
      <MessageBytes
        side="response"
        heading="Response"
        message={splitMessage(bytes(CHUNKED), 'response')}
        size={CHUNKED.length}
        selected={null}
        onSelect={(selection) => selections.push(selection)}
      />,
    );
    const parts = within(screen.getByRole('list', {name: 'Response, part by part'})).getAllByRole('button');
    expect(parts).toHaveLength(9);
    const size = screen.getByRole('button', {name: /Chunk size 1a \(hex\) = 26 bytes/});
    expect(size.textContent).toContain('1a\\r\\n CR LF = 26 bytes');
    expect(description(size)).toMatch(/hexadecimal.*\(RFC 9112 §7\.1, §7\.1\.1\)/);
    fireEvent.focus(size);
    expect(selections.at(-1)?.note.source).toBe('RFC 9112 §7.1, §7.1.1');
    expect(description(screen.getByRole('button', {name: /Trailer field Server-Timing/}))).toMatch(
      /Chromium does not hand trailers to the page/,
    );
  });
});

describe('WorkItOut', () => {
  it('checks the reader’s answer and shows the working once it is right', () => {
    render(<WorkItOut question="1a in decimal?" answer={26} working={<p>1×16 + 10 = 26</p>} />);
    const input = screen.getByLabelText('Your answer');
    fireEvent.change(input, {target: {value: '16'}});
    fireEvent.click(screen.getByRole('button', {name: 'Check'}));
    expect(screen.getByText(/Not quite/)).toBeTruthy();
    expect(screen.queryByText('1×16 + 10 = 26')).toBeNull();
    fireEvent.change(input, {target: {value: '26'}});
    fireEvent.click(screen.getByRole('button', {name: 'Check'}));
    expect(screen.getByText('Right: 26.')).toBeTruthy();
    expect(screen.getByText('1×16 + 10 = 26')).toBeTruthy();
  });
});

describe('BrowserAdded', () => {
  it('tells the fields the script set from those the browser added, and names the forbidden and the dropped', () => {
    const request = 'GET / HTTP/1.1\r\nHost: a:1\r\nX-Demo: 1\r\nUser-Agent: UA\r\nSec-Fetch-Mode: cors\r\n\r\n';
    const fields = splitMessage(bytes(request), 'request').parts.filter((part) => part.kind === 'field-line');
    render(
      <BrowserAdded
        fields={fields}
        asked={[
          {name: 'X-Demo', value: '1'},
          {name: 'Host', value: 'example.com'},
        ]}
        dropped={['Host']}
      />,
    );
    expect(screen.getByText(/Your script set X-Demo\./)).toBeTruthy();
    const added = screen.getByRole('list');
    expect(
      within(added)
        .getAllByRole('listitem')
        .map((item) => item.getAttribute('data-added')),
    ).toEqual(['Host', 'User-Agent', 'Sec-Fetch-Mode']);
    expect(added.querySelector('[data-added="Host"]')?.getAttribute('data-forbidden')).toBe('true');
    expect(added.querySelector('[data-added="User-Agent"]')?.getAttribute('data-forbidden')).toBe('false');
    expect(screen.getByTestId('dropped').textContent).toContain('dropped it without an error');
  });
});

describe('formProblem', () => {
  it('accepts the initial form and refuses what the server would refuse', () => {
    expect(formProblem(INITIAL_FORM)).toBeNull();
    expect(formProblem({...INITIAL_FORM, path: 'a b'})).toMatch(/path/);
    expect(formProblem({...INITIAL_FORM, headers: [{name: 'Bad Name', value: 'x'}]})).toMatch(/not a header name/);
    expect(formProblem({...INITIAL_FORM, headers: [{name: 'X-A', value: 'line\nbreak'}]})).toMatch(/visible ASCII/);
    expect(formProblem({...INITIAL_FORM, body: 'é'.repeat(2049)})).toMatch(/4096 bytes/);
  });
});
