/**
 * The browser side of "Same API, two transports": one REST request over HTTP
 * or over `/ws/rest`, with what it cost on the wire.
 *
 * HTTP bytes come from the server, which counts each exchange on its socket
 * (request line, headers and body; status line, headers and body) and keeps
 * the count in the recorded request the response names. WebSocket bytes are
 * the frames themselves, exact without help: a message of n bytes travels in
 * one frame of 2, 4 or 10 header bytes (RFC 6455 §5.2), plus a 4-byte masking
 * key from the browser (§5.3); `/ws/rest` negotiates no compression.
 */
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {RecordedRequest} from '../../demo-server/src/contract/rest.ts';
import {readJson} from './readJson.ts';
import {
  parseRestServerMessage,
  type RestChangedPush,
  type RestHelloMessage,
  type RestRequestEnvelope,
  type RestResponseEnvelope,
} from '../../demo-server/src/contract/restWebSocket.ts';
import {httpUrl} from './demoServerUrls.ts';

/** Bytes of one unfragmented, uncompressed frame carrying `payloadBytes` (RFC 6455 §5.2). */
export function frameBytes(payloadBytes: number, masked: boolean): number {
  const header = payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
  return header + (masked ? 4 : 0) + payloadBytes;
}

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** One request as the demo shows it, whichever transport carried it. */
export interface Measured {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Bytes on the wire, page → server and back; null when the server's count was not available. */
  bytesUp: number | null;
  bytesDown: number | null;
  /** From sending to having the whole answer, in this page. */
  ms: number;
}

/** Sends one request over HTTP, then reads the server's byte count for the exchange. */
export async function httpRequest(
  serverUrl: string,
  method: string,
  path: string,
  options: {headers?: Record<string, string>; body?: unknown; signal?: AbortSignal} = {},
): Promise<Measured> {
  const headers: Record<string, string> = {Accept: 'application/json', ...options.headers};
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const started = performance.now();
  const response = await fetch(httpUrl(serverUrl, path), {
    method,
    headers,
    body,
    cache: 'no-store',
    signal: options.signal,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const type = response.headers.get('Content-Type') ?? '';
  const answerHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    answerHeaders[name] = value;
  });
  let wire: RecordedRequest['wire'];
  const record = response.headers.get('Recorded-Request');
  if (record !== null) {
    try {
      const recorded = await fetch(httpUrl(serverUrl, record), {cache: 'no-store', signal: options.signal});
      if (recorded.ok) wire = (await readJson(recorded, RecordedRequest))?.wire;
    } catch (error) {
      if (options.signal?.aborted) throw error;
    }
  }
  return {
    method,
    path,
    status: response.status,
    headers: answerHeaders,
    body: text === '' ? null : /json/.test(type) ? (JSON.parse(text) as unknown) : text,
    bytesUp: wire?.requestBytes ?? null,
    bytesDown: wire?.responseBytes ?? null,
    ms,
  };
}

interface Pending {
  method: string;
  path: string;
  started: number;
  bytesUp: number;
  resolve: (measured: Measured) => void;
  reject: (error: Error) => void;
}

/**
 * Requests over one `/ws/rest` connection: each gets a fresh id, and answers
 * are matched by id, in whatever order they come. Pushes and the hello go to
 * their own callbacks.
 */
export class RestSocketClient {
  readonly #pending = new Map<string, Pending>();
  #socket: WebSocket | null = null;
  #next = 1;
  readonly #onPush: (push: RestChangedPush) => void;
  readonly #onHello: (hello: RestHelloMessage) => void;

  constructor(callbacks: {onPush: (push: RestChangedPush) => void; onHello: (hello: RestHelloMessage) => void}) {
    this.#onPush = callbacks.onPush;
    this.#onHello = callbacks.onHello;
  }

  /** A new connection: requests left on the old one can no longer be answered. */
  attach(socket: WebSocket): void {
    this.#socket = socket;
    this.failAll('The connection was replaced before the answer came');
  }

