/**
 * `GET /events/stream`: the event stream as Server-Sent Events (WHATWG HTML,
 * "Server-sent events"). Every event carries its `id:`, the stream opens with
 * a `retry:` hint, comment lines keep it alive through proxies, and a client
 * that reconnects with `Last-Event-ID` (or `?lastEventId=`) resumes with no
 * gap and no duplicate — or is told with a `gap` event what it missed. After a
 * restart, an id this run never sent gets a fresh stream that clears it.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {
  SSE_RETRY_MS,
  type ServerEvent,
  type StreamDropResult,
  type StreamGap,
  type StreamStart,
} from '../contract/events.ts';
import type {CostMeter, Metered} from '../events/costs.ts';
import type {DemoEventSource} from '../events/source.ts';
import {queryOf, sendJson, sendProblem} from '../http.ts';
import {createSlots, SLOT_RETRY_AFTER_SECONDS} from '../slots.ts';
import type {Route} from './router.ts';

export interface StreamOptions {
  maxStreams: number;
  maxStreamsPerClient: number;
  heartbeatMs: number;
  maxBufferedBytes: number;
  clientOf: (req: IncomingMessage) => string;
}

export interface StreamRoute extends Route {
  /** Ends every open stream (at shutdown). */
  endAll(): void;
  /** Streams open now. */
  readonly open: number;
  /** `POST /events/stream/drop?session=<id>`: ends that session's open streams. */
  readonly drop: Route;
}

interface LastEventId {
  id: number;
  from: 'Last-Event-ID' | 'lastEventId';
}

/** `Last-Event-ID` header, else `?lastEventId=`: undefined when absent, null when malformed. */
function readLastEventId(req: IncomingMessage): LastEventId | undefined | null {
  const header = req.headers['last-event-id'];
  const headerValue = Array.isArray(header) ? header[0] : header;
  const queryValue = queryOf(req).get('lastEventId');
  const [raw, from] =
    headerValue !== undefined && headerValue !== ''
      ? [headerValue, 'Last-Event-ID' as const]
      : [queryValue ?? '', 'lastEventId' as const];
  if (raw === '') return undefined;
  return /^\d{1,15}$/.test(raw.trim()) ? {id: Number(raw.trim()), from} : null;
}

/**
 * The `id` field of the first block. `id` fields set the browser's last event
 * ID (WHATWG HTML §9.2.6), which it sends back as `Last-Event-ID` when it
 * reconnects, unless it is empty (§9.2.3).
 * - On a resume, the id resumed after. The standard starts each stream's last
 *   event ID buffer empty and copies it at every blank line, so without this a
 *   drop before the next event would reconnect with no id at all.
 * - After a restart (an id ahead of the newest), an `id` field with an empty
 *   value, which clears it. Without one, Chromium keeps the old run's id ("The
 *   new parser takes over the event ID", Blink's event_source.cc) and sends it
 *   again if this stream drops before its first event.
 * - Nothing on a stream that starts from nothing.
 */
function startIdField(lastEventId: number | undefined, aheadOfNewest: number | undefined): string {
  if (aheadOfNewest !== undefined) return 'id:\n';
  return lastEventId === undefined ? '' : `id: ${lastEventId}\n`;
}

/** The first block of a stream: the retry hint, the id it starts from, and `stream-start` saying so. */
function startBlock(
  lastEventId: number | undefined,
  aheadOfNewest: number | undefined,
  from: LastEventId['from'] | null,
) {
  const start: StreamStart = {
    lastEventId: lastEventId ?? null,
    from,
    retryMs: SSE_RETRY_MS,
    ...(aheadOfNewest === undefined ? {} : {aheadOfNewest}),
  };
  return `retry: ${SSE_RETRY_MS}\n${startIdField(lastEventId, aheadOfNewest)}event: stream-start\ndata: ${JSON.stringify(start)}\n\n`;
}

/** The first block of every stream that resumes nothing (most of them), made once. */
const FRESH_START_BLOCK = startBlock(undefined, undefined, null);

