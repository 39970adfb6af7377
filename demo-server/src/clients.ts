/**
 * Per-client bookkeeping for WebSocket admission: how many connections each
 * client address holds and how fast it opens new ones, with the server-wide
 * total. Memory stays bounded: at most `maxTrackedClients` addresses are
 * remembered, and ones holding nothing are forgotten first.
 */
import type {IncomingMessage} from 'node:http';
import {isIP} from 'node:net';
import type {Limits} from './limits.ts';
import {carriedFor} from './proxy/loopback.ts';

export type Admission =
  {ok: true; release(): void} | {ok: false; status: 429 | 503; reason: string; retryAfterSeconds: number};

interface ClientEntry {
  connections: number;
  /** Handshake tokens left (a token bucket refilled continuously). */
  tokens: number;
  refilledAt: number;
}

export interface ClientTracker {
  /** Asks to open one more connection for this client; `release` gives it back. */
  admit(client: string): Admission;
  readonly totalConnections: number;
  readonly trackedClients: number;
}

type AdmissionLimits = Pick<
  Limits,
  'maxConnections' | 'maxConnectionsPerClient' | 'handshakesPerMinutePerClient' | 'maxTrackedClients'
>;

export function createClientTracker(limits: AdmissionLimits, now: () => number = Date.now): ClientTracker {
  const clients = new Map<string, ClientEntry>();
  const capacity = limits.handshakesPerMinutePerClient;
  const tokensPerMs = capacity / 60_000;
  let total = 0;

  const releaseOne = () => {
    total -= 1;
  };

  const refill = (entry: ClientEntry, at: number) => {
    entry.tokens = Math.min(capacity, entry.tokens + (at - entry.refilledAt) * tokensPerMs);
    entry.refilledAt = at;
  };

  /** Forgets clients that hold no connection and whose bucket is full again. */
  const sweep = (at: number) => {
    for (const [client, entry] of clients) {
      refill(entry, at);
      if (entry.connections === 0 && entry.tokens >= capacity) clients.delete(client);
    }
  };

  return {
    get totalConnections() {
      return total;
    },
    get trackedClients() {
      return clients.size;
    },
    admit(client) {
      const at = now();
      if (total >= limits.maxConnections) {
        return {
          ok: false,
          status: 503,
          reason: `The demo server is at its limit of ${limits.maxConnections} connections; try again shortly`,
          retryAfterSeconds: 30,
        };
      }
      let entry = clients.get(client);
      if (entry === undefined) {
        if (clients.size >= limits.maxTrackedClients) sweep(at);
        if (clients.size >= limits.maxTrackedClients) {
          return {
            ok: false,
            status: 503,
            reason: 'The demo server is serving too many clients; try again shortly',
            retryAfterSeconds: 30,
          };
        }
        entry = {connections: 0, tokens: capacity, refilledAt: at};
        clients.set(client, entry);
      }
      refill(entry, at);
      if (entry.connections >= limits.maxConnectionsPerClient) {
        return {
          ok: false,
          status: 429,
          reason: `At most ${limits.maxConnectionsPerClient} WebSocket connections per client; close one first`,
          retryAfterSeconds: 10,
        };
      }
      if (entry.tokens < 1) {
        return {
          ok: false,
          status: 429,
          reason: `At most ${capacity} WebSocket handshakes per minute per client`,
          retryAfterSeconds: Math.max(1, Math.ceil((1 - entry.tokens) / tokensPerMs / 1000)),
        };
      }
      entry.tokens -= 1;
      entry.connections += 1;
      total += 1;
      return new Grant(entry, releaseOne);
    },
  };
}

/**
 * An admitted connection's place, given back once. A class, not a closure: it lives as long as the
 * connection, and its `release` method is shared by all of them.
 */
class Grant {
  readonly ok = true;
  private released = false;
  private readonly entry: ClientEntry;
  private readonly releaseTotal: () => void;

  constructor(entry: ClientEntry, releaseTotal: () => void) {
    this.entry = entry;
    this.releaseTotal = releaseTotal;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.entry.connections -= 1;
    this.releaseTotal();
  }
}

/**
 * The address limits are counted against. Behind one reverse proxy
 * (`trustProxy`), that is the right-most `X-Forwarded-For` entry, the one the
 * proxy itself appended; entries further left are whatever the client wrote.
 * An entry that is not an IP address is not used: every map of clients is
 * keyed by this string, and a misconfigured proxy (or none) would otherwise
 * let a client make it 16 KiB long, or a new one on every request.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  // A request the server's own proxy forwarded (`/via-proxy`) counts against the reader it came from.
  const carried = carriedFor(req.socket);
  if (carried !== undefined) return carried;
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const header = Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '');
    const last = header.slice(header.lastIndexOf(',') + 1).trim();
    if (isIP(last) !== 0) return last.startsWith('::ffff:') ? last.slice('::ffff:'.length) : last;
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
