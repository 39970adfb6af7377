/**
 * Checks a client's opening handshake against RFC 6455 §4.2.1 before `ws`
 * sees it, so that every refusal carries the status and explanation the RFC
 * asks for (§4.2.2 and §4.4).
 */
import type {IncomingHttpHeaders} from 'node:http';
import {WEBSOCKET_VERSION} from '../contract/websocket.ts';

export interface HandshakeRequest {
  method?: string | undefined;
  httpVersion: string;
  headers: IncomingHttpHeaders;
}

export type HandshakeCheck =
  {ok: true; key: string} | {ok: false; status: 400 | 405 | 426; reason: string; headers?: Record<string, string>};

/**
 * A key is the base64 encoding of 16 random bytes (§4.1, item 7): 22
 * characters of the base64 alphabet and two padding characters. The last
 * character before the padding may only be one that leaves the unused low
 * bits zero (A, Q, g or w), or the key does not decode to exactly 16 bytes.
 */
const KEY_PATTERN = /^[A-Za-z0-9+/]{21}[AQgw]==$/;

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Whether a comma-separated header value names `token` (lower-case), in any case; one name alone is read as it is. */
export function hasToken(value: string | undefined, token: string): boolean {
  if (value === undefined) return false;
  if (value.length === token.length) return value.toLowerCase() === token;
  return value.split(',').some((part) => part.trim().toLowerCase() === token);
}

/** What every refusal for a missing or other version says it speaks (RFC 6455 §4.4). */
const VERSION_HEADER: Readonly<Record<string, string>> = Object.freeze({'Sec-WebSocket-Version': WEBSOCKET_VERSION});
const UPGRADE_VERSION_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...VERSION_HEADER,
  // RFC 9110 §15.5.22: a 426 must say what to upgrade to.
  Upgrade: 'websocket',
});

/** Whether an HTTP-version (`1.1`, `1.0`, `2.0`…) is 1.1 or later. */
function atLeastHttp11(httpVersion: string): boolean {
  if (httpVersion === '1.1') return true;
  const [major = 0, minor = 0] = httpVersion.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 1);
}

/** Validates an opening handshake; the first failing rule decides the answer. */
export function checkHandshake(req: HandshakeRequest): HandshakeCheck {
  if (req.method !== 'GET') {
    return {
      ok: false,
      status: 405,
      reason: `A WebSocket handshake is a GET request, not ${req.method ?? 'an unknown method'}`,
      headers: {Allow: 'GET'},
    };
  }
  if (!atLeastHttp11(req.httpVersion)) {
    return {
      ok: false,
      status: 400,
      reason: `A WebSocket handshake needs HTTP/1.1 or later, not HTTP/${req.httpVersion}`,
    };
  }
  if (!hasToken(req.headers.upgrade, 'websocket')) {
    return {ok: false, status: 400, reason: 'The Upgrade header must name websocket'};
  }
  if ((req.headers.upgrade ?? '').trim().toLowerCase() !== 'websocket') {
    // RFC 6455 §4.1 has clients send exactly "websocket"; ws would refuse a
    // list with an unexplained 400, so say why here.
    return {ok: false, status: 400, reason: 'The Upgrade header must be "websocket" alone, not a list of protocols'};
  }
  if (!hasToken(req.headers.connection, 'upgrade')) {
    return {ok: false, status: 400, reason: 'The Connection header must include the Upgrade token'};
  }
  const version = req.headers['sec-websocket-version'];
  if (version === undefined) {
    return {
      ok: false,
      status: 400,
      reason: 'Missing Sec-WebSocket-Version header; this server speaks version 13',
      headers: VERSION_HEADER,
    };
  }
  if (version.trim() !== WEBSOCKET_VERSION) {
    return {
      ok: false,
      status: 426,
      reason: `Unsupported Sec-WebSocket-Version "${version}"; this server speaks version 13`,
      headers: UPGRADE_VERSION_HEADERS,
    };
  }
  const key = req.headers['sec-websocket-key'];
  if (key === undefined) {
    return {ok: false, status: 400, reason: 'Missing Sec-WebSocket-Key header'};
  }
  if (!isValidKey(key.trim())) {
    return {ok: false, status: 400, reason: 'Malformed Sec-WebSocket-Key: it must be base64 of 16 bytes'};
  }
  return {ok: true, key: key.trim()};
}
