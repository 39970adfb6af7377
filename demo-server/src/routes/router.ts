/**
 * Plain HTTP requests: CORS from the same allow-list as WebSocket origins,
 * then a route per path. Unknown paths get 404, wrong methods 405 with
 * `Allow`, and every error body is problem details (RFC 9457).
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Logger} from '../log.ts';
import type {OriginPolicy} from '../origin.ts';
import {answerFailure, excerpt, hostProblem, pathOf, refuseBody, sendProblem} from '../http.ts';

/** Answers one request; a handler that reads the body returns a promise, and its failure is answered 500. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  methods: readonly string[];
  handle: Handler;
}

export interface RouterOptions {
  routes: Readonly<Record<string, Route>>;
  /** A path prefix whose requests one handler answers entirely (methods, OPTIONS and errors included). */
  prefixes?: readonly {prefix: string; handle: Handler}[];
  /** Paths that only speak WebSocket: a plain request there gets 426 Upgrade Required. */
  webSocketPaths: readonly string[];
  originPolicy: OriginPolicy;
  logger: Logger;
  /**
   * The largest body any route reads. A request that declares a larger one is
   * answered 413 before routing and its connection closed, rather than have
   * Node read and discard the body to keep the connection alive.
   */
  maxBodyBytes: number;
}

const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function createRouter({
  routes,
  prefixes = [],
  webSocketPaths,
  originPolicy,
  logger,
  maxBodyBytes,
}: RouterOptions) {
  /** Whatever a handler throws, now or later, is answered to that client alone and logged. */
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    logger.error('request-error', {
      path: excerpt(req.url ?? ''),
      error: error instanceof Error ? error.message : String(error),
    });
    answerFailure(res);
  };
  // Worked out once, not on every request: the path a prefix owns the paths under, and what each route allows.
  const owners = prefixes.map(({prefix, handle}) => ({prefix, under: `${prefix}/`, handle}));
  const allowed = new Map(
    Object.entries(routes).map(([path, route]) => [path, [...route.methods, 'OPTIONS'].join(', ')]),
  );
  const known = Object.keys(routes).join(', ');
  const run = (handle: Handler, req: IncomingMessage, res: ServerResponse) => {
    const answered = handle(req, res);
    if (answered instanceof Promise) answered.catch((error: unknown) => fail(req, res, error));
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const badHost = hostProblem(req);
      if (badHost !== null) return sendProblem(res, 400, badHost, {Connection: 'close'});
      const origin = originPolicy.check(req.headers.origin);
      if (!origin.allowed) {
        logger.warn('refuse', {status: 403, reason: origin.reason, path: req.url});
        return sendProblem(res, 403, origin.reason, {Vary: 'Origin'});
      }
      if (origin.origin !== null) {
        res.setHeader('Access-Control-Allow-Origin', origin.origin);
        res.setHeader('Vary', 'Origin');
      }

      if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
        return refuseBody(req, res, `The body is larger than ${maxBodyBytes} bytes, the most any request here carries`);
      }
      const path = pathOf(req.url);
      if (webSocketPaths.includes(path)) {
        return sendProblem(res, 426, `${path} speaks WebSocket: open it with a WebSocket client (Upgrade: websocket)`, {
          Upgrade: 'websocket',
          // A sender of Upgrade lists it in Connection (RFC 9110 §7.8). Setting
          // Connection by hand stops Node from honouring a client's "close"
          // (RFC 9112 §9.6), so say close here, as refuseUpgrade does.
          Connection: 'Upgrade, close',
        });
      }
      const owner = owners.find(({prefix, under}) => path === prefix || path.startsWith(under));
      if (owner !== undefined) return run(owner.handle, req, res);
      const route = routes[path];
      if (route === undefined) {
        return sendProblem(res, 404, `Nothing at ${path}; this server answers ${known}`);
      }
      const allow = allowed.get(path) ?? 'OPTIONS';
      if (req.method === 'OPTIONS') {
        // CORS preflight (Fetch standard) or a plain OPTIONS: both learn what the path allows.
        res.writeHead(204, {
          Allow: allow,
          'Access-Control-Allow-Methods': allow,
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
        });
        return void res.end();
      }
      if (!route.methods.includes(req.method ?? '')) {
        return sendProblem(res, 405, `${path} allows ${allow}, not ${req.method}`, {Allow: allow});
      }
      run(route.handle, req, res);
    } catch (error) {
      fail(req, res, error);
    }
  };
}
