/**
 * Routes WebSocket opening handshakes. Every refusal happens here, before
 * `ws` upgrades anything, in this order: unknown path (404), foreign Origin
 * (403), a handshake RFC 6455 §4.2.1 does not allow (400, 405, 426), and the
 * server's admission limits (429, 503).
 */
import type {IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type RawData, type WebSocket} from 'ws';
import {attemptIdOf, type AttemptLog} from '../attempts.ts';
import {clientAddress, type ClientTracker} from '../clients.ts';
import {CLOSE_CODES} from '../contract/websocket.ts';
import {hostProblem, pathOf, refuseUpgrade} from '../http.ts';
import type {Logger} from '../log.ts';
import type {OriginPolicy} from '../origin.ts';
import type {ConnectionRegistry} from './connections.ts';
import type {Endpoint, EndpointContext} from './endpoint.ts';
import {checkHandshake} from './handshake.ts';

export interface UpgradeOptions {
  endpoints: readonly Endpoint[];
  originPolicy: OriginPolicy;
  clients: ClientTracker;
  registry: ConnectionRegistry;
  logger: Logger;
  trustProxy: boolean;
  /** Where a connection opened with `?attempt=` has its close frames and errors noted, for the page to read. */
  attempts?: Pick<AttemptLog, 'noteFor'>;
}

