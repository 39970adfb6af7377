/**
 * `/ws/rest`: the REST API over a WebSocket. Each text message is a request
 * envelope (id, method, path, headers, body); it is handed to the very same
 * resources as HTTP `/api` (api/resources.ts), in the same sandboxes, and the
 * answer comes back as an envelope with the same id, the status, headers and
 * body the resource gave. One implementation of the resources, two transports.
 *
 * What HTTP cannot do: WATCH a resource, and the server pushes a `changed`
 * message whenever it changes, through either transport.
 *
 * Every message is hostile until checked: a malformed envelope gets a 400
 * answer (with problem details) and the connection stays open; messages are
 * bounded in size (1009), in rate (the registry's 1008), in requests
 * read but not yet answered (429) and in watches (429).
 */
import type {Duplex} from 'node:stream';
import type {WebSocket} from 'ws';
import type {CreationLimit} from '../api/creationLimit.ts';
import {createApi, problemResponse, type ApiResponse} from '../api/resources.ts';
import type {SandboxStore} from '../api/store.ts';
import {
  ENDPOINTS,
  REST_WS_LIMITS,
  REST_WS_METHODS,
  type RestHelloMessage,
  type RestChangedPush,
  type RestRequestEnvelope,
  type RestResponseEnvelope,
  type RestWsMethod,
} from '../contract.ts';
import type {Endpoint} from './endpoint.ts';

export interface RestEndpointOptions {
  store: SandboxStore;
  creationLimit: CreationLimit;
  /** The HTTP API's body bound, applied to the JSON text of an envelope's body. */
  maxBodyBytes: number;
  /** The socket's byte counters before the handshake (a client may upgrade a keep-alive connection that carried requests). */
  bytesBefore?: (socket: Duplex) => {read: number; written: number};
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const MAX_HEADER_VALUE = 4096;
const MAX_PATH = 2048;

type Checked = {ok: true; request: RestRequestEnvelope} | {ok: false; id: string | number | null; detail: string};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks one request message; says exactly what is wrong when it is not a request. */
export function checkEnvelope(text: string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {ok: false, id: null, detail: 'The message is not JSON: send one request envelope as a JSON text message'};
  }
  if (!isRecord(value)) return {ok: false, id: null, detail: 'The message must be a JSON object (a request envelope)'};
  const {id, method, path, headers, body} = value;
  const validId =
    (typeof id === 'string' && id.length > 0 && id.length <= REST_WS_LIMITS.maxIdLength) ||
    (typeof id === 'number' && Number.isFinite(id) && String(id).length <= REST_WS_LIMITS.maxIdLength);
  if (!validId) {
    return {
      ok: false,
      id: null,
      detail: `"id" must be a non-empty string or a number of at most ${REST_WS_LIMITS.maxIdLength} characters; the answer repeats it`,
    };
  }
  const fail = (detail: string): Checked => ({ok: false, id, detail});
  if (typeof method !== 'string' || !(REST_WS_METHODS as readonly string[]).includes(method)) {
    return fail(`"method" must be one of ${REST_WS_METHODS.join(', ')}`);
  }
  if (
    typeof path !== 'string' ||
    path.length > MAX_PATH ||
    !(path === ENDPOINTS.api || path.startsWith(`${ENDPOINTS.api}/`)) ||
    !/^[\x21-\x7e]+$/.test(path) ||
    path.includes('?') ||
    path.includes('#')
  ) {
    return fail(`"path" must be a path under ${ENDPOINTS.api} (no query, no fragment, at most ${MAX_PATH} characters)`);
  }
  let checkedHeaders: Record<string, string> | undefined;
  if (headers !== undefined) {
    if (!isRecord(headers)) return fail('"headers" must be an object of header names to string values');
    const entries = Object.entries(headers);
    if (entries.length > REST_WS_LIMITS.maxHeaders) return fail(`At most ${REST_WS_LIMITS.maxHeaders} headers`);
    checkedHeaders = {};
    for (const [name, headerValue] of entries) {
      if (!HEADER_NAME.test(name)) return fail(`"${name.slice(0, 64)}" is not a header name`);
      if (typeof headerValue !== 'string' || headerValue.length > MAX_HEADER_VALUE || /[\r\n\0]/.test(headerValue)) {
        return fail(`The value of "${name}" must be a string of at most ${MAX_HEADER_VALUE} characters on one line`);
      }
      checkedHeaders[name] = headerValue;
    }
  }
  return {
    ok: true,
    request: {
      id,
      method: method as RestWsMethod,
      path,
      ...(checkedHeaders ? {headers: checkedHeaders} : {}),
      ...(body !== undefined ? {body} : {}),
    },
  };
}

