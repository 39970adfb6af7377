/**
 * `GET /hold` (the per-host connection limit, measured): held for `ms`,
 * naming the connection that carried each request; bounded and validated.
 */
import {Agent, get} from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import type {HoldResult} from '../../demo-server/src/contract/rest.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

function getJson(url: string, agent: Agent): Promise<{status: number; body: unknown; at: number}> {
  return new Promise((resolve, reject) => {
    get(url, {agent}, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({status: res.statusCode ?? 0, body: JSON.parse(text), at: Date.now()}));
    }).once('error', reject);
  });
}

describe('GET /hold', () => {
  it('with two connections, four held requests go two at a time, the later ones on the same connections', async () => {
    server = await startTestServer();
    const agent = new Agent({keepAlive: true, maxSockets: 2});
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3, 4].map(() => getJson(`${server!.url}/hold?ms=300`, agent)));
    agent.destroy();
    const results = answers.map((answer) => answer.body as HoldResult);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.connection)).size).toBe(2);
    expect(results.map((r) => r.requestOnConnection).sort()).toEqual([1, 1, 2, 2]);
    // The second pair could only start when the first pair's connections came free, and the first pair was held at
    // once: read off the server's own times, not the wall clock (a busy CI machine once took 586 ms for the pair).
    const first = results.filter((r) => r.requestOnConnection === 1);
    for (const later of results.filter((r) => r.requestOnConnection === 2)) {
      const before = first.find((r) => r.connection === later.connection);
      expect(later.receivedAt).toBeGreaterThanOrEqual(before!.answeredAt);
    }
    expect(Math.max(...first.map((r) => r.receivedAt))).toBeLessThan(Math.min(...first.map((r) => r.answeredAt)));
    expect(Math.max(...answers.map((answer) => answer.at)) - started).toBeGreaterThanOrEqual(599);
    for (const result of results) expect(result.answeredAt - result.receivedAt).toBeGreaterThanOrEqual(299);
  });

  it('refuses a bad or too long hold with 400, and too many held requests per client with 429', async () => {
    server = await startTestServer({maxHeldRequestsPerClient: 2});
    for (const ms of ['-1', 'abc', '5001', '']) {
      expect((await fetch(`${server.url}/hold?ms=${ms}`)).status).toBe(400);
    }
    const agent = new Agent({keepAlive: false, maxSockets: 10});
    const answers = await Promise.all([1, 2, 3].map(() => getJson(`${server!.url}/hold?ms=300`, agent)));
    agent.destroy();
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 429]);
  });

  it('answers held requests at once when the server shuts down', async () => {
    server = await startTestServer();
    const pending = fetch(`${server.url}/hold?ms=5000`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.shutdown();
    server = undefined;
    expect((await pending).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
