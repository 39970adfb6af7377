/**
 * What each real-time transport costs one reader, counted where the cost is
 * paid: on the TCP socket. Requests, connections, bytes in and out (request
 * and status lines, headers, chunk framing, WebSocket frames all included;
 * TLS and TCP/IP overhead not), events delivered and empty answers, grouped
 * by a session id the page makes up (`?session=`).
 *
 * Memory is bounded: at most `maxSessions` sessions are kept, the least
 * recently used is forgotten first, and a session unused for `idleMs` goes.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {
  REALTIME_TRANSPORTS,
  SESSION_ID_PATTERN,
  type CostReport,
  type RealtimeTransport,
  type TransportCost,
} from '../contract/events.ts';
import {queryOf} from '../http.ts';

export interface ByteCounts {
  read: number;
  written: number;
}

/** net.Socket counts its bytes; other duplexes (tests' fakes) count none. */
function bytesOf(socket: Duplex): ByteCounts {
  const counted = socket as Duplex & {bytesRead?: number; bytesWritten?: number};
  return {read: counted.bytesRead ?? 0, written: counted.bytesWritten ?? 0};
}

function zeroCost(): TransportCost {
  return {requests: 0, connections: 0, open: 0, bytesIn: 0, bytesOut: 0, events: 0, emptyResponses: 0};
}

/** One metered exchange or stream: its bytes are read live off the socket until it ends. */
export interface Metered {
  /** Records what one answer or message carried; an answer with no event counts as empty. */
  delivered(events: number, options?: {answer?: boolean}): void;
  /** Stops counting (called for you when the response or socket closes). */
  end(): void;
}

interface Live {
  socket: Duplex;
  start: ByteCounts;
}

interface Session {
  lastSeen: number;
  totals: Record<RealtimeTransport, TransportCost>;
  live: Record<RealtimeTransport, Set<Live>>;
  /** Sockets each transport has used, to count distinct connections. */
  sockets: Record<RealtimeTransport, WeakSet<Duplex>>;
}

export interface CostMeterOptions {
  maxSessions: number;
  idleMs: number;
  now?: () => number;
  /**
   * For a request the server's own proxy forwarded (`/via-proxy/…`), the exchange the reader's browser made with
   * the proxy: the one metered, so that a proxied request counts once, with the bytes the reader's connection
   * carried, and not as the proxy's loopback connection (a new one per exchange) carried them.
   */
  browserOf?: (socket: Duplex) => {req: IncomingMessage; res?: ServerResponse} | undefined;
}

