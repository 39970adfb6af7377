import {describe, expect, it} from 'vitest';
import {checkHandshake} from '../../../../demo-server/src/ws/handshake.ts';

type Headers = Record<string, string | undefined>;

const valid = (): {method: string; httpVersion: string; headers: Headers} => ({
  method: 'GET',
  httpVersion: '1.1',
  headers: {
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-version': '13',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
  },
});

function check(change: (request: ReturnType<typeof valid>) => void) {
  const request = valid();
  change(request);
  return checkHandshake(request);
}

describe('checkHandshake (RFC 6455 §4.2.1, §4.2.2)', () => {
  it('accepts a valid handshake, tokens matched without regard to case or list position', () => {
    expect(checkHandshake(valid())).toEqual({ok: true, key: 'dGhlIHNhbXBsZSBub25jZQ=='});
    expect(
      check((r) => {
        r.headers.upgrade = 'WebSocket';
        r.headers.connection = 'keep-alive, Upgrade';
      }).ok,
    ).toBe(true);
    expect(check((r) => (r.httpVersion = '2.0')).ok).toBe(true);
  });

  it('405 with Allow: GET for another method', () => {
    expect(check((r) => (r.method = 'POST'))).toMatchObject({ok: false, status: 405, headers: {Allow: 'GET'}});
  });

  it('400 for HTTP/1.0', () => {
    expect(check((r) => (r.httpVersion = '1.0'))).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/HTTP\/1\.1/),
    });
  });

  it('400 without Upgrade: websocket or Connection: Upgrade', () => {
    expect(check((r) => (r.headers.upgrade = undefined))).toMatchObject({ok: false, status: 400});
    expect(check((r) => (r.headers.upgrade = 'h2c'))).toMatchObject({ok: false, status: 400});
    expect(check((r) => (r.headers.upgrade = 'websocket, h2c'))).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/alone/),
    });
    expect(check((r) => (r.headers.connection = 'keep-alive'))).toMatchObject({ok: false, status: 400});
  });

  it('400 with Sec-WebSocket-Version: 13 when the version is missing', () => {
    expect(check((r) => (r.headers['sec-websocket-version'] = undefined))).toMatchObject({
      ok: false,
      status: 400,
      headers: {'Sec-WebSocket-Version': '13'},
    });
  });

  it('426 with Sec-WebSocket-Version: 13 and Upgrade for another version', () => {
    for (const version of ['8', '12', '14', 'thirteen']) {
      expect(check((r) => (r.headers['sec-websocket-version'] = version))).toMatchObject({
        ok: false,
        status: 426,
        headers: {'Sec-WebSocket-Version': '13', Upgrade: 'websocket'},
      });
    }
  });

  it('400 for a missing key', () => {
    expect(check((r) => (r.headers['sec-websocket-key'] = undefined))).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/Missing Sec-WebSocket-Key/),
    });
  });

  it.each([
    ['too short', 'c2hvcnQ='],
    ['17 bytes', 'AAAAAAAAAAAAAAAAAAAAAAA='],
    ['not base64', 'dGhlIHNhbXBsZSBub25jZQ!!'],
    ['16 bytes with non-zero padding bits', 'AAAAAAAAAAAAAAAAAAAAAB=='],
    ['no padding', 'dGhlIHNhbXBsZSBub25jZQ'],
  ])('400 for a malformed key (%s)', (_label, key) => {
    expect(check((r) => (r.headers['sec-websocket-key'] = key))).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/Malformed Sec-WebSocket-Key/),
    });
  });
});
