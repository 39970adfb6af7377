/**
 * `/http/inspect/…`: the HTTP inspector's route. A page creates an inspection
 * (`POST /http/inspect/sessions`, choosing how the response is framed), sends
 * its request anywhere under the inspection's target, then reads the record
 * (`GET /http/inspect/sessions/{id}`): the request's bytes exactly as they
 * came off the TCP socket, the response's exactly as written.
 *
 * Which connection a browser sends a request on is its own choice. So while
 * an inspection waits for its request, the server reads the raw bytes of the
 * connection that created it (from the end of that exchange on: a browser
 * reuses the connection it just used) and of every new connection from the
 * same address, a few at most; of nothing else (socketTap.ts says why and what
 * it costs). A request that came on a connection whose bytes were not read is
 * recorded without them, and the record says so.
 */
import {randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  HTTP_INSPECT_ID_PATTERN,
  HTTP_INSPECT_METHODS,
  HTTP_INSPECT_TRAILER_FIELD,
  HttpInspectOptions,
  type HttpInspectExchange,
  type HttpInspection,
  type HttpInspectRecord,
} from '../contract/httpInspect.ts';
import {check} from '../contract/schema.ts';
import {excerpt, pathOf, queryOf, readBody, sendJson, sendProblem} from '../http.ts';
import {
  captureResponse,
  mismatch,
  tapConnection,
  withholdCookies,
  type ConnectionTap,
} from '../httpInspect/socketTap.ts';
import {HTTP_INSPECT_LIMITS} from '../limits.ts';

export type HttpInspectLimits = typeof HTTP_INSPECT_LIMITS;

export interface HttpInspectRouteOptions {
  /** The client a request counts against (its address, or the proxy's word for it). */
  clientOf: (req: IncomingMessage) => string;
  limits?: HttpInspectLimits;
  now?: () => number;
}

interface Inspection {
  id: string;
  client: string;
  /** The TCP peer whose new connections are read while the inspection waits. */
  address: string;
  options: HttpInspectOptions;
  expiresAt: number;
  exchanges: HttpInspectExchange[];
  done: boolean;
  /** Connection numbers, in the order this inspection first saw each. */
  connections: WeakMap<Socket, number>;
  connectionCount: number;
  createdOnPort: number;
}

