/**
 * Creates the demo server: one Node HTTP server on one port, serving plain
 * HTTP routes and the WebSocket endpoints, with an orderly shutdown.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {Socket, type AddressInfo} from 'node:net';
import type {Duplex} from 'node:stream';
import {clientAddress, createClientTracker} from './clients.ts';
import type {Config} from './config.ts';
import {ENDPOINTS, type WebSocketEndpoint} from './contract/endpoints.ts';
import {CLOSE_CODES} from './contract/websocket.ts';
import {HOLD_LIMITS, INSPECT_COMMAND_LIMITS} from './limits.ts';
import {createLogger, rateLimited, type Logger} from './log.ts';
import {createServerMetrics} from './metrics.ts';
import {startOpsServer, type OpsServer} from './ops.ts';
import {createOriginPolicy} from './origin.ts';
import {createCostMeter} from './events/costs.ts';
import {createEventSource, type DemoEventSource} from './events/source.ts';
import {longPollRoute, pollRoute} from './routes/events.ts';
import {streamRoute} from './routes/sse.ts';
import {healthRoute} from './routes/health.ts';
import {readyRoute} from './routes/ready.ts';
import {createCreationLimit} from './api/creationLimit.ts';
import {createSandboxStore} from './api/store.ts';
import {apiRoute} from './routes/api.ts';
import {balancedRoute} from './routes/balanced.ts';
import {codeRoute} from './routes/code.ts';
import {holdRoute} from './routes/hold.ts';
import {openApiDocument} from './openapi.ts';
import {asyncApiDocument} from './asyncapi.ts';
import {answerClientError, excerpt, pathOf, refuseUpgrade, sendJson, sendProblem} from './http.ts';
import {SLOT_RETRY_AFTER_SECONDS} from './slots.ts';
import {indexRoute} from './routes/index.ts';
import {costsRoute} from './routes/costs.ts';
import {timeRoute} from './routes/time.ts';
import {createRouter} from './routes/router.ts';
import {VERSION} from './version.ts';
import {createCloseReportStore} from './ws/closeReports.ts';
import {createConnectionRegistry} from './ws/connections.ts';
import type {Endpoint} from './ws/endpoint.ts';
import {echoEndpoint} from './ws/echo.ts';
import {eventsEndpoint} from './ws/events.ts';
import {inspectEndpoint} from './ws/inspect.ts';
import {restEndpoint} from './ws/rest.ts';
import {ftpVsHttpEndpoint} from './ws/ftpVsHttp.ts';
import {faultsEndpoint} from './ws/faults.ts';
import {loadDemoFiles} from './ftp/files.ts';
import {startFtpServer} from './ftp/server.ts';
import {filesRoute} from './routes/files.ts';
import {createUpgradeHandler} from './ws/upgrade.ts';
import {hasToken} from './ws/handshake.ts';
import {createAttemptLog} from './attempts.ts';
import {attemptsRoute} from './routes/attempts.ts';
import {corsRoute} from './routes/cors.ts';
import {redirectsRoute} from './routes/redirects.ts';
import {eventFaultsRoute} from './routes/eventFaults.ts';
import {createProxy} from './proxy/proxy.ts';
import {carriedExchange} from './proxy/loopback.ts';
import {cookiesRoute} from './routes/cookies.ts';
import {negotiateRoute} from './routes/negotiate.ts';
import {timingRoute} from './routes/timing.ts';
import {streamedResponseRoute} from './routes/streamedResponse.ts';
import {httpInspectRoute} from './routes/httpInspect.ts';

export interface DemoServer {
  /** The port actually bound (useful with `PORT=0`). */
  readonly port: number;
  /** `http://host:port`, the base URL of every endpoint. */
  readonly url: string;
  /** The operators' listener (`/metrics`, `/ready`), or null when `METRICS_PORT=off`. */
  readonly metricsUrl: string | null;
  /**
   * Turns `/ready` to 503, closes every WebSocket with 1001, lets in-flight HTTP requests finish,
   * and resolves once the server holds no connection (at most `shutdownGraceMs`
   * after the call, when stragglers are cut off).
   */
  shutdown(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /**
   * The event stream to serve instead of the server's own timed one: the capacity benchmark
   * emits on command, so that one event reaches every connection it opened and nothing else is moving.
   */
  events?: DemoEventSource;
  /** `/ws/faults`' ping cycle and its bound on a timed fault, shorter than FAULT_LIMITS' (tests). */
  faults?: {pingIntervalMs?: number; maxFaultMs?: number};
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<DemoServer> {
  const {limits} = config;
  // Event names are the server's own, so the buckets are few; what clients control is how often.
  const logger = rateLimited(options.logger ?? createLogger({json: config.jsonLogs, level: config.logLevel}), {
    perSecond: limits.logLinesPerSecondPerEvent,
  });
  const startedAt = Date.now();
  /** From the moment shutdown begins: `/ready` answers 503 and nothing long-lived is taken on. */
  let draining = false;
  const metrics = createServerMetrics({version: VERSION, limits, draining: () => draining});

  const originPolicy = createOriginPolicy(config.allowedOrigins);
  const clients = createClientTracker(limits);
  const registry = metrics.instrumentRegistry(createConnectionRegistry(limits));
  const events =
    options.events ??
    createEventSource({meanIntervalMs: limits.eventIntervalMs, jitter: 0.5, backlog: limits.eventBacklog});
  const meter = createCostMeter({
    maxSessions: limits.maxCostSessions,
    idleMs: limits.costSessionIdleMs,
    // Every connection the server accepts is a TCP socket; the type says only Duplex.
    browserOf: (socket) => (socket instanceof Socket ? carriedExchange(socket) : undefined),
  });
  const closeReports = createCloseReportStore({
    ttlMs: INSPECT_COMMAND_LIMITS.closeReportTtlMs,
    maxEntries: INSPECT_COMMAND_LIMITS.maxStoredCloseReports,
  });
  // One store and one budget of new sandboxes, whether a reader comes over HTTP or over /ws/rest.
  const store = createSandboxStore({
    maxSandboxes: limits.maxSandboxes,
    maxNotesPerSandbox: limits.maxNotesPerSandbox,
    maxSandboxBytes: limits.maxSandboxBytes,
    maxStoreBytes: limits.maxStoreBytes,
    sandboxIdleMs: limits.sandboxIdleMs,
  });
  // What the server saw of the requests pages make on purpose (`?attempt=`), for them to show beside their own view.
  const attempts = createAttemptLog({
    maxAttempts: limits.maxObservedAttempts,
    maxAttemptsPerClient: limits.maxObservedAttemptsPerClient,
    maxChars: limits.maxObservedAttemptBytes,
    clientOf: (req) => clientAddress(req, config.trustProxy),
  });
  const creationLimit = createCreationLimit({perMinute: limits.sandboxesPerMinutePerClient});
  // The proxy in the path (`/via-proxy/{settings}/…`): the event endpoints through an intermediary, over loopback.
  const proxy = createProxy({
    origin: () => ({host: loopbackHost(config.host), port: ownPort}),
    maxExchanges: limits.maxProxiedExchanges,
    maxExchangesPerClient: limits.maxProxiedExchangesPerClient,
    clientOf: (req) => clientAddress(req, config.trustProxy),
    attempts,
    ended: metrics.proxyExchangeEnded,
    refusedHandshake: (status) => metrics.refused('websocket', status),
  });
  // The FTP demo: a read-only FTP server on 127.0.0.1 only, the same files over HTTP, and the endpoint comparing them.
  const demoFiles = loadDemoFiles();
  const ftpServer = await startFtpServer(demoFiles, limits);
  let ownPort = 0;
  // One handler per WebSocket endpoint of the contract's list: the record's type asks for each.
  const byPath: Record<WebSocketEndpoint, Endpoint> = {
    [ENDPOINTS.echo]: echoEndpoint(limits.echoMaxMessageBytes),
    [ENDPOINTS.inspect]: inspectEndpoint(limits.inspectMaxMessageBytes, {
      closeReports,
      framesPerSecond: limits.messagesPerSecond,
    }),
    [ENDPOINTS.inspectDeflate]: inspectEndpoint(limits.inspectMaxMessageBytes, {
      closeReports,
      framesPerSecond: limits.messagesPerSecond,
      deflate: {maxConnections: limits.maxDeflateConnections},
    }),
    [ENDPOINTS.eventsWebSocket]: eventsEndpoint(events, meter),
    [ENDPOINTS.restWebSocket]: restEndpoint({
      store,
      creationLimit,
      maxBodyBytes: limits.maxApiBodyBytes,
      maxJsonDepth: limits.maxJsonDepth,
      logger,
      bytesBefore: (socket) => meter.before(socket),
    }),
    [ENDPOINTS.ftpVsHttp]: ftpVsHttpEndpoint({
      files: demoFiles,
      ftp: () => ({host: ftpServer.host, port: ftpServer.port}),
      http: () => ({host: loopbackHost(config.host), port: ownPort}),
      runsPerMinutePerClient: limits.ftpRunsPerMinutePerClient,
      timeoutMs: limits.ftpTransferTimeoutMs,
    }),
    [ENDPOINTS.faults]: faultsEndpoint({note: attempts.noteFor, ...options.faults}),
  };
  const endpoints = Object.values(byPath);
  for (const [path, endpoint] of Object.entries(byPath)) {
    if (endpoint.path !== path) throw new Error(`The handler registered for ${path} serves ${endpoint.path}`);
  }

  const longPoll = longPollRoute(events, meter, {
    timeoutMs: limits.longPollTimeoutMs,
    maxParked: limits.maxParkedLongPolls,
    maxParkedPerClient: limits.maxParkedLongPollsPerClient,
    clientOf: (req) => clientAddress(req, config.trustProxy),
  });
  const stream = streamRoute(events, meter, {
    maxStreams: limits.maxStreams,
    maxStreamsPerClient: limits.maxStreamsPerClient,
    heartbeatMs: limits.sseHeartbeatMs,
    maxBufferedBytes: limits.maxStreamBufferedBytes,
    clientOf: (req) => clientAddress(req, config.trustProxy),
  });
  const eventFaults = eventFaultsRoute({
    maxStreams: limits.maxStreams,
    maxStreamsPerClient: limits.maxStreamsPerClient,
    clientOf: (req) => clientAddress(req, config.trustProxy),
    note: (req, text) => attempts.note(req, text),
    answered: metrics.eventFaultAnswered,
    streamEnded: metrics.eventFaultStreamEnded,
  });
  const streamedResponse = streamedResponseRoute({
    clientOf: (req) => clientAddress(req, config.trustProxy),
    note: (req, text) => attempts.note(req, text),
    maxJsonDepth: limits.maxJsonDepth,
  });
  const hold = holdRoute({
    maxHoldMs: HOLD_LIMITS.maxHoldMs,
    maxHeld: limits.maxHeldRequests,
    maxHeldPerClient: limits.maxHeldRequestsPerClient,
    clientOf: (req) => clientAddress(req, config.trustProxy),
  });
  const api = apiRoute({
    store,
    maxBodyBytes: limits.maxApiBodyBytes,
    maxJsonDepth: limits.maxJsonDepth,
    cache: {maxEntries: limits.cacheMaxEntries, maxBytes: limits.cacheMaxBytes, maxBodyBytes: limits.cacheMaxBodyBytes},
    creationLimit,
    clientOf: (req) => clientAddress(req, config.trustProxy),
    exchangeStart: (req) => meter.startOf(req),
  });
  const balanced = balancedRoute({
    clientOf: (req) => clientAddress(req, config.trustProxy),
    maxBodyBytes: limits.maxCartBodyBytes,
    maxJsonDepth: limits.maxJsonDepth,
  });
  const timing = timingRoute({clientOf: (req) => clientAddress(req, config.trustProxy)});
  // The HTTP inspector reads the raw bytes of a few connections while an inspection waits for its request.
  const httpInspect = httpInspectRoute({clientOf: (req) => clientAddress(req, config.trustProxy)});
  const handleRequest = createRouter({
    prefixes: [
      {prefix: ENDPOINTS.api, handle: api.handle},
      {prefix: ENDPOINTS.recordedRequests, handle: api.records},
      {prefix: ENDPOINTS.balanced, handle: balanced.handle},
      {prefix: ENDPOINTS.viaCache, handle: api.viaCache},
      {prefix: ENDPOINTS.files, handle: filesRoute(demoFiles)},
      {prefix: ENDPOINTS.attempts, handle: attemptsRoute(attempts)},
      {prefix: ENDPOINTS.cors, handle: corsRoute({attempts, maxJsonDepth: limits.maxJsonDepth})},
      {prefix: ENDPOINTS.viaProxy, handle: proxy.handle},
      {
        prefix: ENDPOINTS.httpRedirect,
        handle: redirectsRoute({clientOf: (req) => clientAddress(req, config.trustProxy)}),
      },
      {prefix: ENDPOINTS.cookies, handle: cookiesRoute({frameAncestors: config.allowedOrigins})},
      {prefix: ENDPOINTS.negotiate, handle: negotiateRoute({clientOf: (req) => clientAddress(req, config.trustProxy)})},
      {prefix: ENDPOINTS.httpInspect, handle: httpInspect.handle},
    ],
    routes: {
      '/': indexRoute(VERSION),
      [ENDPOINTS.health]: healthRoute(VERSION, startedAt, () => registry.counts()),
      [ENDPOINTS.ready]: readyRoute(() => !draining),
      [ENDPOINTS.eventsPoll]: pollRoute(events, meter),
      [ENDPOINTS.eventsLongPoll]: longPoll,
      [ENDPOINTS.eventsStream]: stream,
      [ENDPOINTS.eventsStreamDrop]: stream.drop,
      [ENDPOINTS.eventsCosts]: costsRoute(meter),
      [ENDPOINTS.time]: timeRoute(),
      [ENDPOINTS.hold]: hold,
      [ENDPOINTS.eventsFaults]: eventFaults,
      [ENDPOINTS.noteValidator]: codeRoute(),
      [ENDPOINTS.timing]: timing,
      [ENDPOINTS.streamedResponse]: streamedResponse,
      [ENDPOINTS.openapi]: {
        methods: ['GET', 'HEAD'],
        handle: (_req, res) => sendJson(res, 200, openApiDocument(), {'Cache-Control': 'public, max-age=300'}),
      },
      [ENDPOINTS.asyncapi]: {
        methods: ['GET', 'HEAD'],
        handle: (_req, res) => sendJson(res, 200, asyncApiDocument(), {'Cache-Control': 'public, max-age=300'}),
      },
    },
    webSocketPaths: endpoints.map((endpoint) => endpoint.path),
    originPolicy,
    logger,
    maxBodyBytes: Math.max(limits.maxApiBodyBytes, limits.maxCartBodyBytes),
  });
  const handleUpgrade = createUpgradeHandler({
    endpoints,
    originPolicy,
    clients,
    registry,
    // Handshake refusals and closes are counted where they are logged.
    logger: metrics.upgradeLogger(logger),
    trustProxy: config.trustProxy,
    attempts,
  });

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
      // The router checks Host itself (http.ts hostProblem), answering with problem details.
      requireHostHeader: false,
      maxHeaderSize: limits.maxHeaderBytes,
      // Only WebSocket upgrades leave the HTTP parser; any other Upgrade
      // (h2c, say) is served as the plain request it also is (RFC 9110 §7.8).
      shouldUpgradeCallback: (req) => hasToken(req.headers.upgrade, 'websocket'),
    },
    (req, res) => {
      meter.observe(req, res);
      metrics.observeResponse(res);
      attempts.observeRequest(req, res);
      httpInspect.request(req);
      if (draining && HELD_PATHS.has(pathOf(req.url))) {
        sendProblem(res, 503, 'The demo server is shutting down; try again', {
          'Retry-After': SLOT_RETRY_AFTER_SECONDS,
          Connection: 'close',
        });
        return;
      }
      handleRequest(req, res);
    },
  );
  // Added after node:http's own listener, before the socket has been read from.
  server.on('connection', httpInspect.connection);
  // Sockets that left the HTTP parser for 'upgrade' and were refused, lingering,
  // are no longer among the connections `closeAllConnections` ends, so shutdown
  // keeps its own list of them.
  const upgradeSockets = new Set<Duplex>();
  // One listener for all of them, not a closure per socket kept for the connection's life.
  function forgetUpgradeSocket(this: Duplex) {
    upgradeSockets.delete(this);
    metrics.upgradeSocketClosed(this);
  }
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    attempts.observeUpgrade(req, socket);
    if (draining) {
      upgradeSockets.add(socket);
      socket.on('close', forgetUpgradeSocket);
      metrics.refused('websocket', 503);
      refuseUpgrade(socket, 503, 'The demo server is shutting down; try again', {
        'Retry-After': SLOT_RETRY_AFTER_SECONDS,
      });
      return;
    }
    if (pathOf(req.url).startsWith(`${ENDPOINTS.viaProxy}/`)) {
      // The browser's end of a proxied handshake: the proxy tunnels it or answers; shutdown cuts it off if need be.
      proxy.upgrade(req, socket, head);
      upgradeSockets.add(socket);
      socket.on('close', forgetUpgradeSocket);
      return;
    }
    // An upgraded WebSocket is the registry's to close at shutdown (and its bytes are counted when the
    // registry lets it go); only a refused socket, which its client may keep open, is kept here to be cut off.
    if (handleUpgrade(req, socket, head) || socket.destroyed) return;
    upgradeSockets.add(socket);
    socket.on('close', forgetUpgradeSocket);
  });
  server.on('clientError', (error: NodeJS.ErrnoException & {reason?: string}, socket: Duplex) => {
    // Requests Node's parser refused (malformed, head too large) and requests past a timeout land here,
    // with no ServerResponse: the answer is written onto the socket.
    const refusal = answerClientError(error, socket, limits);
    if (refusal !== null) {
      metrics.refused('http', refusal.status);
      logger.warn('refuse', {status: refusal.status, reason: error.code ?? error.message});
    }
  });
  // CONNECT (RFC 9110 §9.3.6) asks for a tunnel, which only a proxy makes: Node hands the socket over
  // and, with no listener, closes it without a word.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    upgradeSockets.add(socket);
    socket.on('close', forgetUpgradeSocket);
    socket.on('error', () => undefined);
    metrics.refused('http', 405);
    logger.warn('refuse', {status: 405, reason: 'CONNECT', path: req.url});
    refuseUpgrade(socket, 405, 'This server is not a proxy: it makes no tunnels (CONNECT)', {
      Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    });
  });
  // An Expect other than 100-continue (RFC 9110 §10.1.1): Node would answer 417 with no body.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    sendProblem(res, 417, `This server meets only "Expect: 100-continue", not "${excerpt(req.headers.expect ?? '')}"`, {
      Connection: 'close',
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    // A port already taken must not leave the FTP server holding the process open.
    await ftpServer.close();
    throw error;
  });
  server.on('error', (error) => logger.error('server-error', {error: error.message}));

  const {port} = server.address() as AddressInfo;
  ownPort = port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${hostForUrl}:${port}`;

  let ops: OpsServer | null = null;
  if (config.metrics !== null) {
    ops = await startOpsServer({
      ...config.metrics,
      limits,
      logger,
      ready: () => !draining,
      metrics: () =>
        metrics.render({
          webSockets: registry.counts().byEndpoint,
          streams: stream.open,
          longPolls: longPoll.open,
          held: hold.open,
          faultStreams: eventFaults.open,
          proxied: proxy.open,
          timing: timing.open,
          streamedResponses: streamedResponse.open,
          upgradeSockets: [...upgradeSockets, ...registry.sockets()],
        }),
    }).catch(async (error: unknown) => {
      await new Promise((resolve) => server.close(resolve));
      await ftpServer.close();
      metrics.stop();
      throw error;
    });
  }
  const metricsUrl = ops?.url ?? null;
  logger.info('start', {
    url,
    metricsUrl,
    version: VERSION,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    logLevel: config.logLevel,
  });

  let shuttingDown: Promise<void> | undefined;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      draining = true;
      server.closeIdleConnections();
      // server.close() closes only the connections idle at that moment. The streams, long polls and holds
      // ended below finish their responses a moment later, and their connections would then stay open as
      // keep-alive, and be served on, until the grace period ends: sweep them as they fall idle.
      const idleSweep = setInterval(() => server.closeIdleConnections(), limits.shutdownIdleSweepMs);
      // One grace period for everything: whatever is still open when it ends
      // (a slow HTTP request, a refused handshake's socket the client keeps
      // open) is cut off at the same time as unanswered WebSocket closes.
      const grace = {over: false};
      const forced = setTimeout(() => {
        grace.over = true;
        server.closeAllConnections();
        for (const socket of upgradeSockets) socket.destroy();
      }, limits.shutdownGraceMs);
      events.stop();
      longPoll.releaseAll();
      hold.releaseAll();
      timing.releaseAll();
      stream.endAll();
      eventFaults.endAll();
      streamedResponse.endAll();
      await registry.closeAll(CLOSE_CODES.goingAway, 'Server shutting down', limits.shutdownGraceMs);
      registry.stop();
      // The listener stays open while WebSockets close, so a load balancer's check reads 503 at /ready
      // rather than a refused connection; new long-lived work was refused meanwhile. Now it stops.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (grace.over) server.closeAllConnections();
      await closed;
      clearInterval(idleSweep);
      await ftpServer.close();
      clearTimeout(forced);
      await ops?.close();
      metrics.stop();
      logger.info('stop', {url});
    })();
    return shuttingDown;
  };

  return {port, url, metricsUrl, shutdown};
}

/** Routes that hold a request open: once draining, they are refused (503) rather than taken on. */
const HELD_PATHS: ReadonlySet<string> = new Set([
  ENDPOINTS.eventsStream,
  ENDPOINTS.eventsLongPoll,
  ENDPOINTS.hold,
  ENDPOINTS.eventsFaults,
  ENDPOINTS.timing,
  ENDPOINTS.streamedResponse,
]);

/** The address this server reaches itself on: loopback when it listens on every interface. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host === 'localhost' ? '127.0.0.1' : host;
}
