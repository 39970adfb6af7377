import {describe, expect, it} from 'vitest';
import type {ObservedExchange} from '../../../../../demo-server/src/contract/attempts.ts';
import {CASE_IDS, CASES} from '../../../../../src/components/HandshakeFailures/cases.ts';
import {serverAnswers} from '../../../../../src/components/HandshakeFailures/serverAnswers.ts';

const exchange = (response: string | null): ObservedExchange => ({
  at: 0,
  transport: 'upgrade',
  request: 'GET /ws/faults HTTP/1.1',
  response,
  body: '',
  bodyTruncated: false,
  answeredAt: response === null ? null : 1,
  endedAt: 2,
});

describe('serverAnswers', () => {
  it('names each answer by its status, in order', () => {
    const record = {
      attempt: 'abcdefgh',
      exchanges: [
        exchange('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket'),
        exchange('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 10'),
        exchange(null),
      ],
      exchangesDropped: 0,
      notes: [],
    };
    expect(serverAnswers({kind: 'record', record})).toBe(
      'the server answered 101 Switching Protocols, then 429 Too Many Requests, then no answer',
    );
  });

  it('says when the server kept nothing, or no request reached it', () => {
    expect(serverAnswers({kind: 'none'})).toBe('the server kept nothing');
    expect(
      serverAnswers({kind: 'record', record: {attempt: 'abcdefgh', exchanges: [], exchangesDropped: 0, notes: []}}),
    ).toBe('no request reached the server');
    expect(serverAnswers({kind: 'reading'})).toBe('');
  });
});

describe('the cases', () => {
  it('has one case per id, each with a label, what it does and why the page cannot tell', () => {
    expect(CASES.map((handshakeCase) => handshakeCase.id)).toEqual([...CASE_IDS]);
    for (const handshakeCase of CASES) {
      expect(handshakeCase.label).not.toBe('');
      expect(handshakeCase.does).not.toBe('');
      expect(handshakeCase.why).toMatch(/10\d\d/);
    }
  });
});
