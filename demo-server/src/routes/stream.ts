/**
 * `GET /events/stream`: the event stream as Server-Sent Events (WHATWG HTML,
 * "Server-sent events"). Every event carries its `id:`, the stream opens with
 * a `retry:` hint, comment lines keep it alive through proxies, and a client
 * that reconnects with `Last-Event-ID` (or `?lastEventId=`) resumes with no
 * gap and no duplicate — or is told with a `gap` event what it missed.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {SSE_RETRY_MS, type ServerEvent, type StreamGap} from '../contract.ts';
import type {DemoEventSource} from '../events/source.ts';
import {sendProblem} from '../http.ts';
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
}

/** `Last-Event-ID` header, else `?lastEventId=`: undefined when absent, null when malformed. */
function readLastEventId(req: IncomingMessage): number | undefined | null {
  const header = req.headers['last-event-id'];
  const raw =
    (Array.isArray(header) ? header[0] : header) ??
    new URL(req.url ?? '/', 'http://demo-server.invalid').searchParams.get('lastEventId') ??
    undefined;
  if (raw === undefined || raw === '') return undefined;
  return /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

function eventBlock(event: ServerEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function streamRoute(source: DemoEventSource, options: StreamOptions): StreamRoute {
  /** Every open stream, to end them at shutdown. */
  const open = new Set<ServerResponse>();
  const slots = createSlots({
    total: options.maxStreams,
    perClient: options.maxStreamsPerClient,
    totalFull: `The server has ${options.maxStreams} streams open already; try again shortly`,
    perClientFull: `At most ${options.maxStreamsPerClient} event streams per client`,
  });

  return {
    methods: ['GET'],
    handle(req, res) {
      const lastEventId = readLastEventId(req);
      if (lastEventId === null) {
        sendProblem(res, 400, 'Last-Event-ID must be the id (a whole number) of the last event you received');
        return;
      }
      if (lastEventId !== undefined && lastEventId > source.latestId) {
        sendProblem(res, 400, `Last-Event-ID ${lastEventId} is ahead of the newest event (${source.latestId})`);
        return;
      }
      const claim = slots.claim(options.clientOf(req));
      if (!claim.ok) {
        sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
        return;
      }
      open.add(res);

      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // Ask reverse proxies (nginx) not to buffer the stream.
        'X-Accel-Buffering': 'no',
      });
      let ended = false;
      // Subscribing before writing the backlog loses nothing: no event can be
      // emitted while this function runs, and the live ones follow the backlog.
      const unsubscribe = source.subscribe((event) => write(eventBlock(event)));
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), options.heartbeatMs);
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
        claim.release();
        if (!res.writableEnded) res.end();
      };
      const write = (text: string) => {
        if (ended) return;
        res.write(text);
        // A client that stopped reading: end its stream rather than buffer without bound.
        if (res.writableLength > options.maxBufferedBytes) end();
      };

      write(`retry: ${SSE_RETRY_MS}\n\n`);
      if (lastEventId !== undefined) {
        const missed = source.since(lastEventId);
        if (missed.ok) {
          for (const event of missed.events) write(eventBlock(event));
        } else {
          const gap: StreamGap = {missedFrom: lastEventId + 1, missedTo: missed.oldestAvailableId - 1};
          write(`event: gap\ndata: ${JSON.stringify(gap)}\n\n`);
          const rest = source.since(missed.oldestAvailableId - 1);
          if (rest.ok) for (const event of rest.events) write(eventBlock(event));
        }
      }
      res.once('close', end);
    },
    endAll() {
      for (const res of [...open]) res.end();
    },
  };
}
