/**
 * `/ws/rest`'s server half (demo-server/src/ws/rest.ts) on its own: a fake
 * socket and registry around the real endpoint, the real resources and a real
 * store, to see what a connection holds after it closes, and what one change
 * costs the server however many connections watch it.
 */
import {EventEmitter} from 'node:events';
import {IncomingMessage} from 'node:http';
import {Socket} from 'node:net';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {WebSocket} from 'ws';
import {createCreationLimit} from '../../../../demo-server/src/api/creationLimit.ts';
import {createApi} from '../../../../demo-server/src/api/resources.ts';
import {createSandboxStore, type SandboxStore} from '../../../../demo-server/src/api/store.ts';
import type {SandboxRepresentation} from '../../../../demo-server/src/contract/rest.ts';
import {
  parseRestServerMessage,
  type RestRequestEnvelope,
  type RestServerMessage,
} from '../../../../demo-server/src/contract/restWebSocket.ts';
import {REST_WS_LIMITS} from '../../../../demo-server/src/limits.ts';
import {silentLogger} from '../../../../demo-server/src/log.ts';
import type {ConnectionRegistry} from '../../../../demo-server/src/ws/connections.ts';
import type {Endpoint} from '../../../../demo-server/src/ws/endpoint.ts';
import {restEndpoint} from '../../../../demo-server/src/ws/rest.ts';

/** A store that counts who listens for changes: a watch left behind by a closed connection shows here. */
function countingStore(): {store: SandboxStore; listening: () => number} {
  const store = createSandboxStore({
    maxSandboxes: 10,
    maxNotesPerSandbox: 50,
    maxSandboxBytes: 65_536,
    maxStoreBytes: 1 << 25,
    sandboxIdleMs: 60_000,
  });
  const onChange = store.onChange.bind(store);
  let listening = 0;
  store.onChange = (listener) => {
    listening += 1;
    const stop = onChange(listener);
    return () => {
      listening -= 1;
      stop();
    };
  };
  return {store, listening: () => listening};
}