/** Handles one upgrade request; true when the connection was upgraded (the registry holds it), false when refused. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export function createUpgradeHandler(options: UpgradeOptions): UpgradeHandler {
  const {endpoints, originPolicy, clients, registry, logger, trustProxy, attempts} = options;
  /** The response head `ws` wrote for each request, captured from its 'headers' event. */
  const responseHeads = new WeakMap<IncomingMessage, string[]>();

  const routes = new Map<string, {endpoint: Endpoint; wss: WebSocketServer}>(
    endpoints.map((endpoint) => {
      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: endpoint.maxPayload,
        // Compression would hide the bytes the demos exist to show: only the
        // endpoint that demonstrates it accepts it, and compresses every message
        // (ws's default skips messages under 1 KiB).
        perMessageDeflate: endpoint.perMessageDeflate === true ? {threshold: 0} : false,
        // The client's offers are in order of preference (RFC 6455 §4.1): pick
        // the first one this endpoint speaks, or none. (By default ws would
        // accept the first offer, speaking it or not.)
        handleProtocols: (offered) => [...offered].find((name) => endpoint.subprotocols?.includes(name)) ?? false,
        clientTracking: false,
        // One message, ping or pong event per turn of the event loop, not a whole TCP read's worth:
        // 20,000 tiny messages in one write blocked the loop for 50-60 ms when handled in one go.
        // A connection may send 50 a second, so the extra turn costs nothing it needs.
        allowSynchronousEvents: false,
        autoPong: endpoint.autoPong !== false,
      });
      // Emitted just before `ws` writes the 101 response: these lines are the bytes sent. Copied only where
      // they are shown: for every other handshake the copy and its WeakMap entry would be garbage to collect.
      if (endpoint.editResponseHead !== undefined) {
        wss.on('headers', (headers, req) => endpoint.editResponseHead?.(headers, req));
      }
      if (endpoint.reportsResponseHead === true) {
        wss.on('headers', (headers, req) => responseHeads.set(req, [...headers]));
      }
      // ws's own checks that checkHandshake leaves to it (the Sec-WebSocket-Protocol and
      // Sec-WebSocket-Extensions grammars): answered with problem details like every other refusal.
      wss.on('wsClientError', (error: Error, socket: Duplex, req: IncomingMessage) => {
        logger.warn('refuse', {status: 400, reason: error.message, path: pathOf(req.url), origin: req.headers.origin});
        refuseUpgrade(socket, 400, `${error.message}: this handshake cannot be accepted as it is`);
      });
      return [endpoint.path, {endpoint, wss}];
    }),
  );
  const knownPaths = [...routes.keys()].join(', ');

  // One listener for every socket: a closure per connection would be kept for the connection's life.
  const onSocketError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
      logger.warn('socket-error', {error: error.message, code: error.code});
    }
  };

  const fail = (ws: WebSocket, event: string, error: unknown, reason: string) => {
    const state = registry.get(ws);
    logger.error(event, {
      path: state?.endpoint,
      client: state?.client,
      error: error instanceof Error ? error.message : String(error),
    });
    ws.close(CLOSE_CODES.internalError, reason);
  };
  // Shared by every connection: ws calls its listeners with the connection as `this`, and what they need
  // is in the registry's record of it. A listener made per connection would cost a closure each, and keep
  // the scope it was made in.
  function onError(this: WebSocket, error: Error) {
    const state = registry.get(this);
    logger.warn('ws-error', {path: state?.endpoint, client: state?.client, error: error.message});
  }
  function onClose(this: WebSocket, code: number, reason: Buffer) {
    const state = registry.remove(this);
    if (state === undefined) return;
    state.admission.release();
    routes.get(state.endpoint)?.endpoint.closed?.(this);
    logger.info('ws-close', {
      path: state.endpoint,
      client: state.client,
      code,
      reason: reason.toString(),
      seconds: (Date.now() - state.openedAt) / 1000,
    });
  }
  function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
    if (!registry.noteMessage(this)) return;
    const handler = registry.get(this)?.handler;
    if (handler === undefined) return;
    try {
      // ws's default binaryType ('nodebuffer') delivers every message as one Buffer.
      handler(data as Buffer, isBinary);
    } catch (error) {
      fail(this, 'message-error', error, 'The server failed to handle that message');
    }
  }

  /**
   * Supervises an upgraded connection and hands it to its endpoint. Nothing made here holds the request,
   * so it goes once the endpoint has read it (with the response head recorded for it), as in a bare `ws`
   * server.
   */
  const accept = (
    ws: WebSocket,
    req: IncomingMessage,
    socket: Duplex,
    endpoint: Endpoint,
    client: string,
    admission: {release(): void},
  ) => {
    const state = registry.add(ws, endpoint.path, {
      client,
      openedAt: Date.now(),
      admission,
      socket,
      ownHeartbeat: endpoint.ownHeartbeat === true,
    });
    ws.on('error', onError);
    // 'close' comes once; `on` spares the wrapper `once` makes.
    ws.on('close', onClose);
    const attempt = attemptIdOf(req.url);
    if (attempt !== null && attempts !== undefined) noteClosing(ws, (text) => attempts.noteFor(client, attempt, text));
    const receive: EndpointContext['receive'] = (handler) => {
      if (state.handler !== undefined) throw new Error(`${endpoint.path} asked for its messages twice`);
      state.handler = handler;
      ws.on('message', onMessage);
    };
    try {
      endpoint.accept(
        ws,
        {
          request: req,
          responseLines: endpoint.reportsResponseHead === true ? (responseHeads.get(req) ?? NO_LINES) : NO_LINES,
          socket,
          client,
        },
        {registry, logger, receive},
      );
    } catch (error) {
      fail(ws, 'endpoint-error', error, 'The server failed to handle this connection');
    }
  };

  const handle: UpgradeHandler = (req, socket, head) => {
    socket.on('error', onSocketError);

    const path = pathOf(req.url);
    const client = clientAddress(req, trustProxy);
    const origin = req.headers.origin;
    const refuse = (status: number, reason: string, headers?: Record<string, string>): false => {
      logger.warn('refuse', {status, reason, path, client, origin});
      refuseUpgrade(socket, status, reason, headers);
      return false;
    };

    const route = routes.get(path);
    if (route === undefined) {
      return refuse(404, `No WebSocket endpoint at ${path}; this server has ${knownPaths}`);
    }
    const badHost = hostProblem(req);
    if (badHost !== null) return refuse(400, badHost);
    const originDecision = originPolicy.check(origin);
    if (!originDecision.allowed) {
      return refuse(403, originDecision.reason);
    }
    const handshake = checkHandshake(req);
    if (!handshake.ok) {
      return refuse(handshake.status, handshake.reason, handshake.headers);
    }
    const endpointCap = route.endpoint.maxConnections;
    if (endpointCap !== undefined && registry.counts().byEndpoint[route.endpoint.path] >= endpointCap) {
      return refuse(503, `${path} is at its limit of ${endpointCap} connections; try again shortly`, {
        'Retry-After': '30',
      });
    }
    const own = route.endpoint.admit?.(req, client);
    if (own !== undefined && !own.ok) return refuse(own.status, own.reason, own.headers);
    const shared = clients.admit(client);
    if (!shared.ok) {
      own?.release();
      return refuse(shared.status, shared.reason, {'Retry-After': String(shared.retryAfterSeconds)});
    }
    const admission = own === undefined ? shared : bothReleased(own, shared);

    const {endpoint, wss} = route;
    // Set from ws's callback, which TypeScript cannot see run before handleUpgrade returns.
    let upgraded = false as boolean;
    // ws calls back with the request it was given: taken from there, it is not in this function's scope.
    wss.handleUpgrade(req, socket, head, (ws, request) => {
      upgraded = true;
      accept(ws, request, socket, endpoint, client, admission);
    });
    // Without a verifyClient, ws upgrades before handleUpgrade returns, or never: it drops a socket that
    // died mid-upgrade without calling back. Give the slot back then, when the socket is gone, rather than
    // keep a 'close' listener on every upgraded socket for the connection's life.
    if (!upgraded) {
      if (socket.destroyed) admission.release();
      else {
        socket.once('close', () => {
          if (!upgraded) admission.release();
        });
      }
    }
    return upgraded;
  };

  // Nothing in a handshake's handling should throw; if something does, that handshake alone is refused.
  return (req, socket, head) => {
    try {
      return handle(req, socket, head);
    } catch (error) {
      logger.error('upgrade-error', {path: req.url, error: error instanceof Error ? error.message : String(error)});
      refuseUpgrade(socket, 500, 'The demo server failed to handle this handshake');
      return false;
    }
  };
}

