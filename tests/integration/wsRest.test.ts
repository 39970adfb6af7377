/**
 * REST over WebSocket (`/ws/rest`, issue #7) against the real server: the
 * same resources and sandboxes as HTTP `/api`, answers matched by id,
 * malformed envelopes answered without closing, the bounds, WATCH pushes for
 * changes made over either transport; and the exact HTTP byte counts the
 * "Same API, two transports" demo reads from the recorded requests.
 */
import {connect} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {
  NoteRepresentation,
  ProblemDetails,
  RecordedRequest,
  SandboxRepresentation,
} from '../../demo-server/src/contract/rest.ts';
import {
  parseRestServerMessage,
  type RestChangedPush,
  type RestRequestEnvelope,
  type RestResponseEnvelope,
  type RestServerMessage,
} from '../../demo-server/src/contract/restWebSocket.ts';
import {REST_WS_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {OPCODES, encodeFrame, newKey, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer({sandboxesPerMinutePerClient: 40});
});
afterAll(async () => {
  await server.shutdown();
});

const url = (path: string) => `${server.url}${path}`;

/** A `ws` client that queues what the server sends: answers by id, pushes in order. */
class RestSocket {
  readonly ws: WebSocket;
  readonly messages: RestServerMessage[] = [];
  readonly #waiters: Array<() => void> = [];
  readonly closed: Promise<{code: number; reason: string}>;

  constructor() {
    this.ws = new WebSocket(url(ENDPOINTS.restWebSocket).replace(/^http/, 'ws'), {origin: SITE_ORIGIN});
    this.ws.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      const message = parseRestServerMessage(text);
      if (message === null) throw new Error(`Not a /ws/rest message: ${text}`);
      this.messages.push(message);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({code, reason: reason.toString()})),
    );
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Waits until a message matches, and returns it. */
  async waitFor<T extends RestServerMessage>(match: (message: RestServerMessage) => message is T): Promise<T> {
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  answer(id: string | number | null): Promise<RestResponseEnvelope> {
    return this.waitFor((m): m is RestResponseEnvelope => 'status' in m && m.id === id);
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  request(envelope: RestRequestEnvelope): Promise<RestResponseEnvelope> {
    this.ws.send(JSON.stringify(envelope));
    return this.answer(envelope.id);
  }

  close(): void {
    this.ws.close();
  }
}

async function openSocket(): Promise<RestSocket> {
  const socket = new RestSocket();
  await socket.opened();
  return socket;
}

/** The HTTP request a page would make, as an envelope would say it: status, headers, parsed body. */
async function overHttp(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(url(path), {
    method,
    headers: body === undefined ? headers : {'Content-Type': 'application/json', ...headers},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    location: response.headers.get('location'),
    body: text === '' ? null : /json/.test(type) ? (JSON.parse(text) as unknown) : text,
  };
}

/** Timestamps differ between two runs of the sequence; everything else must not. */
function withoutTimes(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => (/At$/.test(key) ? '<time>' : value))) as unknown;
}

