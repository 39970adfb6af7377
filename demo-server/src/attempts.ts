/**
 * Keeps what the server saw of the attempts a page makes on purpose, so the
 * page can show the server's side beside the little a browser tells script
 * (a refused WebSocket handshake reaches script as a bare 1006; a refused CORS
 * request as an opaque TypeError). A request joins an attempt by carrying
 * `?attempt=<id>`; the server keeps its head as received and the head and
 * first bytes of the answer as written, and hands the record to
 * `GET /attempts/{id}` once, to the same client address, for a minute after
 * the attempt's last request. Bounded in attempts (overall and per client),
 * in exchanges and notes per attempt, and in characters overall.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {ATTEMPT_ID_PATTERN, ATTEMPT_PARAM, type AttemptRecord, type ObservedExchange} from './contract/attempts.ts';
import {shownFieldValue} from './cookieField.ts';
import {ATTEMPT_LIMITS} from './limits.ts';

export interface AttemptLogOptions {
  maxAttempts: number;
  maxAttemptsPerClient: number;
  maxChars: number;
  /** The client a request comes from (its address, or the proxy's word for it): records are kept and given per client. */
  clientOf: (req: IncomingMessage) => string;
  ttlMs?: number;
  now?: () => number;
}

interface Attempt {
  client: string;
  id: string;
  exchanges: ObservedExchange[];
  exchangesDropped: number;
  notes: {at: number; text: string}[];
  /** Characters held by this attempt's strings, counted against the overall budget. */
  chars: number;
  expiresAt: number;
}

/** One kept exchange, for the code that answers it to complete. */
export interface ExchangeHandle {
  /** Records the response head (and, for a raw socket, the body bytes after it). */
  answered(head: string, body?: string): void;
  /** Adds the start of the body, up to the bound. */
  body(text: string): void;
  ended(): void;
}

export type AttemptLog = ReturnType<typeof createAttemptLog>;

/** The attempt id a request URL names, or null (absent or not of the allowed form). */
export function attemptIdOf(url: string | undefined): string | null {
  const query = (url ?? '').indexOf('?');
  // Every request passes here: most name no attempt, and need no parsing to say so.
  if (query < 0 || !(url ?? '').includes(`${ATTEMPT_PARAM}=`, query)) return null;
  const id = new URLSearchParams(url?.slice(query + 1)).get(ATTEMPT_PARAM);
  return id !== null && ATTEMPT_ID_PATTERN.test(id) ? id : null;
}

/** Request line and header lines as they arrived, names in their case and order; other sites' cookie values withheld. */
export function requestHead(req: IncomingMessage): string {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    lines.push(`${req.rawHeaders[i]}: ${shownFieldValue(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')}`);
  return lines.join('\r\n');
}

