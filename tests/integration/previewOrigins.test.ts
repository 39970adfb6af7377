/**
 * Deploy previews: a real server whose ALLOWED_ORIGINS carries the pattern
 * `https://*.preview.example.org` answers a page of a preview over HTTP (CORS)
 * and WebSocket, and refuses look-alikes, as a browser would send them.
 */
import {request} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {WebSocket} from 'ws';
import {loadConfig} from '../../demo-server/src/config.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';

let server: DemoServer;
beforeAll(async () => {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ALLOWED_ORIGINS: 'https://over-the-wire.dev,https://*.preview.example.org',
  });
  server = await startServer(config, {logger: silentLogger});
});
afterAll(() => server.shutdown());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function get(path: string, origin: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {method, headers: {Origin: origin}}, (res) => {
      res.resume();
      res.once('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers}));
    });
    req.once('error', reject);
    req.end();
  });
}

/** Opens /ws/echo with this Origin: the echo of one message, or the status the handshake was refused with. */
function echoFrom(origin: string): Promise<{echoed: string} | {refused: number}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/echo`, {origin});
    ws.once('open', () => ws.send('hello from a preview'));
    ws.once('message', (data: Buffer) => {
      ws.close();
      resolve({echoed: data.toString()});
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({refused: res.statusCode ?? 0});
    });
    ws.once('error', reject);
  });
}

const PREVIEW = 'https://pr-42.preview.example.org';

describe('a preview origin matching the pattern', () => {
  it('gets CORS answers that echo its own origin, never the pattern, with Vary: Origin', async () => {
    const answer = await get('/time', PREVIEW);
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(PREVIEW);
    expect(answer.headers.vary).toBe('Origin');

    const preflight = await get('/api/sandboxes', PREVIEW, 'OPTIONS');
    expect(preflight.headers['access-control-allow-origin']).toBe(PREVIEW);
  });

  it('opens a WebSocket', async () => {
    expect(await echoFrom(PREVIEW)).toEqual({echoed: 'hello from a preview'});
  });
});

describe('look-alikes of the pattern', () => {
  it.each([
    'https://preview.example.org.evil.com',
    'https://a.b.preview.example.org',
    'http://pr-42.preview.example.org',
    'https://pr-42.preview.example.org:444',
    'https://evil.com/.preview.example.org',
  ])('%s gets 403 over HTTP, with no CORS grant, and 403 for a WebSocket', async (origin) => {
    const answer = await get('/time', origin);
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers.vary).toBe('Origin');
    expect(await echoFrom(origin)).toEqual({refused: 403});
  });
});
