/**
 * `?attempt=` and `GET /attempts/{id}` with real clients: the server keeps a
 * refused handshake, an accepted one and a plain request as they were on the
 * wire, and gives the record once, to the same client address only.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import type {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {AttemptRecord as AttemptRecordSchema} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {fits} from '../../demo-server/src/contract/schema.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, startTestServer, testConfig} from './support/server.ts';
import {startServer} from '../../demo-server/src/server.ts';
import {silentLogger} from '../../demo-server/src/log.ts';

let server: DemoServer;
beforeAll(async () => {
  // Behind a proxy, as in production: X-Forwarded-For gives each test client its own address.
  server = await startServer({...testConfig(), trustProxy: true}, {logger: silentLogger});
});
afterAll(() => server.shutdown());

let counter = 0;
const newId = () => `test-attempt-${process.pid}-${++counter}`;

/** Opens a WebSocket and resolves with what the page could see of it: the error/close or the open. */
function tryWebSocket(path: string, headers: Record<string, string>, protocols?: string[]) {
  return new Promise<{opened: boolean; status?: number}>((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${path}`, protocols, {headers});
    ws.on('open', () => {
      ws.close(1000);
      resolve({opened: true});
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({opened: false, status: res.statusCode});
      res.resume();
    });
    ws.on('error', () => resolve({opened: false}));
  });
}

async function readAttempt(id: string, client: string) {
  const res = await fetch(`${server.url}${ENDPOINTS.attempts}/${id}`, {
    headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
  });
  return {status: res.status, body: (await res.json()) as AttemptRecord | {detail: string}};
}

describe('GET /attempts/{id}', () => {
  it('keeps a refused handshake: the request as received and the refusal as written', async () => {
    const id = newId();
    const result = await tryWebSocket(`/ws/nowhere?attempt=${id}`, {
      Origin: SITE_ORIGIN,
      'X-Forwarded-For': '203.0.113.1',
    });
    expect(result).toEqual({opened: false, status: 404});
    const {status, body} = await readAttempt(id, '203.0.113.1');
    expect(status).toBe(200);
    expect(fits(AttemptRecordSchema, body)).toBe(true);
    const record = body as AttemptRecord;
    expect(record.attempt).toBe(id);
    expect(record.exchanges).toHaveLength(1);
    const [exchange] = record.exchanges;
    expect(exchange?.transport).toBe('upgrade');
    expect(exchange?.request).toMatch(new RegExp(`^GET /ws/nowhere\\?attempt=${id} HTTP/1\\.1\\r\\n`));
    expect(exchange?.request).toContain('\r\nUpgrade: websocket');
    expect(exchange?.request).toContain('\r\nSec-WebSocket-Key: ');
    expect(exchange?.response).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    // The server's reason in words, as it wrote it in the problem details.
    expect(exchange?.body).toContain('/ws/nowhere');
    expect(exchange?.answeredAt).toBeGreaterThanOrEqual(exchange?.at ?? Infinity);
  });

  it('keeps a 403 for an origin the allow-list refuses, with the Origin the browser sent', async () => {
    const id = newId();
    const result = await tryWebSocket(`${ENDPOINTS.echo}?attempt=${id}`, {
      Origin: 'null',
      'X-Forwarded-For': '203.0.113.2',
    });
    expect(result.status).toBe(403);
    const {body} = await readAttempt(id, '203.0.113.2');
    const [exchange] = (body as AttemptRecord).exchanges;
    expect(exchange?.request).toContain('\r\nOrigin: null');
    expect(exchange?.response).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
  });

  it('keeps the 101 of an accepted handshake, and nothing of the frames after it', async () => {
    const id = newId();
    const result = await tryWebSocket(`${ENDPOINTS.echo}?attempt=${id}`, {
      Origin: SITE_ORIGIN,
      'X-Forwarded-For': '203.0.113.3',
    });
    expect(result.opened).toBe(true);
    const {body} = await readAttempt(id, '203.0.113.3');
    const [exchange] = (body as AttemptRecord).exchanges;
    expect(exchange?.response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(exchange?.response).toMatch(/\r\nSec-WebSocket-Accept: [A-Za-z0-9+/]{27}=/i);
    expect(exchange?.body).toBe('');
  });

  it('keeps plain requests with the head Node wrote, several under one attempt in order', async () => {
    const id = newId();
    const headers = {Origin: SITE_ORIGIN, 'X-Forwarded-For': '203.0.113.4', 'X-Custom-Case': 'kept'};
    await (await fetch(`${server.url}${ENDPOINTS.time}?attempt=${id}`, {headers})).text();
    await (await fetch(`${server.url}/no-such-path?attempt=${id}`, {headers})).text();
    const {body} = await readAttempt(id, '203.0.113.4');
    const record = body as AttemptRecord;
    expect(record.exchanges.map((exchange) => exchange.response?.slice(0, 12))).toEqual([
      'HTTP/1.1 200',
      'HTTP/1.1 404',
    ]);
    expect(record.exchanges[0]?.request).toContain('\r\nX-Custom-Case: kept');
    expect(record.exchanges[0]?.response).toContain(`\r\nAccess-Control-Allow-Origin: ${SITE_ORIGIN}`);
    expect(JSON.parse(record.exchanges[0]?.body ?? '')).toHaveProperty('receivedAt');
    expect(record.exchanges[1]?.body).toContain('/no-such-path');
    expect(record.exchanges.every((exchange) => exchange.endedAt !== null)).toBe(true);
  });

  it('gives a record once, and only to the address that made it', async () => {
    const id = newId();
    await tryWebSocket(`/ws/nowhere?attempt=${id}`, {Origin: SITE_ORIGIN, 'X-Forwarded-For': '203.0.113.5'});
    const stranger = await readAttempt(id, '203.0.113.6');
    expect(stranger.status).toBe(404);
    expect((await readAttempt(id, '203.0.113.5')).status).toBe(200);
    const again = await readAttempt(id, '203.0.113.5');
    expect(again.status).toBe(404);
    expect((again.body as {detail: string}).detail).toMatch(/given once/);
  });

  it('ignores an attempt id of the wrong form, and refuses to read one', async () => {
    await (await fetch(`${server.url}${ENDPOINTS.time}?attempt=a%20b`, {headers: {Origin: SITE_ORIGIN}})).text();
    const bad = await fetch(`${server.url}${ENDPOINTS.attempts}/a%20b`, {headers: {Origin: SITE_ORIGIN}});
    expect(bad.status).toBe(404);
    const post = await fetch(`${server.url}${ENDPOINTS.attempts}/${newId()}`, {
      method: 'POST',
      headers: {Origin: SITE_ORIGIN},
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, OPTIONS');
  });
});

describe('bounds', () => {
  it('keeps at most maxObservedAttemptsPerClient attempts for one address, dropping its oldest', async () => {
    const small = await startTestServer({maxObservedAttemptsPerClient: 2});
    try {
      const ids = [newId(), newId(), newId()];
      for (const id of ids) {
        await (await fetch(`${small.url}${ENDPOINTS.time}?attempt=${id}`, {headers: {Origin: SITE_ORIGIN}})).text();
      }
      const statuses = [];
      for (const id of ids) {
        statuses.push(
          (await fetch(`${small.url}${ENDPOINTS.attempts}/${id}`, {headers: {Origin: SITE_ORIGIN}})).status,
        );
      }
      expect(statuses).toEqual([404, 200, 200]);
    } finally {
      await small.shutdown();
    }
  });
});