describe('one implementation, two transports', () => {
  it('gives the same statuses and bodies over /ws/rest as over HTTP for list, create, read, update, delete', async () => {
    const socket = await openSocket();
    // One sandbox, made over the WebSocket, used by both transports: the same store behind both.
    const made = await socket.request({id: 'sandbox', method: 'POST', path: '/api/sandboxes'});
    expect(made.status).toBe(201);
    const sandbox = made.body as SandboxRepresentation;
    expect(made.headers.Location).toBe(sandbox._links.self.href);
    const notes = sandbox._links.notes.href;

    // Over HTTP the sandbox made over the WebSocket is there.
    const listedHttp = await overHttp('GET', notes);
    const listedWs = await socket.request({id: 1, method: 'GET', path: notes});
    expect(listedWs.status).toBe(listedHttp.status);
    expect(listedWs.body).toEqual(listedHttp.body);
    expect(listedWs.headers.ETag).toBe(listedHttp.etag);

    // Create one note each way: the same answers but for the id and the times.
    const note = {title: 'Both ways', body: 'Sent over each transport', tags: ['rest']};
    const createdHttp = await overHttp('POST', notes, {}, note);
    const createdWs = await socket.request({id: 2, method: 'POST', path: notes, body: note});
    expect(createdWs.status).toBe(createdHttp.status);
    expect(createdWs.status).toBe(201);
    const httpNote = createdHttp.body as NoteRepresentation;
    const wsNote = createdWs.body as NoteRepresentation;
    expect(wsNote.id).toBe(httpNote.id + 1);
    expect(createdWs.headers.Location).toBe(wsNote._links.self.href);

    // Read the WebSocket's note both ways: identical, ETag included.
    const readHttp = await overHttp('GET', wsNote._links.self.href);
    const readWs = await socket.request({id: 3, method: 'GET', path: wsNote._links.self.href});
    expect(readWs.status).toBe(200);
    expect(readWs.body).toEqual(readHttp.body);
    expect(readWs.headers.ETag).toBe(readHttp.etag);

    // Update with If-Match over each transport, each its own note.
    const change = {title: 'Changed', body: 'With If-Match', tags: []};
    const updatedHttp = await overHttp('PUT', httpNote._links.self.href, {'If-Match': createdHttp.etag ?? ''}, change);
    const updatedWs = await socket.request({
      id: 4,
      method: 'PUT',
      path: wsNote._links.self.href,
      headers: {'If-Match': readWs.headers.ETag ?? ''},
      body: change,
    });
    expect(updatedWs.status).toBe(updatedHttp.status);
    expect(updatedWs.status).toBe(200);
    expect(withoutTimes({...(updatedWs.body as object), id: 0, _links: null})).toEqual(
      withoutTimes({...(updatedHttp.body as object), id: 0, _links: null}),
    );
    // A stale If-Match: 412 on both.
    const staleHttp = await overHttp('PUT', httpNote._links.self.href, {'If-Match': createdHttp.etag ?? ''}, change);
    const staleWs = await socket.request({
      id: 5,
      method: 'PUT',
      path: wsNote._links.self.href,
      headers: {'if-match': readWs.headers.ETag ?? ''},
      body: change,
    });
    expect([staleWs.status, staleHttp.status]).toEqual([412, 412]);
    expect((staleWs.body as ProblemDetails).detail).toBe((staleHttp.body as ProblemDetails).detail);

    // Delete, then read again: 204, then 404, on both.
    const deletedHttp = await overHttp('DELETE', httpNote._links.self.href);
    const deletedWs = await socket.request({id: 6, method: 'DELETE', path: wsNote._links.self.href});
    expect([deletedWs.status, deletedWs.body]).toEqual([deletedHttp.status, deletedHttp.body]);
    expect(deletedWs.status).toBe(204);
    const goneHttp = await overHttp('GET', httpNote._links.self.href);
    const goneWs = await socket.request({id: 7, method: 'GET', path: wsNote._links.self.href});
    expect([goneWs.status, goneHttp.status]).toEqual([404, 404]);

    // Conditional requests and negotiation come across too.
    const listed = await socket.request({id: 8, method: 'GET', path: notes});
    const notModified = await socket.request({
      id: 9,
      method: 'GET',
      path: notes,
      headers: {'If-None-Match': listed.headers.ETag ?? ''},
    });
    expect([notModified.status, notModified.body]).toEqual([304, null]);
    const asText = await socket.request({id: 10, method: 'GET', path: notes, headers: {Accept: 'text/plain'}});
    expect(asText.headers['Content-Type']).toMatch(/^text\/plain/);
    expect(typeof asText.body).toBe('string');
    socket.close();
  });

  it('answers several requests in flight, each matched by its id', async () => {
    const socket = await openSocket();
    const made = await socket.request({id: 'make', method: 'POST', path: '/api/sandboxes'});
    const notes = (made.body as SandboxRepresentation)._links.notes.href;
    const ids = ['a', 'b', 3, 'd', 5];
    for (const [index, id] of ids.entries()) {
      socket.sendRaw(JSON.stringify({id, method: 'GET', path: `${notes}/${index + 1}`}));
    }
    const answers = await Promise.all(ids.map((id) => socket.answer(id)));
    // Notes 1-3 are the seeds; 4 and 5 do not exist: each answer belongs to its own request.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 404]);
    expect(answers.slice(0, 3).map((a) => (a.body as NoteRepresentation).id)).toEqual([1, 2, 3]);
    socket.close();
  });
});

