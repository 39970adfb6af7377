import {describe, expect, it} from 'vitest';
import {SESSION_ID_PATTERN} from '../../../../../demo-server/src/contract/events.ts';
import {newSessionId, withQuery} from '../../../../../src/lib/realtime/session.ts';

describe('newSessionId', () => {
  it('makes 22 base64url characters from 16 random bytes, matching the pattern the server checks', () => {
    const ids = Array.from({length: 200}, () => newSessionId());
    for (const id of ids) {
      expect(id).toMatch(SESSION_ID_PATTERN);
      expect(id).toHaveLength(22);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes the base64 characters "+" and "/" as "-" and "_" and drops the "=" padding', () => {
    // 0xfb 0xff 0xbf is "+/+/" in base64; 16 such bytes would also need "==" of padding.
    const pattern = [0xfb, 0xff, 0xbf];
    const id = newSessionId((bytes) => bytes.map((_, i) => pattern[i % 3] ?? 0));
    expect(id).toBe('-_-_-_-_-_-_-_-_-_-_-w');
    expect(id).toMatch(SESSION_ID_PATTERN);
  });

  it('fills exactly 16 bytes', () => {
    let asked = 0;
    newSessionId((bytes) => {
      asked = bytes.length;
      return bytes.fill(7);
    });
    expect(asked).toBe(16);
  });

  it('refuses to make an id the server would refuse', () => {
    expect(() => newSessionId(() => new Uint8Array(2))).toThrow(/bad session id/);
  });
});

describe('withQuery', () => {
  it('adds parameters, leaves out undefined and null ones, and keeps those already there', () => {
    expect(
      withQuery('http://demo.test/events/poll?session=abc', {since: 42, lastEventId: null, skipped: undefined}),
    ).toBe('http://demo.test/events/poll?session=abc&since=42');
  });

  it('encodes values and replaces a parameter given twice', () => {
    expect(withQuery('ws://demo.test/ws/events?since=1', {since: 0, note: 'a b&c'})).toBe(
      'ws://demo.test/ws/events?since=0&note=a+b%26c',
    );
  });
});
