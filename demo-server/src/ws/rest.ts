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
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  RestRequestEnvelope,
  RestRequestId,
  type RestChangedPush,
  type RestHelloMessage,
  type RestResponseEnvelope,
} from '../contract/restWebSocket.ts';
import {check, fits} from '../contract/schema.ts';
import {REST_WS_LIMITS} from '../limits.ts';
import {parseClientJson} from '../json.ts';
import type {Logger} from '../log.ts';
import type {Endpoint} from './endpoint.ts';
import {createRestWatches, type Watcher} from './restWatches.ts';

export interface RestEndpointOptions {
  store: SandboxStore;
  creationLimit: CreationLimit;
  /** The HTTP API's body bound, applied to the JSON text of an envelope's body. */
  maxBodyBytes: number;
  /** Deepest nesting of a request message, envelope included. */
  maxJsonDepth: number;
  /** Where a failure to push a change is reported. */
  logger?: Logger;
  /** The socket's byte counters before the handshake (a client may upgrade a keep-alive connection that carried requests). */
  bytesBefore?: (socket: Duplex) => {read: number; written: number};
}

type Checked = {ok: true; request: RestRequestEnvelope} | {ok: false; id: string | number | null; detail: string};

/**
 * Reads and checks one request message against the contract's
 * RestRequestEnvelope; says exactly what is wrong when it is not a request.
 * `maxJsonDepth` bounds the nesting of the whole message, the envelope
 * included, before it is parsed. A broken id is answered with a null id;
 * any other problem with the id the client chose.
 */
export function checkEnvelope(text: string, maxJsonDepth: number): Checked {
  const parsed = parseClientJson(text, maxJsonDepth);
  if (!parsed.ok) {
    return {
      ok: false,
      id: null,
      detail: parsed.tooDeep
        ? `${parsed.detail}: send one request envelope, its body at most ${maxJsonDepth - 1} levels deep`
        : 'The message is not JSON: send one request envelope as a JSON text message',
    };
  }
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {ok: false, id: null, detail: 'The message must be a JSON object (a request envelope)'};
  }
  const {id} = value as {id?: unknown};
  if (!fits(RestRequestId, id)) {
    return {
      ok: false,
      id: null,
      detail: `"id" must be a non-empty string or a number of at most ${REST_WS_LIMITS.maxIdLength} characters; the answer repeats it`,
    };
  }
  // Members the envelope does not define are left alone, as HTTP leaves unknown header fields.
  const checked = check(RestRequestEnvelope, value, {name: 'The message', extraMembers: 'ignore'});
  if (!checked.ok) return {ok: false, id, detail: checked.problems.join('; ')};
  const {method, path, headers, body} = checked.value;
  return {
    ok: true,
    request: {id, method, path, ...(headers ? {headers} : {}), ...(body !== undefined ? {body} : {})},
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
  const {maxJsonDepth} = options;
  const api = createApi({store: options.store, maxJsonDepth});
  const watches = createRestWatches({
    store: options.store,
    maxPerWatcher: REST_WS_LIMITS.maxWatches,
    /** The resource's current strong ETag, as a JSON GET would give it; null when it is gone. */
    etagOf: (path) => {
      const answer = api.handle({method: 'GET', path, headers: {accept: 'application/json'}});
      return answer.status === 200 ? (answer.headers.ETag ?? null) : null;
    },
    onError: (error) =>
      options.logger?.error('watch-error', {error: error instanceof Error ? error.message : String(error)}),
  });

  return {
    path: ENDPOINTS.restWebSocket,
    maxPayload: REST_WS_LIMITS.maxMessageBytes,
    accept(ws: WebSocket, handshake, {registry, logger, receive}) {
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

      const send = (message: RestResponseEnvelope | RestChangedPush) => {
        if (ws.readyState === ws.OPEN) registry.send(ws, JSON.stringify(message), false);
      };
      const refuse = (id: string | number | null, status: number, detail: string, headers?: Record<string, string>) =>
        send(toEnvelope(id, problemResponse(status, detail, headers)));
      const watcher: Watcher = {push: send};
      ws.once('close', () => watches.release(watcher));

      const dispatch = (request: RestRequestEnvelope): RestResponseEnvelope => {
        const path = request.path.replace(/\/+$/, '') || ENDPOINTS.api;
        if (request.method === 'WATCH') {
          const current = api.handle({method: 'GET', path, headers: {accept: 'application/json'}});
          if (current.status !== 200) return toEnvelope(request.id, current);
          const etag = current.headers.ETag ?? null;
          // A WATCH read just before its connection closed must not outlive it: nothing would release it.
          if (ws.readyState !== ws.OPEN) return toEnvelope(request.id, problemResponse(410, 'The connection closed'));
          if (!watches.watch(watcher, path, etag)) {
            return toEnvelope(
              request.id,
              problemResponse(429, `At most ${REST_WS_LIMITS.maxWatches} watches per connection; UNWATCH one first`),
            );
          }
          return {
            id: request.id,
            status: 200,
            headers: etag === null ? {} : {ETag: etag},
            body: {watching: path, etag},
          };
        }
        if (request.method === 'UNWATCH') {
          return watches.unwatch(watcher, path)
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
          // The message's depth was bounded before it was parsed, so this cannot recurse far.
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

      receive((data, isBinary) => {
        if (isBinary) {
          refuse(null, 400, 'Requests are JSON text messages, not binary ones');
          return;
        }
        const checked = checkEnvelope(data.toString('utf8'), maxJsonDepth);
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
        // clients match answers by id, never by order. A request that fails is answered 500, alone.
        inFlight += 1;
        setImmediate(() => {
          inFlight -= 1;
          let answer: RestResponseEnvelope;
          try {
            answer = dispatch(request);
          } catch (error) {
            logger.error('message-error', {
              path: ENDPOINTS.restWebSocket,
              error: error instanceof Error ? error.message : String(error),
            });
            answer = toEnvelope(request.id, problemResponse(500, 'The demo server failed to answer this request'));
          }
          send(answer);
        });
      });
    },
  };
}