/** An HTTP-shaped answer as an envelope: JSON bodies parsed, others as text, empty ones null. */
export function toEnvelope(id: string | number | null, response: ApiResponse): RestResponseEnvelope {
  // Content-Length counts the bytes of an HTTP body; an envelope's body is a JSON value, so it does not apply.
  const {'Content-Length': _length, ...headers} = response.headers;
  let body: unknown = null;
  if (response.body !== '') {
    const type = (headers['Content-Type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    body = type === 'application/json' || type.endsWith('+json') ? JSON.parse(response.body) : response.body;
  }
  return {id, status: response.status, headers, body};
}

export function restEndpoint(options: RestEndpointOptions): Endpoint {
  const api = createApi({store: options.store});

  /** The resource's current strong ETag, as a JSON GET would give it; null when it is gone. */
  const etagOf = (path: string): string | null => {
    const answer = api.handle({method: 'GET', path, headers: {accept: 'application/json'}});
    return answer.status === 200 ? (answer.headers.ETag ?? null) : null;
  };

  return {
    path: ENDPOINTS.restWebSocket,
    maxPayload: REST_WS_LIMITS.maxMessageBytes,
    accept(ws: WebSocket, handshake, {registry}) {
      const watches = new Map<string, string | null>();
      let inFlight = 0;

      // What the opening handshake cost, counted on the socket: the request as read, the 101 as written.
      const counted = handshake.socket as Duplex & {bytesRead?: number; bytesWritten?: number};
      const before = options.bytesBefore?.(handshake.socket) ?? {read: 0, written: 0};
      const hello: RestHelloMessage = {
        type: 'hello',
        handshake: {
          requestBytes: (counted.bytesRead ?? 0) - before.read,
          responseBytes: (counted.bytesWritten ?? 0) - before.written,
        },
      };
      registry.send(ws, JSON.stringify(hello), false);

      const answer = (envelope: RestResponseEnvelope) => {
        if (ws.readyState === ws.OPEN) registry.send(ws, JSON.stringify(envelope), false);
      };
      const refuse = (id: string | number | null, status: number, detail: string, headers?: Record<string, string>) =>
        answer(toEnvelope(id, problemResponse(status, detail, headers)));

      // Changes come from either transport; look at this connection's watches in that sandbox after the change is done.
      const stopListening = options.store.onChange((sandboxId) => {
        const prefix = `${ENDPOINTS.api}/sandboxes/${sandboxId}`;
        if (![...watches.keys()].some((path) => path === prefix || path.startsWith(`${prefix}/`))) return;
        setImmediate(() => {
          for (const [path, previous] of watches) {
            if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
            const etag = etagOf(path);
            if (etag === previous) continue;
            if (etag === null) watches.delete(path);
            else watches.set(path, etag);
            const push: RestChangedPush = {type: 'changed', path, etag};
            if (ws.readyState === ws.OPEN) registry.send(ws, JSON.stringify(push), false);
          }
        });
      });
      ws.once('close', () => {
        stopListening();
        watches.clear();
      });

      const dispatch = (request: RestRequestEnvelope): RestResponseEnvelope => {
        const path = request.path.replace(/\/+$/, '') || ENDPOINTS.api;
        if (request.method === 'WATCH') {
          if (!watches.has(path) && watches.size >= REST_WS_LIMITS.maxWatches) {
            return toEnvelope(
              request.id,
              problemResponse(429, `At most ${REST_WS_LIMITS.maxWatches} watches per connection; UNWATCH one first`),
            );
          }
          const current = api.handle({method: 'GET', path, headers: {accept: 'application/json'}});
          if (current.status !== 200) return toEnvelope(request.id, current);
          const etag = current.headers.ETag ?? null;
          watches.set(path, etag);
          return {
            id: request.id,
            status: 200,
            headers: etag === null ? {} : {ETag: etag},
            body: {watching: path, etag},
          };
        }
        if (request.method === 'UNWATCH') {
          return watches.delete(path)
            ? {id: request.id, status: 200, headers: {}, body: {watching: null, unwatched: path}}
            : toEnvelope(request.id, problemResponse(404, `This connection does not watch ${path}`));
        }
        if (options.creationLimit.creates(request.method, request.path)) {
          const refusal = options.creationLimit.take(handshake.client);
          if (refusal !== null) return toEnvelope(request.id, refusal);
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
        let body: string | undefined;
        if (request.body !== undefined) {
          body = JSON.stringify(request.body);
          if (Buffer.byteLength(body) > options.maxBodyBytes) {
            return toEnvelope(
              request.id,
              problemResponse(413, `The body is larger than ${options.maxBodyBytes} bytes`),
            );
          }
          headers['content-type'] ??= 'application/json';
        }
        return toEnvelope(request.id, api.handle({method: request.method, path: request.path, headers, body}));
      };

      ws.on('message', (data, isBinary) => {
        if (!registry.noteMessage(ws)) return;
        if (isBinary) {
          refuse(null, 400, 'Requests are JSON text messages, not binary ones');
          return;
        }
        const checked = checkEnvelope((data as Buffer).toString('utf8'));
        if (!checked.ok) {
          refuse(checked.id, 400, checked.detail);
          return;
        }
        const {request} = checked;
        if (inFlight >= REST_WS_LIMITS.maxInFlight) {
          refuse(
            request.id,
            429,
            `At most ${REST_WS_LIMITS.maxInFlight} requests in flight on one connection: wait for answers before sending more`,
          );
          return;
        }
        // Answered on a later turn of the event loop, so requests read together are in flight together;
        // clients match answers by id, never by order.
        inFlight += 1;
        setImmediate(() => {
          inFlight -= 1;
          answer(dispatch(request));
        });
      });
    },
  };
}