describe('malformed envelopes', () => {
  const cases: Array<[string, string, string | number | null, RegExp]> = [
    ['not JSON', '{"id": 1, "method": ', null, /not JSON/],
    ['not an object', '[1, 2]', null, /JSON object/],
    ['no id', JSON.stringify({method: 'GET', path: '/api'}), null, /"id"/],
    ['an id that is an object', JSON.stringify({id: {}, method: 'GET', path: '/api'}), null, /"id"/],
    ['an unknown method', JSON.stringify({id: 'm', method: 'BREW', path: '/api'}), 'm', /"method"/],
    ['a lower-case method', JSON.stringify({id: 'l', method: 'get', path: '/api'}), 'l', /"method"/],
    ['a path outside /api', JSON.stringify({id: 'p', method: 'GET', path: '/health'}), 'p', /"path"/],
    ['a path like /apix', JSON.stringify({id: 'x', method: 'GET', path: '/apix'}), 'x', /"path"/],
    ['a path with a query', JSON.stringify({id: 'q', method: 'GET', path: '/api?x=1'}), 'q', /"path"/],
    [
      'headers that are not strings',
      JSON.stringify({id: 'h', method: 'GET', path: '/api', headers: {Accept: 1}}),
      'h',
      /Accept/,
    ],
    [
      'a header name with a space',
      JSON.stringify({id: 'n', method: 'GET', path: '/api', headers: {'A B': 'c'}}),
      'n',
      /header name/,
    ],
    [
      'a header value with CRLF',
      JSON.stringify({id: 'v', method: 'GET', path: '/api', headers: {A: 'b\r\nC: d'}}),
      'v',
      /one line/,
    ],
  ];

  it.each(cases)(
    'answers %s with 400 and problem details, and keeps the connection open',
    async (_name, text, id, detail) => {
      const socket = await openSocket();
      socket.sendRaw(text);
      const answer = await socket.answer(id);
      expect(answer.status).toBe(400);
      expect(answer.headers['Content-Type']).toMatch(/^application\/problem\+json/);
      expect((answer.body as ProblemDetails).detail).toMatch(detail);
      // Still open: the next request is answered.
      const root = await socket.request({id: 'after', method: 'GET', path: '/api'});
      expect(root.status).toBe(200);
      socket.close();
    },
  );

  it('answers a binary message with 400 and keeps the connection open', async () => {
    const socket = await openSocket();
    socket.ws.send(Buffer.from('{"id":1}'), {binary: true});
    const answer = await socket.answer(null);
    expect((answer.body as ProblemDetails).detail).toMatch(/text messages/);
    expect((await socket.request({id: 'after', method: 'GET', path: '/api'})).status).toBe(200);
    socket.close();
  });

  it('answers a body too large with 413, and closes with 1009 on a message past the bound', async () => {
    const socket = await openSocket();
    const made = await socket.request({id: 's', method: 'POST', path: '/api/sandboxes'});
    const notes = (made.body as SandboxRepresentation)._links.notes.href;
    const big = await socket.request({
      id: 'big',
      method: 'POST',
      path: notes,
      body: {title: 't', body: 'x'.repeat(17_000)},
    });
    expect(big.status).toBe(413);
    socket.sendRaw(
      JSON.stringify({id: 'huge', method: 'GET', path: '/api', body: 'x'.repeat(REST_WS_LIMITS.maxMessageBytes)}),
    );
    expect((await socket.closed).code).toBe(1009);
  });
});

