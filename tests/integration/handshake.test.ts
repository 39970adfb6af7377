/**
 * The opening handshake against the real server, from three independent
 * clients: the hand-written RFC 6455 client (exact bytes), the `ws` library,
 * and Node's built-in WebSocket (undici, a separate implementation).
 */
import {createHash} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {parseInspectMessage, withheldValue, type HandshakeReport} from '../../demo-server/src/contract/inspect.ts';
import {findHeader, WEBSOCKET_GUID, type HeaderList} from '../../demo-server/src/contract/websocket.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {newKey, OPCODES, rawExchange, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

const acceptFor = (key: string) =>
  createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

function reportFrom(text: string): HandshakeReport {
  const message = parseInspectMessage(text);
  if (message?.type !== 'handshake') throw new Error(`Not a handshake report: ${text}`);
  return message;
}

describe('handshake report on /ws/inspect — raw RFC 6455 client', () => {
  it('reports the request exactly as sent (order and case) and the response exactly as received', async () => {
    const key = newKey();
    const sent: HeaderList = standardHeaders(server.port, key, [
      ['Origin', SITE_ORIGIN],
      ['x-lower-case', 'kept as is'],
      ['User-Agent', 'rfc6455-test-client/1'],
      ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ]);
    const {response, connection} = await rawHandshake(server.port, {path: '/ws/inspect', headers: sent});

    expect(response.status).toBe(101);
    expect(response.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
    expect(findHeader(response.headers, 'Sec-WebSocket-Accept')).toBe(acceptFor(key));
    expect(findHeader(response.headers, 'Upgrade')?.toLowerCase()).toBe('websocket');
    expect(findHeader(response.headers, 'Connection')?.toLowerCase()).toBe('upgrade');
    // No extension was accepted, so none is named (RFC 6455 §9.1).
    expect(findHeader(response.headers, 'Sec-WebSocket-Extensions')).toBeUndefined();

    const frame = await connection!.nextDataFrame();
    expect(frame).toMatchObject({fin: true, opcode: OPCODES.text, masked: false});
    const report = reportFrom(frame!.payload.toString('utf8'));
    expect(report.request).toEqual({method: 'GET', url: '/ws/inspect', httpVersion: '1.1', headers: sent});
    expect(report.response.status).toBe(101);
    expect(report.response.statusText).toBe('Switching Protocols');
    // The report's response is the head this client actually received, line for line.
    expect(report.response.headers).toEqual(response.headers);
    connection!.destroy();
  });

  it('keeps a query string in the reported URL', async () => {
    const {connection} = await rawHandshake(server.port, {
      path: '/ws/inspect?demo=1',
      headers: standardHeaders(server.port, newKey()),
    });
    const report = reportFrom((await connection!.nextDataFrame())!.payload.toString('utf8'));
    expect(report.request.url).toBe('/ws/inspect?demo=1');
    connection!.destroy();
  });

  it('withholds the values of Cookie and Authorization, keeping their place', async () => {
    const cookie = 'session=secret-value; theme=dark';
    const headers = standardHeaders(server.port, newKey(), [
      ['Cookie', cookie],
      ['Authorization', 'Bearer abc.def'],
      ['Accept', '*/*'],
    ]);
    const {connection} = await rawHandshake(server.port, {path: '/ws/inspect', headers});
    const report = reportFrom((await connection!.nextDataFrame())!.payload.toString('utf8'));
    expect(report.request.headers.slice(-3)).toEqual([
      ['Cookie', withheldValue(Buffer.byteLength(cookie))],
      ['Authorization', withheldValue(14)],
      ['Accept', '*/*'],
    ]);
    expect(JSON.stringify(report)).not.toContain('secret-value');
    connection!.destroy();
  });
});

describe('handshake report — the ws library', () => {
  it('reports the key ws sent, whose accept value ws verified, and the headers it was asked to add', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/inspect`, {
      origin: SITE_ORIGIN,
      headers: {'X-Test-Client': 'ws'},
    });
    const upgrade = new Promise<IncomingMessage>((resolve) => socket.once('upgrade', resolve));
    const first = new Promise<string>((resolve) =>
      socket.once('message', (data) => resolve((data as Buffer).toString('utf8'))),
    );
    const [response, text] = await Promise.all([upgrade, first]);
    const report = reportFrom(text);

    const key = findHeader(report.request.headers, 'Sec-WebSocket-Key')!;
    expect(response.headers['sec-websocket-accept']).toBe(acceptFor(key));
    expect(findHeader(report.response.headers, 'Sec-WebSocket-Accept')).toBe(acceptFor(key));
    expect(findHeader(report.request.headers, 'Origin')).toBe(SITE_ORIGIN);
    expect(findHeader(report.request.headers, 'X-Test-Client')).toBe('ws');
    expect(findHeader(report.request.headers, 'Sec-WebSocket-Version')).toBe('13');
    socket.close();
  });
});

describe('handshake report — Node’s built-in WebSocket (undici)', () => {
  it('opens (so undici accepted the server’s answer) and reports a handshake consistent with RFC 6455', async () => {
    const socket = new globalThis.WebSocket(`${server.url.replace('http', 'ws')}/ws/inspect`);
    const text = await new Promise<string>((resolve, reject) => {
      socket.addEventListener('message', (event) => resolve(String(event.data)), {once: true});
      socket.addEventListener('error', () => reject(new Error('undici WebSocket failed')), {once: true});
    });
    const report = reportFrom(text);
    const key = findHeader(report.request.headers, 'Sec-WebSocket-Key')!;
    expect(Buffer.from(key, 'base64')).toHaveLength(16);
    expect(report.request.method).toBe('GET');
    expect(report.request.httpVersion).toBe('1.1');
    expect(findHeader(report.response.headers, 'Sec-WebSocket-Accept')).toBe(acceptFor(key));
    socket.close();
  });
});

describe('refusals (RFC 6455 §4.2.1, §4.2.2)', () => {
  const handshake = (path: string, headers: HeaderList, extra: {method?: string; httpVersion?: string} = {}) =>
    rawHandshake(server.port, {path, headers, ...extra}).then(({response}) => response);

  it('403 for an Origin not on the allow-list, before any upgrade', async () => {
    const response = await handshake(
      '/ws/echo',
      standardHeaders(server.port, newKey(), [['Origin', 'https://evil.example']]),
    );
    expect(response.status).toBe(403);
    expect(findHeader(response.headers, 'Sec-WebSocket-Accept')).toBeUndefined();
    expect(response.body).toMatch(/https:\/\/evil\.example/);
  });

  it('403 for a foreign Origin from the ws client too', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/echo`, {origin: 'https://evil.example'});
    const status = await new Promise<number>((resolve) =>
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    // Aborting a refused handshake makes ws emit "closed before the connection was established": expected here.
    socket.once('error', () => undefined);
    socket.terminate();
  });

  it('426 with Sec-WebSocket-Version: 13 for another version', async () => {
    const headers = standardHeaders(server.port, newKey()).map(([name, value]): [string, string] =>
      name === 'Sec-WebSocket-Version' ? [name, '8'] : [name, value],
    );
    const response = await handshake('/ws/echo', headers);
    expect(response.status).toBe(426);
    expect(findHeader(response.headers, 'Sec-WebSocket-Version')).toBe('13');
    expect(findHeader(response.headers, 'Upgrade')).toBe('websocket');
  });

  it('400 with Sec-WebSocket-Version: 13 when the version is missing', async () => {
    const headers = standardHeaders(server.port, newKey()).filter(([name]) => name !== 'Sec-WebSocket-Version');
    const response = await handshake('/ws/echo', headers);
    expect(response.status).toBe(400);
    expect(findHeader(response.headers, 'Sec-WebSocket-Version')).toBe('13');
  });

  it('400 for a missing key and for malformed keys', async () => {
    const withoutKey = standardHeaders(server.port, newKey()).filter(([name]) => name !== 'Sec-WebSocket-Key');
    expect((await handshake('/ws/echo', withoutKey)).status).toBe(400);
    for (const key of ['not base64!', 'c2hvcnQ=', Buffer.alloc(17).toString('base64'), 'AAAAAAAAAAAAAAAAAAAAAB==']) {
      const response = await handshake('/ws/echo', standardHeaders(server.port, key));
      expect(response.status, `key ${key}`).toBe(400);
      expect(response.body).toMatch(/Sec-WebSocket-Key/);
    }
  });

  it('chooses no subprotocol when the client offers only ones the endpoint does not speak', async () => {
    const {response, connection} = await rawHandshake(server.port, {
      path: '/ws/echo',
      headers: standardHeaders(server.port, newKey(), [['Sec-WebSocket-Protocol', 'chat, superchat']]),
    });
    expect(response.status).toBe(101);
    expect(findHeader(response.headers, 'Sec-WebSocket-Protocol')).toBeUndefined();
    connection!.destroy();
  });

  it('404 for a path with no WebSocket endpoint', async () => {
    const response = await handshake('/ws/nope', standardHeaders(server.port, newKey()));
    expect(response.status).toBe(404);
    expect(response.body).toMatch(/\/ws\/echo/);
  });

  it('400 for HTTP/1.0, 405 with Allow for a method other than GET', async () => {
    expect((await handshake('/ws/echo', standardHeaders(server.port, newKey()), {httpVersion: '1.0'})).status).toBe(
      400,
    );
    const post = await handshake('/ws/echo', [...standardHeaders(server.port, newKey()), ['Content-Length', '0']], {
      method: 'POST',
    });
    expect(post.status).toBe(405);
    expect(findHeader(post.headers, 'Allow')).toBe('GET');
  });

  it('426 with Upgrade: websocket for a plain HTTP GET on a WebSocket path', async () => {
    const response = await fetch(`${server.url}/ws/inspect`);
    expect(response.status).toBe(426);
    expect(response.headers.get('upgrade')).toBe('websocket');
    await response.body?.cancel();
  });

  it('answers garbage with 400 and keeps serving everyone else', async () => {
    const {response} = await rawExchange(server.port, Buffer.from('\x16\x03\x01 not http at all\r\n\r\n'));
    expect(response.status).toBe(400);
    const {response: next, connection} = await rawHandshake(server.port, {
      path: '/ws/echo',
      headers: standardHeaders(server.port, newKey()),
    });
    expect(next.status).toBe(101);
    connection!.destroy();
  });
});
