/** Plain HTTP on the demo server: /health, CORS from the allow-list, errors. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import type {HealthReport} from '../../demo-server/src/contract/health.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {VERSION} from '../../demo-server/src/version.ts';
import {countsByEndpoint, SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

async function health(): Promise<HealthReport> {
  const response = await fetch(`${server.url}/health`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as HealthReport;
}

describe('GET /health', () => {
  it('reports status, version, uptime and open connections, which follow sockets opening and closing', async () => {
    const before = await health();
    expect(before).toMatchObject({status: 'ok', version: VERSION});
    expect(before.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(before.connections).toEqual({
      total: 0,
      byEndpoint: countsByEndpoint(),
    });

    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/inspect`);
    await new Promise((resolve) => socket.once('open', resolve));
    await expect
      .poll(async () => (await health()).connections)
      .toEqual({
        total: 1,
        byEndpoint: countsByEndpoint({'/ws/inspect': 1}),
      });

    socket.close();
    await expect.poll(async () => (await health()).connections.total).toBe(0);
  });
});

describe('CORS and Origin on HTTP', () => {
  it('allows an origin on the list', async () => {
    const response = await fetch(`${server.url}/health`, {headers: {Origin: SITE_ORIGIN}});
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('vary')).toMatch(/Origin/i);
  });

  it('refuses a foreign origin with a 403 problem and no CORS grant', async () => {
    const response = await fetch(`${server.url}/health`, {headers: {Origin: 'https://evil.example'}});
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({status: 403});
  });

  it('answers a preflight from an allowed origin', async () => {
    const response = await fetch(`${server.url}/health`, {
      method: 'OPTIONS',
      headers: {Origin: SITE_ORIGIN, 'Access-Control-Request-Method': 'GET'},
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/GET/);
  });
});

describe('HTTP errors', () => {
  it('404 problem for an unknown path, 405 with Allow for a wrong method', async () => {
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await missing.body?.cancel();

    const post = await fetch(`${server.url}/health`, {method: 'POST', body: 'x'});
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toMatch(/GET/);
    await post.body?.cancel();
  });
});