  failAll(reason: string): void {
    for (const pending of this.#pending.values()) pending.reject(new Error(reason));
    this.#pending.clear();
  }

  /** Feeds one message from the server. */
  receive(text: string): void {
    const message = parseRestServerMessage(text);
    if (message === null) return;
    if ('type' in message) {
      if (message.type === 'changed') this.#onPush(message);
      else this.#onHello(message);
      return;
    }
    const key = String(message.id);
    const pending = this.#pending.get(key);
    if (pending === undefined) return;
    this.#pending.delete(key);
    pending.resolve(this.#measure(pending, message, utf8Length(text)));
  }

  #measure(pending: Pending, answer: RestResponseEnvelope, answerBytes: number): Measured {
    return {
      method: pending.method,
      path: pending.path,
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
      bytesUp: pending.bytesUp,
      bytesDown: frameBytes(answerBytes, false),
      ms: performance.now() - pending.started,
    };
  }

  request(envelope: Omit<RestRequestEnvelope, 'id'>): Promise<Measured> {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error(`Not connected to ${ENDPOINTS.restWebSocket}`));
    }
    const id = `r${this.#next++}`;
    const text = JSON.stringify({id, ...envelope});
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        method: envelope.method,
        path: envelope.path,
        started: performance.now(),
        bytesUp: frameBytes(utf8Length(text), true),
        resolve,
        reject,
      });
      socket.send(text);
    });
  }
}

/** One request, whichever transport carries it. */
export type SendRequest = (
  method: string,
  path: string,
  headers?: Record<string, string>,
  body?: unknown,
) => Promise<Measured>;

/** The demo's sequence, one label per request. */
export const REST_SEQUENCE_STEPS = ['List', 'Create', 'Read', 'Update', 'Delete'] as const;

/**
 * Runs the sequence — list, create, read, update with If-Match, delete — in a
 * notes collection over one transport; each answer goes to `onRow` as it
 * comes. Stops with an error when a step does not answer as the API should.
 */
export async function runRestSequence(
  send: SendRequest,
  notes: string,
  transportName: string,
  onRow: (row: Measured) => void = () => undefined,
): Promise<Measured[]> {
  const rows: Measured[] = [];
  const step = async (...args: Parameters<SendRequest>) => {
    const row = await send(...args);
    rows.push(row);
    onRow(row);
    return row;
  };
  await step('GET', notes);
  const created = await step(
    'POST',
    notes,
    {},
    {title: `Written over ${transportName}`, body: 'One of two', tags: ['demo']},
  );
  // Header names: lower case from fetch, as the server wrote them in an envelope.
  const location = created.headers.location ?? created.headers.Location;
  if (created.status !== 201 || location === undefined) throw new Error(`Creating a note answered ${created.status}`);
  const read = await step('GET', location);
  const etag = read.headers.etag ?? read.headers.ETag ?? '';
  await step('PUT', location, {'If-Match': etag}, {title: `Changed over ${transportName}`, body: 'Updated', tags: []});
  const deleted = await step('DELETE', location);
  if (deleted.status !== 204) throw new Error(`Deleting the note answered ${deleted.status}`);
  return rows;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export interface Totals {
  requests: number;
  bytesUp: number;
  bytesDown: number;
  ms: number;
}

export function totalsOf(rows: readonly Measured[]): Totals {
  return rows.reduce(
    (sum, row) => ({
      requests: sum.requests + 1,
      bytesUp: sum.bytesUp + (row.bytesUp ?? 0),
      bytesDown: sum.bytesDown + (row.bytesDown ?? 0),
      ms: sum.ms + row.ms,
    }),
    {requests: 0, bytesUp: 0, bytesDown: 0, ms: 0},
  );
}

/**
 * What the two columns say, from their own figures: how many times more
 * bytes HTTP moved, and after how many requests the WebSocket's handshake
 * has paid for itself at this rate.
 */
export function compareTotals(http: Totals, ws: Totals, handshakeBytes: number | null): string | null {
  if (http.requests === 0 || ws.requests === 0) return null;
  const httpBytes = http.bytesUp + http.bytesDown;
  const wsBytes = ws.bytesUp + ws.bytesDown;
  if (wsBytes === 0 || httpBytes === 0) return null;
  const ratio = httpBytes / wsBytes;
  let text =
    `The same ${http.requests} requests moved ${httpBytes} bytes over HTTP and ${wsBytes} over the WebSocket: ` +
    `${ratio >= 1 ? `${ratio.toFixed(1)} times as many over HTTP` : `${(1 / ratio).toFixed(1)} times as many over the WebSocket`}.`;
  if (handshakeBytes !== null) {
    const savedPerRequest = (httpBytes - wsBytes) / http.requests;
    text +=
      savedPerRequest > 0
        ? ` The WebSocket's opening handshake cost ${handshakeBytes} bytes once; at ${Math.round(savedPerRequest)} bytes saved per request it is repaid after ${plural(Math.ceil(handshakeBytes / savedPerRequest), 'request')}.`
        : ` The WebSocket's opening handshake cost ${handshakeBytes} bytes once, and nothing here repays it.`;
  }
  return text;
}
