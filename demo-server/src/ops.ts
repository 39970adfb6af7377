/**
 * The operators' listener: `GET /metrics` (Prometheus text format) and
 * `GET /ready`, on a port of their own (`METRICS_PORT`) bound to loopback
 * unless `METRICS_HOST` says otherwise, so what the server counts is never
 * public by accident. It answers nothing else (404, or 405 with `Allow`), and
 * bounds its clients with the main listener's timeouts and head size.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {ENDPOINTS} from './contract/endpoints.ts';
import {answerClientError, excerpt, pathOf, sendProblem} from './http.ts';
import type {Limits} from './limits.ts';
import type {Logger} from './log.ts';
import {EXPOSITION_CONTENT_TYPE} from './metrics.ts';
import {sendReadiness} from './routes/ready.ts';

/** The paths the operators' listener answers. */
export const OPS_PATHS = {metrics: '/metrics', ready: ENDPOINTS.ready} as const;

const ALLOWED_METHODS = ['GET', 'HEAD'];

export interface OpsOptions {
  host: string;
  port: number;
  limits: Pick<
    Limits,
    'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'connectionsCheckingIntervalMs' | 'maxHeaderBytes'
  >;
  /** The exposition text, built when scraped. */
  metrics: () => string;
  ready: () => boolean;
  logger: Logger;
}

export interface OpsServer {
  readonly port: number;
  /** `http://host:port` of this listener. */
  readonly url: string;
  /** Stops listening and ends its connections at once (nothing it serves is long). */
  close(): Promise<void>;
}

/**
 * Starts the operators' listener.
 * @throws Error saying which variable to change when the port is taken or the host cannot be bound.
 */
export async function startOpsServer(options: OpsOptions): Promise<OpsServer> {
  const {limits, logger} = options;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req.url);
    // Nothing here reads a body: a request that may carry one is answered and its connection closed, rather
    // than have Node read and discard the body to keep the connection.
    if (path !== OPS_PATHS.metrics && path !== OPS_PATHS.ready) {
      sendProblem(
        res,
        404,
        `Nothing at ${excerpt(path)}; this listener answers ${OPS_PATHS.metrics} and ${OPS_PATHS.ready}`,
        {Connection: 'close'},
      );
      return;
    }
    if (!ALLOWED_METHODS.includes(req.method ?? '')) {
      const allow = ALLOWED_METHODS.join(', ');
      sendProblem(res, 405, `${path} allows ${allow}, not ${excerpt(req.method ?? '')}`, {
        Allow: allow,
        Connection: 'close',
      });
      return;
    }
    if (path === OPS_PATHS.ready) {
      sendReadiness(res, options.ready());
      return;
    }
    const startedAt = performance.now();
    const text = options.metrics();
    const bytes = Buffer.byteLength(text);
    res.writeHead(200, {'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': bytes, 'Cache-Control': 'no-store'});
    res.end(req.method === 'HEAD' ? undefined : text);
    logger.debug('scrape', {bytes, ms: Math.round((performance.now() - startedAt) * 100) / 100});
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // Nothing here upgrades: a request asking to is served as the plain request it also is.
      shouldUpgradeCallback: () => false,
    },
    (req, res) => {
      try {
        handle(req, res);
      } catch (error) {
        logger.error('request-error', {
          path: OPS_PATHS.metrics,
          error: error instanceof Error ? error.message : String(error),
        });
        if (!res.headersSent) sendProblem(res, 500, 'The demo server failed to answer this request');
      }
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException & {reason?: string}, socket) => {
    answerClientError(error, socket, limits);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // A new error, without the code: main.ts answers EADDRINUSE by naming PORT.
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `METRICS_PORT ${options.port} on ${options.host} is already in use: set METRICS_PORT to a free port, or to off`
            : `The metrics listener cannot listen on ${options.host}:${options.port} (METRICS_HOST, METRICS_PORT): ${error.message}`,
        ),
      );
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  server.on('error', (error) => logger.error('server-error', {error: error.message}));

  const {port} = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: `http://${hostForUrl}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
