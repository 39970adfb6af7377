/**
 * The REST API through the shared cache layer at /via-cache (cacheable and
 * layered system): hit, miss, revalidation, Age, Via, Cache-Status, and
 * invalidation by an unsafe method.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {NoteRepresentation, SandboxRepresentation} from '../../demo-server/src/contract/rest.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.shutdown();
});

const url = (path: string) => `${server.url}${path}`;

async function sandboxViaCache(): Promise<SandboxRepresentation> {
  const response = await fetch(url('/via-cache/api/sandboxes'), {method: 'POST'});
  expect(response.status).toBe(201);
  expect(response.headers.get('cache-status')).toBe('otw-cache; fwd=method; fwd-status=201');
  return (await response.json()) as SandboxRepresentation;
}

describe('the cache layer', () => {
  it('links stay behind the cache, so a client following them cannot tell it is there', async () => {
    const sandbox = await sandboxViaCache();
    expect(sandbox._links.notes.href).toMatch(/^\/via-cache\/api\/sandboxes\/[\w-]+\/notes$/);
    const root = (await (await fetch(url('/via-cache/api'))).json()) as {_links: {sandboxes: {href: string}}};
    expect(root._links.sandboxes.href).toBe('/via-cache/api/sandboxes');
  });

  it('a miss is stored, the next request is a hit with Age; max-age=10 lets it be reused', async () => {
    const sandbox = await sandboxViaCache();
    const note = `${sandbox._links.notes.href}/1`;
    const first = await fetch(url(note));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-status')).toBe('otw-cache; fwd=uri-miss; fwd-status=200; stored');
    expect(first.headers.get('via')).toBe('1.1 otw-cache');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // A client's no-cache does not make this shared cache go to the origin.
    const second = await fetch(url(note), {headers: {'Cache-Control': 'no-cache', Pragma: 'no-cache'}});
    expect(second.headers.get('cache-status')).toMatch(/^otw-cache; hit; ttl=\d+$/);
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(1);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.text()).toBe(await first.text());
  });

  it('a no-cache collection is revalidated every time: the origin answers 304 and the cache serves its copy', async () => {
    const sandbox = await sandboxViaCache();
    const notes = sandbox._links.notes.href;
    const first = await fetch(url(notes));
    expect(first.headers.get('cache-status')).toContain('fwd=uri-miss');
    const second = await fetch(url(notes));
    expect(second.status).toBe(200);
    expect(second.headers.get('cache-status')).toBe('otw-cache; fwd=stale; fwd-status=304; stored');
    // The client's own conditional request is answered by the cache.
    const conditional = await fetch(url(notes), {headers: {'If-None-Match': first.headers.get('etag')!}});
    expect(conditional.status).toBe(304);
  });

  it('a successful change through the cache invalidates the stored copy', async () => {
    const sandbox = await sandboxViaCache();
    const note = `${sandbox._links.notes.href}/2`;
    await (await fetch(url(note))).text();
    expect((await fetch(url(note))).headers.get('cache-status')).toContain('hit');
    const patch = await fetch(url(note), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: JSON.stringify({title: 'Changed through the cache'}),
    });
    expect(patch.status).toBe(200);
    const after = await fetch(url(note));
    expect(after.headers.get('cache-status')).toContain('fwd=uri-miss');
    expect(((await after.json()) as NoteRepresentation).title).toBe('Changed through the cache');
  });

  it('a change that bypasses the cache is not seen until the stored copy goes stale (the price of max-age)', async () => {
    const sandbox = await sandboxViaCache();
    const viaCache = `${sandbox._links.notes.href}/3`;
    const direct = viaCache.replace(/^\/via-cache/, '');
    await (await fetch(url(viaCache))).text();
    const change = await fetch(url(direct), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: JSON.stringify({title: 'Changed at the origin'}),
    });
    expect(change.status).toBe(200);
    const stale = await fetch(url(viaCache));
    expect(stale.headers.get('cache-status')).toContain('hit');
    expect(((await stale.json()) as NoteRepresentation).title).toBe('Lost updates');
  });
});