/** The response head given to an endpoint that does not read it. */
const NO_LINES: readonly string[] = Object.freeze([]);

/** One place made of an endpoint's own and the server-wide one, given back together. */
function bothReleased(own: {release(): void}, shared: {release(): void}): {release(): void} {
  return {
    release() {
      own.release();
      shared.release();
    },
  };
}

/**
 * Notes, for a connection a page opened as an attempt, every close frame the server sends, the close it saw
 * (the client's close frame, or none: 1006) and any error that ended it, so that the page can show the server's
 * side of a close its own script sees only as a code. Only such connections pay for the listeners and the wrapper.
 */
function noteClosing(ws: WebSocket, note: (text: string) => void): void {
  const close = ws.close.bind(ws);
  // ws closes through this method too (a message over maxPayload: 1009; an answer to the client's close frame).
  ws.close = (code?: number, reason?: string | Buffer) => {
    if (ws.readyState === ws.OPEN && code !== undefined) {
      const words = reason === undefined || reason.length === 0 ? 'no reason' : `reason "${reason.toString()}"`;
      // ws marks a close frame read before it answers one (its own field: no event says so in time).
      const answering = (ws as unknown as {_closeFrameReceived?: boolean})._closeFrameReceived === true;
      note(
        answering
          ? `The server answers the client's close frame with its own: code ${code}, ${words}.`
          : `The server sends a close frame: code ${code}, ${words}.`,
      );
    }
    close(code, reason);
  };
  ws.once('error', (error: Error) => note(`The server's WebSocket reports an error: ${error.message}.`));
  ws.once('close', (code: number, reason: Buffer) => {
    note(
      code === CLOSE_CODES.abnormalClosure
        ? 'The connection ended with no close frame read from the client (the server reports 1006).'
        : `The connection ended; the client's close frame had code ${code}${reason.length > 0 ? `, reason "${reason.toString()}"` : ''}.`,
    );
  });
}
