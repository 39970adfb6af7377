/**
 * Routes WebSocket opening handshakes. Every refusal happens here, before
 * `ws` upgrades anything, in this order: unknown path (404), foreign Origin
 * (403), a handshake RFC 6455 §4.2.1 does not allow (400, 405, 426), and the
 * server's admission limits (429, 503).
 */
import type {IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type WebSocket} from 'ws';
import {clientAddress, type ClientTracker} from '../clients.ts';
import {CLOSE_CODES} from '../contract/websocket.ts';
import {hostProblem, pathOf, refuseUpgrade} from '../http.ts';
import type {Logger} from '../log.ts';
import type {OriginPolicy} from '../origin.ts';
import type {ConnectionRegistry} from './connections.ts';
import type {Endpoint} from './endpoint.ts';
import {checkHandshake} from './handshake.ts';

export interface UpgradeOptions {
  endpoints: readonly Endpoint[];
  originPolicy: OriginPolicy;
  clients: ClientTracker;
  registry: ConnectionRegistry;
  logger: Logger;
  trustProxy: boolean;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export function createUpgradeHandler(options: UpgradeOptions): UpgradeHandler {
  const {endpoints, originPolicy, clients, registry, logger, trustProxy} = options;
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
      });
      // Emitted just before `ws` writes the 101 response: these lines are the bytes sent.
      wss.on('headers', (headers, req) => responseHeads.set(req, [...headers]));
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

  /**
   * Supervises an upgraded connection and hands it to its endpoint. Kept apart from `handle` on purpose:
   * the listeners made here live as long as the connection, and a closure keeps its whole scope, so none of
   * them may be made where the request is in scope. The request then goes once the endpoint has read it
   * (with the response head recorded for it), as in a bare `ws` server.
   */
  const accept = (
    ws: WebSocket,
    req: IncomingMessage,
    socket: Duplex,
    endpoint: Endpoint,
    client: string,
    release: () => void,
  ) => {
    const {path} = endpoint;
    const openedAt = Date.now();
    registry.add(ws, path);
    ws.on('error', (error) => logger.warn('ws-error', {path, client, error: error.message}));
    ws.once('close', (code, reason) => {
      release();
      logger.info('ws-close', {
        path,
        client,
        code,
        reason: reason.toString(),
        seconds: (Date.now() - openedAt) / 1000,
      });
    });
    const fail = (event: string, error: unknown, reason: string) => {
      logger.error(event, {path, client, error: error instanceof Error ? error.message : String(error)});
      ws.close(CLOSE_CODES.internalError, reason);
    };
    const receive = (handler: (data: Buffer, isBinary: boolean) => void) => {
      ws.on('message', (data, isBinary) => {
        if (!registry.noteMessage(ws)) return;
        try {
          // ws's default binaryType ('nodebuffer') delivers every message as one Buffer.
          handler(data as Buffer, isBinary);
        } catch (error) {
          fail('message-error', error, 'The server failed to handle that message');
        }
      });
    };
    try {
      endpoint.accept(
        ws,
        {request: req, responseLines: responseHeads.get(req) ?? [], socket, client},
        {registry, logger, receive},
      );
    } catch (error) {
      fail('endpoint-error', error, 'The server failed to handle this connection');
    }
  };

  const handle: UpgradeHandler = (req, socket, head) => {
    socket.on('error', onSocketError);

    const path = pathOf(req.url);
    const client = clientAddress(req, trustProxy);
    const origin = req.headers.origin;
    const refuse = (status: number, reason: string, headers?: Record<string, string>) => {
      logger.warn('refuse', {status, reason, path, client, origin});
      refuseUpgrade(socket, status, reason, headers);
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
    const admission = clients.admit(client);
    if (!admission.ok) {
      return refuse(admission.status, admission.reason, {'Retry-After': String(admission.retryAfterSeconds)});
    }

    // `ws` drops a socket that dies mid-upgrade without calling back; give the slot back then too.
    const releaseUnlessUpgraded = () => admission.release();
    socket.once('close', releaseUnlessUpgraded);
    const {endpoint, wss} = route;
    // ws calls back with the request it was given: taken from there, it is not in this function's scope.
    wss.handleUpgrade(req, socket, head, (ws, request) => {
      socket.off('close', releaseUnlessUpgraded);
      accept(ws, request, socket, endpoint, client, admission.release);
    });
  };

  // Nothing in a handshake's handling should throw; if something does, that handshake alone is refused.
  return (req, socket, head) => {
    try {
      handle(req, socket, head);
    } catch (error) {
      logger.error('upgrade-error', {path: req.url, error: error instanceof Error ? error.message : String(error)});
      refuseUpgrade(socket, 500, 'The demo server failed to handle this handshake');
    }
  };
}
