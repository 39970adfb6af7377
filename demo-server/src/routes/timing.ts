/**
 * `GET /http/timing?delay=&size=&rate=&tao=&close=`: the timing demo's resource. The server holds the request
 * `delay` ms before it writes the response head, then sends `size` bytes of body at `rate` bytes a second, so the
 * waiting and the download show as phases of the page's Resource Timing entry. `Server-Timing` (W3C Server Timing)
 * says what the server did: how long it held the request, which TCP connection carried it and how many requests
 * that connection has carried. `Timing-Allow-Origin` lets the page of another origin read the detailed timings;
 * `tao=0` leaves it out so that the page sees what the browser hides. `close=1` answers `Connection: close`, so the
 * next request has to open a new connection. Every number is bounded (TIMING_LIMITS), and answers under way are
 * bounded per client and in all.
 */
import type {IncomingMessage} from 'node:http';
import type {Socket} from 'node:net';
import {TIMING_DEFAULTS, TIMING_METRICS, TIMING_PARAMS} from '../contract/timing.ts';
import {queryOf, sendProblem, type QueryParams} from '../http.ts';
import {TIMING_LIMITS} from '../limits.ts';
import {createSlots, SLOT_RETRY_AFTER_SECONDS} from '../slots.ts';
import type {Route} from './router.ts';

export interface TimingOptions {
  clientOf: (req: IncomingMessage) => string;
}

export interface TimingRoute extends Route {
  /** Ends every answer under way now (at shutdown). */
  releaseAll(): void;
  /** Answers under way now. */
  readonly open: number;
}

/** The body's bytes: one line of text repeated, the same every time, which a reader can recognise. */
const LINE = Buffer.from('Over the Wire: this line is part of a body sent at a measured pace.\n');
const BODY = Buffer.alloc(TIMING_LIMITS.maxSizeBytes, LINE);

export interface TimingRequest {
  delay: number;
  size: number;
  rate: number;
  tao: boolean;
  close: boolean;
}

function whole(query: QueryParams, name: string, fallback: number, min: number, max: number): number | string {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  return value >= min && value <= max ? value : `"${name}" must be a whole number from ${min} to ${max}`;
}

function flag(query: QueryParams, name: string, fallback: boolean): boolean | string {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (raw === '0' || raw === '1') return raw === '1';
  return `"${name}" must be 0 or 1`;
}

/** The request's parameters, or the sentence that says what is wrong with them. */
export function parseTimingRequest(query: QueryParams): TimingRequest | string {
  const delay = whole(query, TIMING_PARAMS.delay, TIMING_DEFAULTS.delay, 0, TIMING_LIMITS.maxDelayMs);
  const size = whole(query, TIMING_PARAMS.size, TIMING_DEFAULTS.size, 0, TIMING_LIMITS.maxSizeBytes);
  const rate = whole(query, TIMING_PARAMS.rate, TIMING_DEFAULTS.rate, 0, TIMING_LIMITS.maxBytesPerSecond);
  const tao = flag(query, TIMING_PARAMS.tao, true);
  const close = flag(query, TIMING_PARAMS.close, false);
  if (typeof delay === 'string') return delay;
  if (typeof size === 'string') return size;
  if (typeof rate === 'string') return rate;
  if (typeof tao === 'string') return tao;
  if (typeof close === 'string') return close;
  const request: TimingRequest = {delay, size, rate, tao, close};
  if (request.rate !== 0 && request.rate < TIMING_LIMITS.minBytesPerSecond) {
    return `"rate" must be 0 (no throttling) or from ${TIMING_LIMITS.minBytesPerSecond} to ${TIMING_LIMITS.maxBytesPerSecond} bytes a second`;
  }
  if (request.rate !== 0 && (request.size / request.rate) * 1000 > TIMING_LIMITS.maxSendMs) {
    return `"size" / "rate" must be at most ${TIMING_LIMITS.maxSendMs / 1000} s of sending`;
  }
  return request;
}

export function timingRoute(options: TimingOptions): TimingRoute {
  const slots = createSlots({
    total: TIMING_LIMITS.maxOpen,
    perClient: TIMING_LIMITS.maxOpenPerClient,
    totalFull: `The server is answering ${TIMING_LIMITS.maxOpen} timing requests already; try again shortly`,
    perClientFull: `At most ${TIMING_LIMITS.maxOpenPerClient} timing requests per client at once`,
  });
  const connections = new WeakMap<Socket, {number: number; requests: number}>();
  let connectionCount = 0;
  const underWay = new Set<() => void>();

  return {
    methods: ['GET'],
    handle(req, res) {
      const asked = parseTimingRequest(queryOf(req));
      if (typeof asked === 'string') {
        sendProblem(res, 400, asked);
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
      const claim = slots.claim(options.clientOf(req));
      if (!claim.ok) {
        sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
        return;
      }

      const receivedAt = performance.now();
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        underWay.delete(cut);
        claim.release();
      };
      // At shutdown: an answer not begun is refused, one under way is ended where it is (its connection closes).
      const cut = () => {
        if (!res.headersSent) {
          sendProblem(res, 503, 'The demo server is restarting; try again', {
            'Retry-After': SLOT_RETRY_AFTER_SECONDS,
            Connection: 'close',
          });
        } else {
          res.destroy();
        }
        finish();
      };
      underWay.add(cut);
      res.once('close', finish);

      const sendMs = asked.rate === 0 ? 0 : Math.round((asked.size / asked.rate) * 1000);
      const head = () => {
        const heldMs = performance.now() - receivedAt;
        const origin = req.headers.origin;
        const headers: Record<string, string> = {
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Length': String(asked.size),
          'Cache-Control': 'no-store',
          'Server-Timing': [
            `${TIMING_METRICS.hold};dur=${heldMs.toFixed(1)};desc="Held before the first byte"`,
            `${TIMING_METRICS.send};dur=${sendMs};desc="Planned time to send the body"`,
            `${TIMING_METRICS.connection};desc="${number}"`,
            `${TIMING_METRICS.request};desc="${requests}"`,
          ].join(', '),
        };
        if (asked.tao) headers['Timing-Allow-Origin'] = origin ?? '*';
        // Setting Connection by hand stops Node from honouring a client's own "close"; only say it when asked.
        if (asked.close) headers.Connection = 'close';
        res.writeHead(200, headers);
        if (asked.rate === 0) {
          res.end(BODY.subarray(0, asked.size));
          return;
        }
        let sent = 0;
        const tickMs = (TIMING_LIMITS.chunkBytes / asked.rate) * 1000;
        const startedAt = performance.now();
        const next = () => {
          // Each chunk goes when the rate allows it, measured from the start, so timer lateness does not add up.
          const chunk = Math.min(TIMING_LIMITS.chunkBytes, asked.size - sent);
          res.write(BODY.subarray(sent, sent + chunk));
          sent += chunk;
          if (sent >= asked.size) {
            res.end();
            return;
          }
          const due = startedAt + (sent / TIMING_LIMITS.chunkBytes) * tickMs;
          timer = setTimeout(next, Math.max(0, due - performance.now()));
        };
        if (asked.size === 0) res.end();
        else next();
      };
      timer = setTimeout(head, asked.delay);
    },
    releaseAll() {
      for (const cut of [...underWay]) cut();
    },
    get open() {
      return slots.size;
    },
  };
}
