/**
 * Runs before every integration test file: records what the demo servers the
 * file starts send (each JSON response, each WebSocket message, each
 * Server-Sent Event) and, once the file is done, checks all of it against
 * /openapi.json and /asyncapi.json (see publishedSchemas.ts). A field added in
 * code but not in its schema fails the file that made the server send it.
 */
import {subscribe} from 'node:diagnostics_channel';
import type {IncomingMessage} from 'node:http';
import {ServerResponse} from 'node:http';
import {afterAll, expect} from 'vitest';
import {WebSocket, WebSocketServer} from 'ws';
import {PREPARED_SEND_CHANNEL} from '../../../demo-server/src/ws/connections.ts';
import {createConformance} from './publishedSchemas.ts';

/** What this file's servers sent; the patches below outlive a file (Node's modules are shared), so they write here. */
interface Sink {
  conformance: ReturnType<typeof createConformance>;
  problems: string[];
  checked: number;
}
const SINK = Symbol.for('over-the-wire.conformance.sink');
const sinkHolder = globalThis as unknown as {[SINK]?: Sink};
const sink: Sink = {conformance: createConformance(), problems: [], checked: 0};
sinkHolder[SINK] = sink;
function note(found: string[]): void {
  const current = sinkHolder[SINK];
  if (!current) return;
  current.checked += 1;
  current.problems.push(...found);
}

const PATCHED = Symbol.for('over-the-wire.conformance.patched');
const ADDRESS = Symbol('address');
const BODY = Symbol('body');
const FRAGMENTS = Symbol('fragments');

type Recorded = ServerResponse & {[BODY]?: Buffer[]; req: IncomingMessage};
type Tapped = WebSocket & {[ADDRESS]?: string; [FRAGMENTS]?: string[]};

function chunkOf(chunk: unknown, encoding?: unknown): Buffer | undefined {
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return undefined;
}

/** The events of a complete text/event-stream, by name, with their data. */
function sseEvents(text: string): Array<{event: string; data: string}> {
  const events: Array<{event: string; data: string}> = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) events.push({event, data: data.join('\n')});
  }
  return events;
}

function record(res: Recorded): void {
  const body = Buffer.concat(res[BODY] ?? []).toString('utf8');
  res[BODY] = undefined;
  const contentType = res.getHeader('content-type');
  const type = typeof contentType === 'string' ? contentType : undefined;
  const url = res.req.url ?? '/';
  if (type?.startsWith('text/event-stream')) {
    // Only whole blocks: a stream cut mid-event (the test closed it) ends with a partial one.
    const complete = body.slice(0, body.lastIndexOf('\n\n') + 2);
    for (const {event, data} of sseEvents(complete)) {
      note(sinkHolder[SINK]?.conformance.message(new URL(url, 'http://x.invalid').pathname, data, {event}) ?? []);
    }
    return;
  }
  if (res.req.method === 'HEAD' || body === '') return;
  note(sinkHolder[SINK]?.conformance.response(res.req.method ?? 'GET', url, res.statusCode, type, body) ?? []);
}

const proto = ServerResponse.prototype as unknown as Record<symbol, boolean> & {
  write: (...args: unknown[]) => boolean;
  end: (...args: unknown[]) => unknown;
};
if (!proto[PATCHED]) {
  proto[PATCHED] = true;
  const write = proto.write;
  const end = proto.end;
  proto.write = function (this: Recorded, ...args: unknown[]) {
    const chunk = chunkOf(args[0], args[1]);
    if (chunk) (this[BODY] ??= []).push(chunk);
    return write.apply(this, args);
  };
  proto.end = function (this: Recorded, ...args: unknown[]) {
    const chunk = typeof args[0] === 'function' ? undefined : chunkOf(args[0], args[1]);
    if (chunk) (this[BODY] ??= []).push(chunk);
    // A response built by hand (a test's own) may have no request.
    if ((this.req as IncomingMessage | undefined) !== undefined) record(this);
    return end.apply(this, args);
  };
}
const wssProto = WebSocketServer.prototype as unknown as Record<symbol, boolean>;
if (!wssProto[PATCHED]) {
  wssProto[PATCHED] = true;
  // A server-side socket learns its path when the upgrade completes; `ws` keeps no request on it.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the right `this`
  const handleUpgrade = WebSocketServer.prototype.handleUpgrade;
  WebSocketServer.prototype.handleUpgrade = function (req, socket, head, callback) {
    return handleUpgrade.call(this, req, socket, head, (ws: Tapped, request: IncomingMessage) => {
      ws[ADDRESS] = new URL(request.url ?? '/', 'http://x.invalid').pathname;
      callback(ws, request);
    });
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the right `this`
  const send = WebSocket.prototype.send as (this: Tapped, data: unknown, ...rest: unknown[]) => void;
  WebSocket.prototype.send = function (this: Tapped, data: unknown, ...rest: unknown[]) {
    const address = this[ADDRESS];
    if (address !== undefined) {
      const options =
        typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as {binary?: boolean; fin?: boolean}) : {};
      const binary = options.binary ?? typeof data !== 'string';
      const text = binary ? '' : typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
      // A message sent in several frames (`fin: false` until its last) is checked whole.
      const fragments = this[FRAGMENTS];
      if (options.fin === false || fragments !== undefined) {
        const parts = [...(fragments ?? []), text];
        this[FRAGMENTS] = options.fin === false ? parts : undefined;
        if (options.fin !== false) {
          note(sinkHolder[SINK]?.conformance.message(address, parts.join(''), {fragmented: true}) ?? []);
        }
      } else {
        note(sinkHolder[SINK]?.conformance.message(address, binary ? new Uint8Array() : text) ?? []);
      }
    }
    send.call(this, data, ...rest);
  } as typeof WebSocket.prototype.send;
}

// Messages the registry frames once and writes past ws.send (ws/connections.ts, sendPrepared).
const SUBSCRIBED = Symbol.for('over-the-wire.conformance.prepared-send');
const subscribed = globalThis as unknown as {[SUBSCRIBED]?: boolean};
if (!subscribed[SUBSCRIBED]) {
  subscribed[SUBSCRIBED] = true;
  subscribe(PREPARED_SEND_CHANNEL, (message) => {
    const {ws, payload} = message as {ws: Tapped; payload: Buffer};
    const address = ws[ADDRESS];
    if (address !== undefined) note(sinkHolder[SINK]?.conformance.message(address, payload.toString('utf8')) ?? []);
  });
}

afterAll(() => {
  const {problems, checked} = sink;
  expect(problems, `${problems.length} of ${checked} responses and messages do not fit the published schemas`).toEqual(
    [],
  );
});
