/** checkHandshake: the opening-handshake rules of RFC 6455 §4.2.1 and the refusals of §4.2.2. */
import {randomBytes} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';
import {describe, expect, it} from 'vitest';
import {checkHandshake, isValidKey, type HandshakeRequest} from '../../demo-server/src/ws/handshake.ts';

/** RFC 6455 §1.2's sample key. */
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A valid handshake as Node's parser presents it (lower-case header names), with changes. */
function request(
  changes: {method?: string; httpVersion?: string; headers?: IncomingHttpHeaders} = {},
  omit: readonly string[] = [],
): HandshakeRequest {
  const headers: IncomingHttpHeaders = {
    host: 'localhost:8787',
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': KEY,
    'sec-websocket-version': '13',
    ...changes.headers,
  };
  for (const name of omit) delete headers[name];
  return {method: changes.method ?? 'GET', httpVersion: changes.httpVersion ?? '1.1', headers};
}

describe('checkHandshake accepts', () => {
  it('a valid request, returning its key', () => {
    expect(checkHandshake(request())).toEqual({ok: true, key: KEY});
  });

  it('tokens in any case and within lists (RFC 9110 §7.6.1, §7.8)', () => {
    const result = checkHandshake(
      request({headers: {upgrade: 'WebSocket', connection: 'keep-alive, Upgrade', 'sec-websocket-version': ' 13 '}}),
    );
    expect(result).toEqual({ok: true, key: KEY});
  });

  it('HTTP versions later than 1.1', () => {
    expect(checkHandshake(request({httpVersion: '2.0'})).ok).toBe(true);
  });

  it('a key with surrounding whitespace, returned trimmed', () => {
    expect(checkHandshake(request({headers: {'sec-websocket-key': ` ${KEY} `}}))).toEqual({ok: true, key: KEY});
  });

  it('keys from random 16-byte nonces', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomBytes(16).toString('base64');
      expect(checkHandshake(request({headers: {'sec-websocket-key': key}})), key).toEqual({ok: true, key});
    }
  });
});

describe('checkHandshake refuses', () => {
  it.each(['POST', 'HEAD', 'PUT', 'OPTIONS', 'get'])('method %s with 405 and Allow: GET', (method) => {
    const result = checkHandshake(request({method}));
    expect(result).toMatchObject({ok: false, status: 405, headers: {Allow: 'GET'}});
  });

  it('a request without a method with 405 and Allow: GET', () => {
    expect(checkHandshake({...request(), method: undefined})).toMatchObject({
      ok: false,
      status: 405,
      headers: {Allow: 'GET'},
    });
  });

  it.each(['1.0', '0.9'])('HTTP/%s with 400', (httpVersion) => {
    const result = checkHandshake(request({httpVersion}));
    expect(result).toMatchObject({ok: false, status: 400});
    if (result.ok) throw new Error('unreachable');
    expect(result.reason).toContain(`HTTP/${httpVersion}`);
    expect(result.headers).toBeUndefined();
  });

  it('a missing Upgrade header, or one that does not name websocket, with 400', () => {
    expect(checkHandshake(request({}, ['upgrade']))).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/Upgrade/),
    });
    expect(checkHandshake(request({headers: {upgrade: 'h2c'}}))).toMatchObject({ok: false, status: 400});
    expect(checkHandshake(request({headers: {upgrade: 'websockets'}}))).toMatchObject({ok: false, status: 400});
  });

  it('a missing Connection header, or one without the Upgrade token, with 400', () => {
    expect(checkHandshake(request({}, ['connection']))).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/Connection/),
    });
    expect(checkHandshake(request({headers: {connection: 'keep-alive'}}))).toMatchObject({ok: false, status: 400});
    expect(checkHandshake(request({headers: {connection: 'upgraded'}}))).toMatchObject({ok: false, status: 400});
  });

  it('a missing Sec-WebSocket-Version with 400 and Sec-WebSocket-Version: 13', () => {
    const result = checkHandshake(request({}, ['sec-websocket-version']));
    expect(result).toMatchObject({ok: false, status: 400, headers: {'Sec-WebSocket-Version': '13'}});
  });

  it.each(['8', '7', '12', '14', '13.0', 'thirteen', ''])(
    'Sec-WebSocket-Version %j with 426, Sec-WebSocket-Version: 13 and Upgrade: websocket',
    (version) => {
      const result = checkHandshake(request({headers: {'sec-websocket-version': version}}));
      expect(result).toEqual({
        ok: false,
        status: 426,
        reason: expect.stringContaining('version 13'),
        headers: {'Sec-WebSocket-Version': '13', Upgrade: 'websocket'},
      });
    },
  );

  it('a missing Sec-WebSocket-Key with 400', () => {
    const result = checkHandshake(request({}, ['sec-websocket-key']));
    expect(result).toMatchObject({ok: false, status: 400, reason: expect.stringMatching(/Missing Sec-WebSocket-Key/)});
  });

  it.each([
    ['too short (base64 of 15 bytes)', Buffer.alloc(15, 7).toString('base64')],
    ['too long (base64 of 17 bytes)', Buffer.alloc(17, 7).toString('base64')],
    ['base64 of 16 bytes without padding', KEY.slice(0, 22)],
    ['one padding character', KEY.slice(0, 23)],
    ['not base64 at all', 'this is not base64 !!!=='],
    ['URL-safe alphabet', 'dGhlIHNhbXBsZSBub25j-_=='],
    ['an empty value', ''],
    // 24 characters of the right shape, but the last data character leaves non-zero unused bits,
    // so it is not the canonical encoding of 16 bytes (RFC 4648 §3.5).
    ['16 bytes with a bad last character before the padding (B)', 'AAAAAAAAAAAAAAAAAAAAAB=='],
    ['16 bytes with a bad last character before the padding (R)', 'dGhlIHNhbXBsZSBub25jZR=='],
    ['16 bytes with a bad last character before the padding (x)', 'dGhlIHNhbXBsZSBub25jZx=='],
    ['padding in the middle', 'dGhlIHNhbXBsZSBu=25jZQ=='],
  ])('a malformed key (%s) with 400', (_name, key) => {
    const result = checkHandshake(request({headers: {'sec-websocket-key': key}}));
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/Malformed Sec-WebSocket-Key/),
    });
  });

  it('checks in the order of §4.2.1: the first failing rule decides', () => {
    // Wrong method and everything else missing: the method is reported.
    expect(checkHandshake({method: 'POST', httpVersion: '1.0', headers: {}})).toMatchObject({status: 405});
    // Unsupported version and a missing key: the version is reported.
    expect(checkHandshake(request({headers: {'sec-websocket-version': '8'}}, ['sec-websocket-key']))).toMatchObject({
      status: 426,
    });
  });
});

describe('isValidKey', () => {
  it('accepts exactly the canonical base64 of 16 bytes', () => {
    expect(isValidKey(KEY)).toBe(true);
    expect(isValidKey('AAAAAAAAAAAAAAAAAAAAAA==')).toBe(true);
    expect(isValidKey('/////////////////////w==')).toBe(true);
    expect(isValidKey('AAAAAAAAAAAAAAAAAAAAAB==')).toBe(false);
    // Same bytes when decoded leniently, but not the canonical encoding.
    expect(Buffer.from('AAAAAAAAAAAAAAAAAAAAAB==', 'base64')).toEqual(Buffer.alloc(16));
  });
});