const SESSIONS = `${ENDPOINTS.httpInspect}/sessions`;
/** A header name the preflight answer may list: a token (RFC 9110 §5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;

export function httpInspectRoute({clientOf, limits = HTTP_INSPECT_LIMITS, now = Date.now}: HttpInspectRouteOptions) {
  const inspections = new Map<string, Inspection>();
  /** Inspections still waiting for their request, per TCP peer address. */
  const waiting = new Map<string, number>();
  const taps = new WeakMap<Socket, ConnectionTap>();
  const tappedPerAddress = new Map<string, number>();
  let tapped = 0;
  /** Which request of its connection each request was, for requests on tapped connections. */
  const ordinals = new WeakMap<IncomingMessage, {tap: ConnectionTap; ordinal: number}>();

  const stopWaiting = (inspection: Inspection) => {
    if (inspection.done) return;
    inspection.done = true;
    const count = (waiting.get(inspection.address) ?? 1) - 1;
    if (count > 0) waiting.set(inspection.address, count);
    else waiting.delete(inspection.address);
  };
  const prune = (at: number) => {
    for (const [id, inspection] of inspections) {
      if (inspection.expiresAt > at) continue;
      stopWaiting(inspection);
      inspections.delete(id);
    }
  };

  /** Starts reading a connection's bytes, within the bounds; false when it may not. */
  const tap = (socket: Socket): boolean => {
    const address = socket.remoteAddress ?? '';
    if (taps.get(socket)?.stopped === false) return true;
    const ofAddress = tappedPerAddress.get(address) ?? 0;
    if (tapped >= limits.maxTappedConnections || ofAddress >= limits.maxTappedConnectionsPerClient) return false;
    tapped += 1;
    tappedPerAddress.set(address, ofAddress + 1);
    const connection = tapConnection(socket, limits.maxRequestBytes, () => {
      tapped -= 1;
      const left = (tappedPerAddress.get(address) ?? 1) - 1;
      if (left > 0) tappedPerAddress.set(address, left);
      else tappedPerAddress.delete(address);
    });
    taps.set(socket, connection);
    return true;
  };

  const create = (req: IncomingMessage, res: ServerResponse) => {
    const at = now();
    prune(at);
    const query = queryOf(req);
    const chunks = query.get('chunks');
    const trailer = query.get('trailer');
    const options = check(
      HttpInspectOptions,
      {
        framing: query.get('framing') ?? 'content-length',
        chunks: chunks === null ? 1 : /^\d{1,3}$/.test(chunks) ? Number(chunks) : chunks,
        trailer: trailer === null ? false : trailer === 'true' ? true : trailer === 'false' ? false : trailer,
        connection: query.get('connection') ?? 'keep-alive',
      },
      {name: 'The query'},
    );
    if (!options.ok) {
      sendProblem(res, 400, options.problems.join('; '));
      return;
    }
    const client = clientOf(req);
    // What costs the server is an inspection that waits (it reads the bytes of its client's new connections):
    // a client may have few of those. Records of answered inspections are small, and the oldest goes first.
    let waitingOfClient = 0;
    for (const inspection of inspections.values())
      if (inspection.client === client && !inspection.done) waitingOfClient += 1;
    if (waitingOfClient >= limits.maxInspectionsPerClient) {
      sendProblem(
        res,
        429,
        `One client may have ${limits.maxInspectionsPerClient} inspections waiting for their request at once; each waits at most ${limits.ttlMs / 1000} s`,
        {'Retry-After': String(Math.ceil(limits.ttlMs / 1000))},
      );
      return;
    }
    if (inspections.size >= limits.maxInspections) {
      const oldestDone = [...inspections.values()].find((inspection) => inspection.done);
      if (oldestDone === undefined) {
        sendProblem(res, 503, 'The demo server holds as many inspections as it can; try again in a minute', {
          'Retry-After': String(Math.ceil(limits.ttlMs / 1000)),
        });
        return;
      }
      inspections.delete(oldestDone.id);
    }
    const id = randomBytes(12).toString('base64url');
    const {socket} = req;
    const address = socket.remoteAddress ?? '';
    const inspection: Inspection = {
      id,
      client,
      address,
      options: options.value,
      expiresAt: at + limits.ttlMs,
      exchanges: [],
      done: false,
      connections: new WeakMap(),
      connectionCount: 0,
      createdOnPort: socket.remotePort ?? 0,
    };
    inspections.set(id, inspection);
    waiting.set(address, (waiting.get(address) ?? 0) + 1);
    const body: HttpInspection = {
      id,
      target: `${ENDPOINTS.httpInspect}/${id}/`,
      record: `${SESSIONS}/${id}`,
      expiresAt: inspection.expiresAt,
      options: options.value,
    };
    // This connection is read from here on: a browser sends its next request on the connection it just used,
    // once this answer is in. This request has no body, so the parser has nothing of it left to read.
    tap(socket);
    sendJson(res, 201, body);
  };

  const read = (id: string, res: ServerResponse) => {
    prune(now());
    const inspection = inspections.get(id);
    if (inspection === undefined) {
      sendProblem(res, 404, `No inspection ${excerpt(id, 40)}: unknown, or past its ${limits.ttlMs / 1000} s`);
      return;
    }
    const record: HttpInspectRecord = {
      id,
      options: inspection.options,
      exchanges: inspection.exchanges,
      done: inspection.done,
      createdOnPort: inspection.createdOnPort,
    };
    sendJson(res, 200, record);
  };

  /** Answers a request under an inspection's target and records both sides of it. */
  const inspect = async (inspection: Inspection, req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = now();
    const method = req.method ?? 'GET';
    const {socket} = req;
    // Read now: once a `Connection: close` answer is written the socket forgets its peer.
    const clientPort = socket.remotePort ?? 0;
    let connection = inspection.connections.get(socket);
    if (connection === undefined) {
      inspection.connectionCount += 1;
      connection = inspection.connectionCount;
      inspection.connections.set(socket, connection);
    }
    const response = captureResponse(res, limits.maxResponseBytes);
    const counted = ordinals.get(req);
    const record = () => {
      const written = response();
      let request: Buffer | null = null;
      let requestNote: string | null = null;
      if (counted === undefined) {
        requestNote =
          'This request came on a connection whose bytes the server was not reading (one it had opened before the inspection, or past the bound on connections read)';
      } else {
        const kept = counted.tap.message(counted.ordinal);
        if (kept.bytes === null) requestNote = kept.reason;
        else {
          requestNote = mismatch(kept.bytes, req);
          if (requestNote === null) {
            const shown = withholdCookies(kept.bytes);
            request = shown.bytes;
            if (!kept.whole) requestNote = 'Cut: the server answered before the whole request had arrived';
            else if (shown.withheld) {
              requestNote =
                'The Cookie field’s value is withheld (each byte shown as *): script must not read HttpOnly cookies';
            }
          }
        }
      }
      if (inspection.exchanges.length >= limits.maxExchangesPerInspection) return;
      inspection.exchanges.push({
        method,
        target: req.url ?? '',
        connection,
        request: request === null ? null : request.toString('base64'),
        requestNote,
        response: written.bytes.toString('base64'),
        receivedAt,
        clientPort,
      });
      if (method !== 'OPTIONS') stopWaiting(inspection);
    };
    res.once('finish', record);

    if (method === 'OPTIONS') {
      preflight(req, res);
      return;
    }
    if (!(HTTP_INSPECT_METHODS as readonly string[]).includes(method)) {
      const allow = [...HTTP_INSPECT_METHODS, 'OPTIONS'].join(', ');
      sendProblem(res, 405, `${ENDPOINTS.httpInspect} allows ${allow}, not ${excerpt(method, 20)}`, {
        Allow: allow,
      });
      return;
    }
    const body = await readBody(req, res, limits.maxBodyBytes);
    if (body === undefined) return;
    answer(inspection, req, res, body.length, receivedAt);
  };

  const answer = (
    inspection: Inspection,
    req: IncomingMessage,
    res: ServerResponse,
    bodyBytes: number,
    receivedAt: number,
  ) => {
    const {framing, chunks, trailer, connection} = inspection.options;
    const text = Buffer.from(
      `${req.method ?? 'GET'} ${excerpt(pathOf(req.url), 120)} reached the demo server with ${bodyBytes} bytes of body. ` +
        `This answer is framed by ${framing === 'chunked' ? `the chunked transfer coding, in ${chunks} chunks` : 'Content-Length'}.\n`,
      'utf8',
    );
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    };
    if (connection === 'close') headers.Connection = 'close';
    if (framing === 'content-length') {
      res.writeHead(200, {...headers, 'Content-Length': String(text.length)});
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    // A response to HEAD has no body, so no chunks and no trailer section to carry a trailer (RFC 9112 §6.3):
    // Node throws when asked for one.
    const withTrailer = trailer && req.method !== 'HEAD';
    if (withTrailer) headers.Trailer = HTTP_INSPECT_TRAILER_FIELD;
    // No Content-Length: Node frames the body with the chunked transfer coding, one chunk per write.
    res.writeHead(200, headers);
    if (req.method !== 'HEAD') {
      const size = Math.ceil(text.length / chunks);
      for (let start = 0; start < text.length; start += size) res.write(text.subarray(start, start + size));
    }
    if (withTrailer) res.addTrailers({[HTTP_INSPECT_TRAILER_FIELD]: `app;dur=${Math.max(0, now() - receivedAt)}`});
    res.end();
  };

  /** A CORS preflight (Fetch standard, "CORS-preflight fetch"): allows what the page may send, within the bounds. */
  const preflight = (req: IncomingMessage, res: ServerResponse) => {
    const allow = [...HTTP_INSPECT_METHODS, 'OPTIONS'].join(', ');
    const asked = req.headers['access-control-request-method'];
    if (asked === undefined) {
      res.writeHead(204, {Allow: allow});
      return void res.end();
    }
    const names = (req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length > limits.maxRequestHeaders || !names.every((name) => TOKEN.test(name))) {
      sendProblem(
        res,
        400,
        `An inspected request may carry at most ${limits.maxRequestHeaders} headers of its own, each named by a token`,
      );
      return;
    }
    res.writeHead(204, {
      Allow: allow,
      'Access-Control-Allow-Methods': HTTP_INSPECT_METHODS.join(', '),
      ...(names.length > 0 ? {'Access-Control-Allow-Headers': names.join(', ')} : {}),
    });
    res.end();
  };

  return {
    /** Every request under `/http/inspect`. */
    handle: async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const path = pathOf(req.url);
      const rest = path.slice(ENDPOINTS.httpInspect.length + 1);
      if (path === SESSIONS) {
        if (req.method === 'POST') {
          create(req, res);
          return;
        }
        sendProblem(res, 405, `${SESSIONS} allows POST, not ${excerpt(req.method ?? '', 20)}`, {
          Allow: 'POST',
        });
        return;
      }
      if (path.startsWith(`${SESSIONS}/`)) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          sendProblem(res, 405, `An inspection's record allows GET, not ${excerpt(req.method ?? '', 20)}`, {
            Allow: 'GET, HEAD',
          });
          return;
        }
        read(path.slice(SESSIONS.length + 1), res);
        return;
      }
      const id = rest.split('/', 1)[0] ?? '';
      prune(now());
      const inspection = HTTP_INSPECT_ID_PATTERN.test(id) ? inspections.get(id) : undefined;
      if (inspection === undefined) {
        sendProblem(
          res,
          404,
          `Nothing at ${excerpt(path, 80)}: send to the target of an inspection made with POST ${SESSIONS} in the last ${limits.ttlMs / 1000} s`,
        );
        return;
      }
      return inspect(inspection, req, res);
    },
    /**
     * Every new connection: while an inspection from its peer's address waits for its request, its bytes are
     * read. Otherwise nothing is done, at the cost of one lookup in an empty map.
     */
    connection: (socket: Socket): void => {
      if (waiting.size === 0 || !waiting.has(socket.remoteAddress ?? '')) return;
      tap(socket);
    },
    /** Every request: one on a connection being read is counted, so its bytes can be cut out. */
    request: (req: IncomingMessage): void => {
      const connectionTap = taps.get(req.socket);
      if (connectionTap === undefined || connectionTap.stopped) return;
      ordinals.set(req, {tap: connectionTap, ordinal: connectionTap.countRequest()});
      // Once no inspection from this address waits, the connection's bytes are no longer read.
      if (!waiting.has(req.socket.remoteAddress ?? '')) connectionTap.stop();
    },
    /** Connections whose bytes are being read (metrics, tests). */
    get tapped() {
      return tapped;
    },
  };
}