describe('bounds', () => {
  it('reads requests sent in one write one a turn, so each is answered before the next is read: none waits, none is refused', async () => {
    // All requests in one TCP write. ws delivers one message per turn of the event loop
    // (allowSynchronousEvents: false), so the server never holds more than one of them unanswered.
    const {connection} = await rawHandshake(server.port, {
      path: ENDPOINTS.restWebSocket,
      headers: standardHeaders(server.port, newKey(), [['Origin', SITE_ORIGIN]]),
    });
    expect(connection).not.toBeNull();
    const count = REST_WS_LIMITS.maxInFlight + 4;
    const frames = Array.from({length: count}, (_, id) =>
      Buffer.from(JSON.stringify({id, method: 'GET', path: '/api'})),
    );
    connection!.write(Buffer.concat(frames.map((payload) => encodeFrame(OPCODES.text, payload))));
    const answers: RestResponseEnvelope[] = [];
    while (answers.length < count) {
      const frame = await connection!.nextDataFrame();
      if (frame === null) throw new Error('closed');
      const message = parseRestServerMessage(frame.payload.toString('utf8'));
      if (message && 'status' in message) answers.push(message);
    }
    expect(answers.map((a) => [a.id, a.status])).toEqual(Array.from({length: count}, (_, id) => [id, 200]));
    connection!.destroy();
  });

  it('shares the sandbox creation budget with HTTP', async () => {
    const limited = await startTestServer({sandboxesPerMinutePerClient: 2});
    try {
      expect((await fetch(`${limited.url}/api/sandboxes`, {method: 'POST'})).status).toBe(201);
      const ws = new WebSocket(`${limited.url.replace(/^http/, 'ws')}${ENDPOINTS.restWebSocket}`, {
        origin: SITE_ORIGIN,
      });
      const replies: RestResponseEnvelope[] = [];
      ws.on('message', (data) => {
        const message = parseRestServerMessage((data as Buffer).toString('utf8'));
        if (message && 'status' in message) replies.push(message);
      });
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({id: 1, method: 'POST', path: '/api/sandboxes'}));
      ws.send(JSON.stringify({id: 2, method: 'POST', path: '/api/sandboxes'}));
      await expect.poll(() => replies.length).toBe(2);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 429]);
      expect((await fetch(`${limited.url}/api/sandboxes`, {method: 'POST'})).status).toBe(429);
      ws.close();
    } finally {
      await limited.shutdown();
    }
  });

  it(`allows at most ${REST_WS_LIMITS.maxWatches} watches per connection`, async () => {
    const socket = await openSocket();
    const made = await socket.request({id: 's', method: 'POST', path: '/api/sandboxes'});
    const notes = (made.body as SandboxRepresentation)._links.notes.href;
    // Three seeded notes, and enough more for one past the bound.
    for (let i = 4; i <= REST_WS_LIMITS.maxWatches + 1; i++) {
      expect(
        (await socket.request({id: `n${i}`, method: 'POST', path: notes, body: {title: `n${i}`, body: ''}})).status,
      ).toBe(201);
    }
    for (let i = 1; i <= REST_WS_LIMITS.maxWatches; i++) {
      expect((await socket.request({id: `w${i}`, method: 'WATCH', path: `${notes}/${i}`})).status).toBe(200);
    }
    // Watching one again takes no new place; one more does not fit.
    expect((await socket.request({id: 'again', method: 'WATCH', path: `${notes}/1`})).status).toBe(200);
    const past = await socket.request({id: 'past', method: 'WATCH', path: `${notes}/${REST_WS_LIMITS.maxWatches + 1}`});
    expect(past.status).toBe(429);
    // Unwatching frees a place.
    expect((await socket.request({id: 'u', method: 'UNWATCH', path: `${notes}/1`})).status).toBe(200);
    expect(
      (await socket.request({id: 'fits', method: 'WATCH', path: `${notes}/${REST_WS_LIMITS.maxWatches + 1}`})).status,
    ).toBe(200);
    socket.close();
  });
});

describe('WATCH', () => {
  it('pushes a change made over HTTP, one made over the WebSocket, and a deletion with etag null', async () => {
    const watcher = await openSocket();
    const made = await watcher.request({id: 's', method: 'POST', path: '/api/sandboxes'});
    const notes = (made.body as SandboxRepresentation)._links.notes.href;
    const path = `${notes}/1`;
    const watched = await watcher.request({id: 'w', method: 'WATCH', path});
    expect(watched.status).toBe(200);
    const first = watched.headers.ETag;
    expect(first).toMatch(/^"/);

    const isPush = (m: RestServerMessage): m is RestChangedPush => 'type' in m && m.type === 'changed';
    // Changed over HTTP, by someone else: the watcher hears of it with the new ETag.
    const patched = await fetch(url(path), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: JSON.stringify({title: 'Changed over HTTP'}),
    });
    expect(patched.status).toBe(200);
    const overHttpPush = await watcher.waitFor(isPush);
    expect(overHttpPush).toEqual({type: 'changed', path, etag: patched.headers.get('etag')});

    // Changed over another WebSocket.
    const other = await openSocket();
    const put = await other.request({id: 1, method: 'PUT', path, body: {title: 'Changed over WS', body: '', tags: []}});
    expect(put.status).toBe(200);
    await expect.poll(() => watcher.messages.filter(isPush).length).toBe(2);
    expect(watcher.messages.filter(isPush)[1]).toEqual({type: 'changed', path, etag: put.headers.ETag});

    // A change to another note of the sandbox is not a change to this one.
    await other.request({
      id: 2,
      method: 'PATCH',
      path: `${notes}/2`,
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: {title: 'other'},
    });
    // Deleted: etag null.
    await other.request({id: 3, method: 'DELETE', path});
    await expect.poll(() => watcher.messages.filter(isPush).length).toBe(3);
    expect(watcher.messages.filter(isPush)[2]).toEqual({type: 'changed', path, etag: null});
    other.close();
    watcher.close();
  });

  it('pushes a change made through the shared cache at /via-cache/api, with the ETag /api gives', async () => {
    const watcher = await openSocket();
    const made = await watcher.request({id: 's', method: 'POST', path: '/api/sandboxes'});
    const path = `${(made.body as SandboxRepresentation)._links.notes.href}/1`;
    expect((await watcher.request({id: 'w', method: 'WATCH', path})).status).toBe(200);

    const patched = await fetch(url(`${ENDPOINTS.viaCache}${path}`), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: JSON.stringify({title: 'Changed behind the cache'}),
    });
    expect(patched.status).toBe(200);
    const push = await watcher.waitFor((m): m is RestChangedPush => 'type' in m && m.type === 'changed');
    // The representation behind the cache links under /via-cache, so its ETag differs: the push names /api's.
    const direct = await fetch(url(path), {headers: {Accept: 'application/json'}});
    expect(push).toEqual({type: 'changed', path, etag: direct.headers.get('etag')});
    expect(push.etag).not.toBe(patched.headers.get('etag'));
    watcher.close();
  });

  it('stops pushing after UNWATCH, and refuses to watch what does not exist', async () => {
    const socket = await openSocket();
    const made = await socket.request({id: 's', method: 'POST', path: '/api/sandboxes'});
    const notes = (made.body as SandboxRepresentation)._links.notes.href;
    expect((await socket.request({id: 'missing', method: 'WATCH', path: `${notes}/99`})).status).toBe(404);
    expect((await socket.request({id: 'w', method: 'WATCH', path: `${notes}/1`})).status).toBe(200);
    expect((await socket.request({id: 'u', method: 'UNWATCH', path: `${notes}/1`})).status).toBe(200);
    expect((await socket.request({id: 'u2', method: 'UNWATCH', path: `${notes}/1`})).status).toBe(404);
    await fetch(url(`${notes}/1`), {method: 'DELETE'});
    // A request after the change is answered after any push the change caused would have been sent.
    await socket.request({id: 'after', method: 'GET', path: notes});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.messages.some((m) => 'type' in m && m.type === 'changed')).toBe(false);
    socket.close();
  });
});