/** A stream's header fields, as one list that every stream's response head is written from. */
const STREAM_HEAD: string[] = [
  'Content-Type',
  'text/event-stream; charset=utf-8',
  'Cache-Control',
  'no-store',
  // Ask reverse proxies (nginx) not to buffer the stream.
  'X-Accel-Buffering',
  'no',
];

function eventBlock(event: ServerEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

const CRLF = Buffer.from('\r\n');

/** A block to send to every stream, as bytes and as one whole HTTP/1.1 chunk (RFC 9112 §7.1). */
interface Framed {
  block: Buffer;
  chunk: Buffer;
}

function frame(text: string): Framed {
  const block = Buffer.from(text);
  return {block, chunk: Buffer.concat([Buffer.from(`${block.length.toString(16)}\r\n`), block, CRLF])};
}

/**
 * The socket a stream's chunks can go to directly. `res.write` frames a chunk
 * for every stream it writes (its size in hex, then four writes through the
 * socket); writing a chunk framed once is what `/ws/events` does with its
 * frames. It keeps the order of the bytes only where `ServerResponse` holds
 * nothing back: its head is on the socket, it frames the body in chunks, and
 * it owns the socket (a pipelined response waits for one and buffers).
 */
function directSocketOf(res: ServerResponse): Socket | null {
  const socket = res.socket;
  // An own `write` is an observer's wrapper (attempts.ts keeps the start of a watched body): it sees every block.
  if (!res.headersSent || !res.chunkedEncoding || socket === null || Object.hasOwn(res, 'write')) return null;
  return res.writableLength === socket.writableLength ? socket : null;
}

/** What the route keeps about one open stream; the code that reads it is shared by every stream. */
interface OpenStream {
  /**
   * The socket to write whole chunks to, past `ServerResponse`, once the head is out; null where
   * Node does not frame the body in chunks (HTTP/1.0) or has not given the response its socket yet.
   */
  direct: Socket | null;
  session: string | undefined;
  metered: Metered | undefined;
  /** The stream's place among those its client may hold. */
  claim: {release(): void};
  ended: boolean;
}

export function streamRoute(source: DemoEventSource, meter: CostMeter, options: StreamOptions): StreamRoute {
  /**
   * Every open stream. One subscription to the source and one heartbeat timer serve them all while there
   * is any: an event is serialised once, not once per stream, and a stream costs an entry here rather than
   * a listener, an interval and their closures.
   */
  const open = new Map<ServerResponse, OpenStream>();
  /** Open streams by reader session, for the drop command. Bounded by the stream caps. */
  const bySession = new Map<string, Set<ServerResponse>>();
  const slots = createSlots({
    total: options.maxStreams,
    perClient: options.maxStreamsPerClient,
    totalFull: `The server has ${options.maxStreams} streams open already; try again shortly`,
    perClientFull: `At most ${options.maxStreamsPerClient} event streams per client`,
  });
  let unsubscribe: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const end = (res: ServerResponse) => {
    const stream = open.get(res);
    if (stream === undefined || stream.ended) return;
    stream.ended = true;
    open.delete(res);
    if (stream.session !== undefined) {
      const mine = bySession.get(stream.session);
      mine?.delete(res);
      if (mine?.size === 0) bySession.delete(stream.session);
    }
    stream.claim.release();
    if (open.size === 0) {
      unsubscribe?.();
      unsubscribe = undefined;
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
    if (!res.writableEnded) res.end();
  };
  const write = (res: ServerResponse, text: string | Buffer) => {
    if (open.get(res)?.ended !== false) return;
    res.write(text);
    // A client that stopped reading: end its stream rather than buffer without bound.
    if (res.writableLength > options.maxBufferedBytes) end(res);
  };
  const send = (res: ServerResponse, stream: OpenStream, block: string | Buffer) => {
    write(res, block);
    stream.metered?.delivered(1, {answer: false});
  };
  const writeFramed = (res: ServerResponse, stream: OpenStream, framed: Framed) => {
    if (stream.ended) return;
    if (stream.direct === null) res.write(framed.block);
    // As ServerResponse does: a socket already ended (the client half-closed it) takes nothing; its 'close' ends this.
    else if (stream.direct.writable) stream.direct.write(framed.chunk);
    if (res.writableLength > options.maxBufferedBytes) end(res);
  };
  const broadcast = (event: ServerEvent) => {
    const framed = frame(eventBlock(event));
    for (const [res, stream] of open) {
      writeFramed(res, stream, framed);
      stream.metered?.delivered(1, {answer: false});
    }
  };
  // Every stream gets a comment line once per interval: a shared tick, so a stream's first may come sooner.
  const keepAliveComment = frame(': keep-alive\n\n');
  const keepAlive = () => {
    for (const [res, stream] of open) writeFramed(res, stream, keepAliveComment);
  };
  function onClose(this: ServerResponse) {
    end(this);
  }

  return {
    methods: ['GET'],
    handle(req, res) {
      const session = meter.sessionOf(req);
      if (session === null) {
        sendProblem(res, 400, '"session" must be 8 to 64 letters, digits, "-" or "_"');
        return;
      }
      const resume = readLastEventId(req);
      if (resume === null) {
        sendProblem(res, 400, 'Last-Event-ID must be the id (a whole number) of the last event you received');
        return;
      }
      // An id ahead of the newest event was never emitted by this server: its ids began again (it
      // restarted). EventSource would send it on every reconnection, so refusing it would end the stream
      // for good; a fresh stream from now that says why, and clears the id, lets the page carry on.
      const aheadOfNewest = resume !== undefined && resume.id > source.latestId ? resume.id : undefined;
      const lastEventId = aheadOfNewest === undefined ? resume?.id : undefined;
      const claim = slots.claim(options.clientOf(req));
      if (!claim.ok) {
        sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
        return;
      }
      const metered = session === undefined ? undefined : meter.stream(session, 'sse', req.socket, res);
      const stream: OpenStream = {direct: null, session, metered, claim, ended: false};
      open.set(res, stream);
      if (session !== undefined) {
        const mine = bySession.get(session) ?? new Set<ServerResponse>();
        mine.add(res);
        bySession.set(session, mine);
      }

      res.writeHead(200, STREAM_HEAD);
      // Subscribing before writing the backlog loses nothing: no event can be
      // emitted while this function runs, and the live ones follow the backlog.
      unsubscribe ??= source.subscribe(broadcast);
      heartbeat ??= setInterval(keepAlive, options.heartbeatMs);
      // One block, before any event: the retry hint and the id this stream starts from.
      write(res, resume === undefined ? FRESH_START_BLOCK : startBlock(lastEventId, aheadOfNewest, resume.from));
      if (lastEventId !== undefined) {
        const missed = source.since(lastEventId);
        if (missed.ok) {
          for (const event of missed.events) send(res, stream, eventBlock(event));
        } else {
          const gap: StreamGap = {missedFrom: lastEventId + 1, missedTo: missed.oldestAvailableId - 1};
          write(res, `event: gap\ndata: ${JSON.stringify(gap)}\n\n`);
          const rest = source.since(missed.oldestAvailableId - 1);
          if (rest.ok) for (const event of rest.events) send(res, stream, eventBlock(event));
        }
      }
      res.on('close', onClose);
      stream.direct = directSocketOf(res);
    },
    endAll() {
      for (const res of [...open.keys()]) end(res);
    },
    get open() {
      return slots.size;
    },
    drop: {
      methods: ['POST'],
      handle(req, res) {
        const session = meter.sessionOf(req);
        if (session === undefined || session === null) {
          sendProblem(res, 400, 'Say whose streams to drop: ?session= with the id your page sends on its stream');
          return;
        }
        const mine = [...(bySession.get(session) ?? [])];
        // Ending the response (not destroying the socket) is what a server
        // restart or a proxy timeout looks like to EventSource: it reconnects.
        for (const stream of mine) stream.end();
        const body: StreamDropResult = {dropped: mine.length};
        sendJson(res, 200, body);
      },
    },
  };
}
