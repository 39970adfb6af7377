/** The OpenAPI document names every endpoint the server answers, and the server answers what it names. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.shutdown();
});

interface Document {
  openapi: string;
  paths: Record<string, Record<string, {responses?: Record<string, unknown>}>>;
  components: {schemas: Record<string, unknown>};
}

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 describing every endpoint, each operation with its responses, every $ref resolvable', async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await response.text();
    const document = JSON.parse(text) as Document;
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.keys(document.paths);
    for (const path of Object.values(ENDPOINTS)) {
      expect(
        documented.some((p) => p === path || p.startsWith(`${path}/`)),
        path,
      ).toBe(true);
    }
    expect(Object.keys(document.paths)).toContain('/api/sandboxes/{sandbox}/notes/{note}');
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        expect(Object.keys(operation.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(document.components.schemas, name).toHaveProperty(name!);
    }
  });

  it('every documented path exists on the server (no 404 for a described path)', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as Document;
    const sandbox = (await (await fetch(`${server.url}/api/sandboxes`, {method: 'POST'})).json()) as {id: string};
    for (const [path, item] of Object.entries(document.paths)) {
      const concrete = path.replace('{sandbox}', sandbox.id).replace('{note}', '1');
      const method = Object.keys(item)
        .find((m) => m !== 'parameters')!
        .toUpperCase();
      if (
        method !== 'GET' ||
        concrete.startsWith('/ws/') ||
        concrete.includes('{') ||
        concrete === ENDPOINTS.eventsLongPoll
      ) {
        continue;
      }
      const controller = new AbortController();
      const response = await fetch(
        `${server.url}${concrete}${concrete === ENDPOINTS.eventsCosts ? '?session=openapi-test' : ''}`,
        // Not followed: a redirect is an answer, and /http/redirect/loop would be followed until fetch gives up.
        {signal: controller.signal, redirect: 'manual'},
      );
      expect(response.status, concrete).not.toBe(404);
      controller.abort();
    }
  });
});