export function createAttemptLog(limits: AttemptLogOptions) {
  const {clientOf, now = Date.now} = limits;
  const ttlMs = limits.ttlMs ?? ATTEMPT_LIMITS.ttlMs;
  /** Insertion order is age order: an attempt touched again moves to the end. */
  const attempts = new Map<string, Attempt>();
  const perClient = new Map<string, number>();
  let chars = 0;

  const keyOf = (client: string, id: string) => `${client}\n${id}`;

  const forget = (key: string, attempt: Attempt) => {
    attempts.delete(key);
    chars -= attempt.chars;
    const left = (perClient.get(attempt.client) ?? 1) - 1;
    if (left <= 0) perClient.delete(attempt.client);
    else perClient.set(attempt.client, left);
  };

  const prune = (at: number) => {
    for (const [key, attempt] of attempts) {
      if (attempt.expiresAt > at && attempts.size <= limits.maxAttempts && chars <= limits.maxChars) break;
      forget(key, attempt);
    }
  };

  const charge = (attempt: Attempt, text: string) => {
    // An exchange still being answered after its attempt was read or forgotten counts against nothing.
    if (attempts.get(keyOf(attempt.client, attempt.id)) !== attempt) return;
    attempt.chars += text.length;
    chars += text.length;
    if (chars > limits.maxChars) prune(now());
  };

  /** The attempt for this client and id, made or touched now (its minute starts again). */
  const open = (client: string, id: string, at: number): Attempt => {
    const key = keyOf(client, id);
    const existing = attempts.get(key);
    if (existing !== undefined) {
      attempts.delete(key);
      existing.expiresAt = at + ttlMs;
      attempts.set(key, existing);
      return existing;
    }
    const count = perClient.get(client) ?? 0;
    if (count >= limits.maxAttemptsPerClient) {
      // This client's oldest attempt makes room: a page cannot push other readers' records out faster than its own.
      for (const [oldKey, old] of attempts) {
        if (old.client === client) {
          forget(oldKey, old);
          break;
        }
      }
    }
    const attempt: Attempt = {
      client,
      id,
      exchanges: [],
      exchangesDropped: 0,
      notes: [],
      chars: 0,
      expiresAt: at + ttlMs,
    };
    attempts.set(key, attempt);
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    return attempt;
  };

  const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

  /** Starts an exchange; null when the request names no attempt. */
  const begin = (req: IncomingMessage, transport: ObservedExchange['transport']): ExchangeHandle | null => {
    const id = attemptIdOf(req.url);
    if (id === null) return null;
    const at = now();
    const attempt = open(clientOf(req), id, at);
    if (attempt.exchanges.length >= ATTEMPT_LIMITS.maxExchangesPerAttempt) {
      attempt.exchangesDropped += 1;
      prune(at);
      return null;
    }
    const exchange: ObservedExchange = {
      at,
      transport,
      request: cut(requestHead(req), ATTEMPT_LIMITS.maxHeadChars),
      response: null,
      body: '',
      bodyTruncated: false,
      answeredAt: null,
      endedAt: null,
    };
    charge(attempt, exchange.request);
    attempt.exchanges.push(exchange);
    prune(at);
    const handle: ExchangeHandle = {
      answered(head, body) {
        if (exchange.response !== null) return;
        exchange.response = cut(head, ATTEMPT_LIMITS.maxHeadChars);
        exchange.answeredAt = now();
        charge(attempt, exchange.response);
        if (body !== undefined) handle.body(body);
      },
      body(text) {
        const room = ATTEMPT_LIMITS.maxBodyChars - exchange.body.length;
        if (room <= 0) {
          if (text.length > 0) exchange.bodyTruncated = true;
          return;
        }
        const kept = cut(text, room);
        if (kept.length < text.length) exchange.bodyTruncated = true;
        exchange.body += kept;
        charge(attempt, kept);
      },
      ended() {
        exchange.endedAt ??= now();
      },
    };
    return handle;
  };

  /** `note` by client and attempt id. */
  const noteFor = (client: string, id: string, text: string): void => {
    const attempt = attempts.get(keyOf(client, id));
    if (attempt === undefined || attempt.notes.length >= ATTEMPT_LIMITS.maxNotesPerAttempt) return;
    const kept = cut(text, ATTEMPT_LIMITS.maxBodyChars);
    attempt.notes.push({at: now(), text: kept});
    charge(attempt, kept);
    prune(now());
  };

  /** `take` by client. */
  const takeFor = (client: string, id: string): AttemptRecord | undefined => {
    prune(now());
    const key = keyOf(client, id);
    const attempt = attempts.get(key);
    if (attempt === undefined) return undefined;
    forget(key, attempt);
    return {
      attempt: id,
      exchanges: attempt.exchanges,
      exchangesDropped: attempt.exchangesDropped,
      notes: attempt.notes,
    };
  };

  return {
    noteFor,
    takeFor,

    /**
     * Keeps a plain HTTP request that names an attempt, and the head and body
     * start of its response as Node writes them.
     */
    observeRequest(req: IncomingMessage, res: ServerResponse): void {
      const handle = begin(req, 'http');
      if (handle === null) return;
      // The head exactly as written: Node builds it once, on the first write, into `_header`, whether the headers were
      // set one by one or given to writeHead (which then keeps no other copy of them).
      const headOf = () => {
        const header: unknown = (res as unknown as {_header?: unknown})._header;
        if (typeof header === 'string' && header !== '') handle.answered(header.replace(/\r\n\r\n$/, ''));
      };
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      const keepBody = (chunk: unknown) => {
        if (typeof chunk === 'string') handle.body(chunk);
        else if (chunk instanceof Uint8Array) handle.body(Buffer.from(chunk).toString('utf8'));
      };
      // Only this response is wrapped, and only because its request asked to be watched.
      res.write = ((...args: unknown[]) => {
        const written = write(...args);
        headOf();
        keepBody(args[0]);
        return written;
      }) as ServerResponse['write'];
      res.end = ((...args: unknown[]) => {
        if (typeof args[0] !== 'function') keepBody(args[0]);
        const ended = end(...args);
        headOf();
        return ended;
      }) as ServerResponse['end'];
      res.once('close', () => {
        headOf();
        handle.ended();
      });
    },

    /**
     * Keeps an upgrade request that names an attempt and the first bytes written
     * on its socket: a refusal (status line, headers, explanation) or the 101.
     */
    observeUpgrade(req: IncomingMessage, socket: Duplex): ExchangeHandle | null {
      const handle = begin(req, 'upgrade');
      if (handle === null) return null;
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      const end = socket.end.bind(socket) as (...args: unknown[]) => Duplex;
      // The first bytes are the answer: a refusal is written with `end`, the 101 with `write`. Only this socket is
      // wrapped, because its request asked to be watched, and only until it has answered.
      const keep = (chunk: unknown) => {
        socket.write = write as Duplex['write'];
        socket.end = end as Duplex['end'];
        const bytes =
          typeof chunk === 'string' ? Buffer.from(chunk) : chunk instanceof Uint8Array ? Buffer.from(chunk) : null;
        if (bytes === null || bytes.length === 0) return;
        // A head is Latin-1 on the wire (RFC 9112 §2.2); the explanation after it is UTF-8 JSON.
        const split = bytes.indexOf('\r\n\r\n');
        if (split < 0) handle.answered(bytes.toString('latin1'));
        else handle.answered(bytes.subarray(0, split).toString('latin1'), bytes.subarray(split + 4).toString('utf8'));
      };
      socket.write = ((...args: unknown[]) => {
        keep(args[0]);
        return write(...args);
      }) as Duplex['write'];
      socket.end = ((...args: unknown[]) => {
        if (typeof args[0] !== 'function') keep(args[0]);
        return end(...args);
      }) as Duplex['end'];
      socket.once('close', () => handle.ended());
      return handle;
    },

    /**
     * Adds what the server did or noticed later (a close frame sent or received, a cut socket) to the attempt the
     * request named, if it is kept.
     */
    note(req: IncomingMessage, text: string): void {
      const id = attemptIdOf(req.url);
      if (id !== null) noteFor(clientOf(req), id, text);
    },

    /** The attempt's record, once, to the client that made it; undefined when unknown, expired or another's. */
    take(req: IncomingMessage, id: string): AttemptRecord | undefined {
      return takeFor(clientOf(req), id);
    },

    get size() {
      return attempts.size;
    },
    get chars() {
      return chars;
    },
  };
}