/** Enough of a `ws` WebSocket for the endpoint: events in, readyState, and what was sent. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: RestServerMessage[] = [];

  request(envelope: RestRequestEnvelope): void {
    this.emit('message', Buffer.from(JSON.stringify(envelope)), false);
  }

  close(): void {
    this.readyState = 3;
    this.emit('close', 1000, Buffer.alloc(0));
  }
}

/** Counts the store lookups from now on: every representation the API builds makes one. */
function countLookups(store: SandboxStore): () => number {
  let lookups = 0;
  const get = store.get.bind(store);
  store.get = (id) => {
    lookups += 1;
    return get(id);
  };
  return () => lookups;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

const MAX_JSON_DEPTH = 32;

function endpointOn(store: SandboxStore): Endpoint {
  return restEndpoint({
    store,
    creationLimit: createCreationLimit({perMinute: 100}),
    maxBodyBytes: 16_384,
    maxJsonDepth: MAX_JSON_DEPTH,
  });
}

function open(endpoint: Endpoint): FakeSocket {
  const socket = new FakeSocket();
  const registry = {
    noteMessage: () => true,
    send: (ws: WebSocket, data: string | Buffer) => {
      const message = parseRestServerMessage(String(data));
      if (message !== null) (ws as unknown as FakeSocket).sent.push(message);
    },
  } as unknown as ConnectionRegistry;
  endpoint.accept(
    socket as unknown as WebSocket,
    {request: new IncomingMessage(new Socket()), responseLines: [], socket: new PassThrough(), client: '192.0.2.1'},
    {
      registry,
      logger: silentLogger,
      receive: (handler) => socket.on('message', (data: Buffer, isBinary: boolean) => handler(data, isBinary)),
    },
  );
  return socket;
}

describe('restEndpoint', () => {
  it('releases every watch when its connection closes: a later change reaches no one', async () => {
    const {store, listening} = countingStore();
    const endpoint = endpointOn(store);
    const notes = `/api/sandboxes/${store.create().id}/notes`;
    const sockets = [open(endpoint), open(endpoint), open(endpoint)];
    for (const socket of sockets) {
      for (const note of [1, 2, 3]) socket.request({id: note, method: 'WATCH', path: `${notes}/${note}`});
    }
    await turn();
    for (const socket of sockets) {
      const answers = socket.sent.filter((m) => 'status' in m);
      expect(answers.map((m) => ('status' in m ? m.status : 0))).toEqual([200, 200, 200]);
    }
    // One listener in the store for the endpoint, however many connections watch.
    expect(listening()).toBe(1);

    for (const socket of sockets) socket.close();

    // A change after the close reaches no one, though the notes were watched a moment ago.
    const api = createApi({store, maxJsonDepth: MAX_JSON_DEPTH});
    const before = sockets.map((socket) => socket.sent.length);
    const patched = api.handle({
      method: 'PATCH',
      path: `${notes}/1`,
      headers: {'content-type': 'application/merge-patch+json'},
      body: JSON.stringify({title: 'after the close'}),
    });
    expect(patched.status).toBe(200);
    await turn();
    expect(sockets.map((socket) => socket.sent.length)).toEqual(before);
  });

  it('pushes etag null to a connection still open that watches a note deleted over the same socket', async () => {
    const {store} = countingStore();
    const socket = open(endpointOn(store));
    socket.request({id: 's', method: 'POST', path: '/api/sandboxes'});
    await turn();
    const made = socket.sent.find((m) => 'status' in m && m.id === 's');
    const notes = made && 'body' in made ? (made.body as SandboxRepresentation)._links.notes.href : '';
    socket.request({id: 'w', method: 'WATCH', path: `${notes}/2`});
    await turn();
    socket.request({id: 'd', method: 'DELETE', path: `${notes}/2`});
    await turn();
    await turn();
    expect(socket.sent.filter((m) => 'type' in m && m.type === 'changed')).toEqual([
      {type: 'changed', path: `${notes}/2`, etag: null},
    ]);
    socket.close();
  });

  it('computes a watched resource once per change, however many connections watch it', async () => {
    const {store} = countingStore();
    const endpoint = endpointOn(store);
    const sandbox = store.create();
    const note = `/api/sandboxes/${sandbox.id}/notes/1`;
    const sockets = Array.from({length: 100}, () => open(endpoint));
    for (const socket of sockets) socket.request({id: 'w', method: 'WATCH', path: note});
    await turn();

    const lookups = countLookups(store);
    const api = createApi({store, maxJsonDepth: MAX_JSON_DEPTH});
    for (const title of ['one', 'two']) {
      const patched = api.handle({
        method: 'PATCH',
        path: note,
        headers: {'content-type': 'application/merge-patch+json'},
        body: JSON.stringify({title}),
      });
      expect(patched.status).toBe(200);
    }
    expect(lookups()).toBe(2);
    await turn();
    // Two changes in one turn, a hundred watchers: one new ETag computed, one push each.
    expect(lookups()).toBe(3);
    for (const socket of sockets) {
      expect(socket.sent.filter((m) => 'type' in m && m.type === 'changed')).toHaveLength(1);
    }
  });

  it('leaves no watch behind for a WATCH read just before its connection closed', async () => {
    const {store} = countingStore();
    const endpoint = endpointOn(store);
    const sandbox = store.create();
    const note = `/api/sandboxes/${sandbox.id}/notes/1`;
    const socket = open(endpoint);
    // Read, then closed before the request is dispatched on the next turn.
    socket.request({id: 'w', method: 'WATCH', path: note});
    socket.close();
    await turn();

    const lookups = countLookups(store);
    const api = createApi({store, maxJsonDepth: MAX_JSON_DEPTH});
    api.handle({
      method: 'PATCH',
      path: note,
      headers: {'content-type': 'application/merge-patch+json'},
      body: JSON.stringify({title: 'nobody watches'}),
    });
    await turn();
    // The PATCH's own lookup, and no representation built for a watcher that is gone.
    expect(lookups()).toBe(1);
  });

  it(`answers 429 past ${REST_WS_LIMITS.maxInFlight} requests read in one turn, then serves again`, async () => {
    const {store} = countingStore();
    const socket = open(endpointOn(store));
    const count = REST_WS_LIMITS.maxInFlight + 4;
    // The fake delivers every message at once, as ws would if it emitted a whole read's worth in one turn.
    for (let id = 0; id < count; id++) socket.request({id, method: 'GET', path: '/api'});
    await turn();
    const statuses = socket.sent.flatMap((m) => ('status' in m ? [m.status] : []));
    expect(statuses.filter((s) => s === 200)).toHaveLength(REST_WS_LIMITS.maxInFlight);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(socket.sent.find((m) => 'status' in m && m.status === 429)).toMatchObject({
      body: {detail: expect.stringMatching(/in flight/)},
    });
    socket.request({id: 'after', method: 'GET', path: '/api'});
    await turn();
    expect(socket.sent.at(-1)).toMatchObject({id: 'after', status: 200});
  });
});