describe('bytes on the wire', () => {
  it('says what the opening handshake cost, counted on the socket', async () => {
    const socket = await openSocket();
    const hello = await socket.waitFor(
      (m): m is Extract<RestServerMessage, {type: 'hello'}> => 'type' in m && m.type === 'hello',
    );
    // ws's client sends a request head of some 200 bytes; the 101 with its accept is 129.
    expect(hello.handshake.requestBytes).toBeGreaterThan(150);
    expect(hello.handshake.responseBytes).toBe(129);
    socket.close();
  });

  it('counts only the handshake when a keep-alive connection that carried a request is upgraded', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => /\r\n\r\n\{.*\}$/s.test(received.toString()));
    received = Buffer.alloc(0);
    const upgrade = Buffer.from(
      [
        `GET ${ENDPOINTS.restWebSocket} HTTP/1.1`,
        'Host: x',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${newKey()}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(upgrade);
    await until(() => received.includes('"hello"'));
    const end = received.indexOf('\r\n\r\n') + 4;
    const hello = JSON.parse(received.subarray(end + 2).toString('utf8')) as {handshake: object};
    expect(hello.handshake).toEqual({requestBytes: upgrade.length, responseBytes: end});
    socket.destroy();
  });

  it('records the exact bytes of each HTTP exchange, on a keep-alive connection too', async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    const body = JSON.stringify({title: 'counted', body: 'to the byte'});

    /** Sends one request, waits for its whole response, and returns both exactly as they crossed the socket. */
    const exchange = async (head: string, requestBody = '') => {
      received = Buffer.alloc(0);
      const request = Buffer.from(`${head}\r\n\r\n${requestBody}`);
      socket.write(request);
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        if (end !== -1) {
          const length = Number(/content-length: (\d+)/i.exec(received.subarray(0, end).toString())?.[1] ?? 0);
          if (received.length >= end + 4 + length) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const record = /recorded-request: (\S+)/i.exec(received.toString())?.[1] ?? '';
      return {requestBytes: request.length, responseBytes: received.length, record};
    };

    const created = await exchange(`POST /api/sandboxes HTTP/1.1\r\nHost: x\r\nContent-Length: 0`);
    const location = /location: (\S+)/i.exec(received.toString())?.[1] ?? '';
    const posted = await exchange(
      `POST ${location}/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`,
      body,
    );
    for (const seen of [created, posted]) {
      const record = (await (await fetch(url(seen.record))).json()) as RecordedRequest;
      expect(record.wire).toEqual({requestBytes: seen.requestBytes, responseBytes: seen.responseBytes});
    }
    socket.destroy();
  });
});
