import {describe, expect, it} from 'vitest';
import {createApi} from '../../../../demo-server/src/api/resources.ts';
import {createSandboxStore} from '../../../../demo-server/src/api/store.ts';

describe('sandbox store', () => {
  it('seeds each sandbox, forgets one idle too long, and drops the least recently used when full', () => {
    let clock = 0;
    const store = createSandboxStore(
      {maxSandboxes: 2, maxNotesPerSandbox: 10, maxSandboxBytes: 65_536, maxStoreBytes: 1 << 25, sandboxIdleMs: 1000},
      () => clock,
    );
    const a = store.create();
    expect(a.notes.size).toBe(3);
    const b = store.create();
    clock = 500;
    store.get(a.id);
    const c = store.create();
    // b was least recently used.
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBeDefined();
    clock = 2000;
    expect(store.get(c.id)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps all note text within maxStoreBytes: the least recently used sandboxes go first, never the one changed', () => {
    // Each new sandbox holds the three seeded notes.
    const seedBytes = createSandboxStore({
      maxSandboxes: 1,
      maxNotesPerSandbox: 10,
      maxSandboxBytes: 65_536,
      maxStoreBytes: 65_536,
      sandboxIdleMs: 60_000,
    }).create().bytes;
    const store = createSandboxStore({
      maxSandboxes: 100,
      maxNotesPerSandbox: 10,
      maxSandboxBytes: 65_536,
      maxStoreBytes: 4 * seedBytes + 200,
      sandboxIdleMs: 60_000,
    });
    const api = createApi({store, maxJsonDepth: 32});
    const seeded = store.create();
    const [a, b, c] = [store.create(), store.create(), store.create()];
    expect(store.bytes).toBe(4 * seedBytes);
    // 1,500 bytes more in c: 1,300 over, so the three least recently used sandboxes go, and c stays.
    const posted = api.handle({
      method: 'POST',
      path: `/api/sandboxes/${c.id}/notes`,
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({title: 't', body: 'x'.repeat(1_499)}),
    });
    expect(posted.status).toBe(201);
    // Weighed as JSON strings: the title "t" is 3 bytes, the body 1,501.
    expect(c.bytes).toBe(seedBytes + 1_504);
    expect(store.bytes).toBeLessThanOrEqual(4_000);
    expect([seeded, a, b].map((s) => store.get(s.id))).toEqual([undefined, undefined, undefined]);
    expect(store.get(c.id)).toBe(c);
    expect(store.bytes).toBe(c.bytes);
    // Deleting gives the bytes back.
    store.delete(c.id);
    expect(store.bytes).toBe(0);
  });

  it('refuses a note that would take its sandbox past maxSandboxBytes with 409, on POST, PUT and PATCH alike', () => {
    const store = createSandboxStore({
      maxSandboxes: 10,
      maxNotesPerSandbox: 50,
      maxSandboxBytes: 2_000,
      maxStoreBytes: 1 << 20,
      sandboxIdleMs: 60_000,
    });
    const api = createApi({store, maxJsonDepth: 32});
    const sandbox = store.create();
    const notes = `/api/sandboxes/${sandbox.id}/notes`;
    const send = (method: string, path: string, body: unknown, type = 'application/json') =>
      api.handle({method, path, headers: {'content-type': type}, body: JSON.stringify(body)});
    // A note weighs its strings as JSON text in UTF-8: "é" is 4 bytes ("é" in quotes), "" is 2, "\u0001" is 8.
    const room = 2_000 - sandbox.bytes;
    expect(send('POST', notes, {title: 'é', body: 'x'.repeat(room - 6)}).status).toBe(201);
    const full = send('POST', notes, {title: 'y', body: ''});
    expect(full.status).toBe(409);
    expect(JSON.parse(full.body)).toMatchObject({
      detail: `This sandbox holds at most 2000 bytes of notes (titles, bodies and tags as JSON strings); with this change it would hold 2005. Shorten or delete a note first`,
    });
    // Replacing a note counts what it replaces: the same weight fits, one byte more does not.
    expect(send('PUT', `${notes}/4`, {title: 'é', body: `\u0001${'z'.repeat(room - 12)}`}).status).toBe(200);
    expect(send('PUT', `${notes}/4`, {title: 'é', body: `\u0001${'z'.repeat(room - 11)}`}).status).toBe(409);
    expect(send('PATCH', `${notes}/1`, {body: 'x'.repeat(200)}, 'application/merge-patch+json').status).toBe(409);
    expect(send('PATCH', `${notes}/4`, {body: 'short'}, 'application/merge-patch+json').status).toBe(200);
    expect(send('POST', notes, {title: 'y', body: ''}).status).toBe(201);
  });
});