export interface CostMeter {
  /**
   * Call for every HTTP request the server reads: remembers where the socket's
   * counters stood when the exchange ended, so the next request on the same
   * keep-alive connection is counted from there.
   */
  observe(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Where the socket's byte counters stood when this exchange began: read, as
   * the previous exchange on the socket ended; written, now (call it before
   * writing the response).
   */
  startOf(req: IncomingMessage): ByteCounts;
  /**
   * The socket's counters when its last HTTP exchange ended (zero for a fresh
   * socket): where an upgrade on a reused keep-alive connection starts.
   */
  before(socket: Duplex): ByteCounts;
  /** `?session=`: undefined when absent, null when malformed. */
  sessionOf(req: IncomingMessage): string | undefined | null;
  /** Meters one request and its answer, until the response closes. */
  exchange(session: string, transport: RealtimeTransport, req: IncomingMessage, res: ServerResponse): Metered;
  /**
   * Meters a connection that lives on: an SSE response (`res` given, counted
   * until it closes) or an upgraded WebSocket socket (counted from its first
   * byte, the handshake, until it closes).
   */
  stream(session: string, transport: RealtimeTransport, socket: Duplex, res?: ServerResponse): Metered;
  report(session: string): CostReport;
  readonly sessionCount: number;
}

export function createCostMeter(options: CostMeterOptions): CostMeter {
  const {maxSessions, idleMs, now = Date.now, browserOf = () => undefined} = options;
  const sessions = new Map<string, Session>();
  /** Socket counters when the socket's last HTTP exchange ended; absent for a fresh socket. */
  const marks = new WeakMap<Duplex, ByteCounts>();
  /** A response's 'close': where its socket's counters stood when the exchange ended. */
  function markSocket(this: ServerResponse): void {
    const socket = this.req.socket;
    marks.set(socket, bytesOf(socket));
  }

  // The request was read after the previous exchange on this socket ended;
  // nothing has been written for this one yet.
  const startOf = (req: IncomingMessage): ByteCounts => ({
    read: marks.get(req.socket)?.read ?? 0,
    written: bytesOf(req.socket).written,
  });

  const forgetIdle = (at: number) => {
    // Map order is least recently used first, so stop at the first one still in use.
    for (const [id, session] of sessions) {
      if (at - session.lastSeen < idleMs) break;
      sessions.delete(id);
    }
  };

  const sessionFor = (id: string): Session => {
    const at = now();
    forgetIdle(at);
    let session = sessions.get(id);
    if (session === undefined) {
      if (sessions.size >= maxSessions) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      session = {
        lastSeen: at,
        totals: Object.fromEntries(REALTIME_TRANSPORTS.map((t) => [t, zeroCost()])) as Session['totals'],
        live: Object.fromEntries(REALTIME_TRANSPORTS.map((t) => [t, new Set<Live>()])) as Session['live'],
        sockets: Object.fromEntries(REALTIME_TRANSPORTS.map((t) => [t, new WeakSet<Duplex>()])) as Session['sockets'],
      };
    } else {
      sessions.delete(id);
    }
    session.lastSeen = at;
    sessions.set(id, session);
    return session;
  };

  const begin = (
    session: Session,
    transport: RealtimeTransport,
    socket: Duplex,
    start: ByteCounts,
    isStream: boolean,
  ): Metered => {
    const totals = session.totals[transport];
    totals.requests += 1;
    if (!session.sockets[transport].has(socket)) {
      session.sockets[transport].add(socket);
      totals.connections += 1;
    }
    if (isStream) totals.open += 1;
    const live: Live = {socket, start};
    session.live[transport].add(live);
    let ended = false;
    return {
      delivered(events, {answer = true} = {}) {
        totals.events += events;
        if (answer && events === 0) totals.emptyResponses += 1;
        session.lastSeen = now();
      },
      end() {
        if (ended) return;
        ended = true;
        const counts = bytesOf(socket);
        totals.bytesIn += counts.read - start.read;
        totals.bytesOut += counts.written - start.written;
        if (isStream) totals.open -= 1;
        session.live[transport].delete(live);
      },
    };
  };

  return {
    observe(_req, res) {
      // One listener shared by every response ('close' comes once), not a closure each.
      res.on('close', markSocket);
    },
    startOf,
    before: (socket) => marks.get(socket) ?? {read: 0, written: 0},
    sessionOf(req) {
      const raw = queryOf(req).get('session');
      if (raw === null) return undefined;
      return SESSION_ID_PATTERN.test(raw) ? raw : null;
    },
    exchange(id, transport, originReq, originRes) {
      const browser = browserOf(originReq.socket);
      const [req, res] = browser?.res === undefined ? [originReq, originRes] : [browser.req, browser.res];
      const socket = req.socket;
      const metered = begin(sessionFor(id), transport, socket, startOf(req), false);
      res.once('close', () => metered.end());
      return metered;
    },
    stream(id, transport, originSocket, originRes) {
      // Through the proxy: the browser's connection, and its response (none for a WebSocket, counted until it closes).
      const browser = browserOf(originSocket);
      const socket = browser === undefined ? originSocket : browser.req.socket;
      const res = browser === undefined ? originRes : browser.res;
      const start = res
        ? {read: marks.get(socket)?.read ?? 0, written: bytesOf(socket).written}
        : (marks.get(socket) ?? {read: 0, written: 0});
      const metered = begin(sessionFor(id), transport, socket, start, true);
      if (res) res.once('close', () => metered.end());
      else socket.once('close', () => metered.end());
      return metered;
    },
    report(id) {
      const session = sessions.get(id);
      const transports = Object.fromEntries(
        REALTIME_TRANSPORTS.map((transport) => {
          const cost = session ? {...session.totals[transport]} : zeroCost();
          for (const live of session?.live[transport] ?? []) {
            const counts = bytesOf(live.socket);
            cost.bytesIn += counts.read - live.start.read;
            cost.bytesOut += counts.written - live.start.written;
          }
          return [transport, cost];
        }),
      ) as CostReport['transports'];
      return {session: id, at: now(), transports};
    },
    get sessionCount() {
      return sessions.size;
    },
  };
}
