/**
 * `GET /hold?ms=<0..5000>`: answers after holding the request for `ms`, and
 * says which TCP connection carried it (numbered by this server in the order
 * connections arrived) and how many requests that connection has carried.
 * A page that fires more requests at once than its browser opens connections
 * to one host over HTTP/1.1 sees the extra ones wait for a free connection:
 * the per-host limit, measured. Held requests are bounded per client (429)
 * and in total (503), and answered at once at shutdown.
 */
import type {IncomingMessage} from 'node:http';
import type {Socket} from 'node:net';
import type {HoldResult} from '../contract/rest.ts';
import {queryOf, sendJson, sendProblem} from '../http.ts';
import {createSlots, SLOT_RETRY_AFTER_SECONDS} from '../slots.ts';
import type {Route} from './router.ts';

export interface HoldOptions {
  maxHoldMs: number;
  maxHeld: number;
  maxHeldPerClient: number;
  clientOf: (req: IncomingMessage) => string;
  now?: () => number;
}

export interface HoldRoute extends Route {
  /** Answers every held request now (at shutdown). */
  releaseAll(): void;
  /** Requests held now. */
  readonly open: number;
}

export function holdRoute(options: HoldOptions): HoldRoute {
  const {now = Date.now} = options;
  const slots = createSlots({
    total: options.maxHeld,
    perClient: options.maxHeldPerClient,
    totalFull: `The server is holding ${options.maxHeld} requests already; try again shortly`,
    perClientFull: `At most ${options.maxHeldPerClient} held requests per client at once`,
  });
  const connections = new WeakMap<Socket, {number: number; requests: number}>();
  let connectionCount = 0;
  const held = new Set<() => void>();

  return {
    methods: ['GET'],
    handle(req, res) {
      const raw = queryOf(req).get('ms') ?? '1000';
      const ms = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(ms >= 0 && ms <= options.maxHoldMs)) {
        sendProblem(res, 400, `"ms" must be a whole number of milliseconds from 0 to ${options.maxHoldMs}`);
        return;
      }
      let connection = connections.get(req.socket);
      if (connection === undefined) {
        connectionCount += 1;
        connection = {number: connectionCount, requests: 0};
        connections.set(req.socket, connection);
      }
      connection.requests += 1;
      const {number, requests} = connection;
      const receivedAt = now();

      const claim = slots.claim(options.clientOf(req));
      if (!claim.ok) {
        sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
        return;
      }
      let done = false;
      const answer = (status: 200 | 503) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        held.delete(release);
        claim.release();
        if (res.headersSent) return;
        if (status === 503) {
          sendProblem(res, 503, 'The demo server is restarting; try again', {
            'Retry-After': SLOT_RETRY_AFTER_SECONDS,
            Connection: 'close',
          });
          return;
        }
        const body: HoldResult = {
          connection: number,
          requestOnConnection: requests,
          receivedAt,
          answeredAt: now(),
          heldMs: ms,
        };
        // Lets the page read this response's Resource Timing (connection reuse, protocol).
        sendJson(res, 200, body, {'Timing-Allow-Origin': req.headers.origin ?? '*'});
      };
      const release = () => answer(503);
      const timer = setTimeout(() => answer(200), ms);
      held.add(release);
      res.once('close', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        held.delete(release);
        claim.release();
      });
    },
    releaseAll() {
      for (const release of [...held]) release();
    },
    get open() {
      return slots.size;
    },
  };
}
