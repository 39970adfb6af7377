/**
 * The four ways a page can follow the demo server's event stream, as small
 * framework-free clients with one interface: short polling, long polling,
 * Server-Sent Events (`EventSource`) and WebSocket push. Each is started
 * after the id of the last event the page already has, reports every event
 * with the moment it arrived, and narrates what it does on the wire
 * (requests, answers, reconnects) so demos can show it.
 *
 * Failures are handled the way a careful production client would: 429 and 503
 * wait for `Retry-After`, a client that fell behind the backlog (410, 4410,
 * an SSE `gap` event) says so and starts again from the newest event, and
 * network errors retry with exponential backoff and jitter.
 */
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  type PollResponse,
  SESSION_ID_PATTERN,
  type RealtimeTransport,
  type ServerEvent,
  type StreamGap,
  type StreamStart,
} from '../../../demo-server/src/contract/events.ts';
import {CLOSE_CODES} from '../../../demo-server/src/contract/websocket.ts';
import {backoffDelay, type BackoffPolicy} from '../backoff.ts';
import {httpUrl, webSocketUrl} from '../demoServerUrls.ts';
import {withQuery} from './session.ts';

/** Reconnect quickly at first: these clients are watched, and a second matters. */
const TRANSPORT_BACKOFF: BackoffPolicy = {initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5};

export type ActivityKind =
  /** A request went out (an HTTP request, an EventSource or WebSocket opening). */
  | 'request'
  /** An HTTP answer came back. */
  | 'answer'
  /** A stream or WebSocket opened. */
  | 'open'
  /** A stream said what it resumes from (SSE `stream-start`). */
  | 'resume'
  /** Some events were lost: the client fell behind the server's backlog. */
  | 'gap'
  /** A stream or WebSocket ended. */
  | 'closed'
  /** Something failed; a retry is scheduled. */
  | 'error';

export interface TransportActivity {
  kind: ActivityKind;
  /** Browser clock, epoch ms. */
  at: number;
  /** What happened, in words, for the demo's log. */
  detail: string;
  /** HTTP status of an answer. */
  status?: number;
  /** Events an answer carried. */
  events?: number;
  /** For an answer: how long since its request went out. */
  durationMs?: number;
  /** For a resume: the id the server says it resumes after (null: fresh), and where it read it. */
  lastEventId?: number | null;
  resumeFrom?: StreamStart['from'];
  /** Set on the 'gap' that reports a server restart: ids began again, so earlier arrivals belong to the old run. */
  serverRestarted?: boolean;
}

export interface TransportState {
  /** 'waiting' while a request or connection is open, 'idle' between short polls. */
  phase: 'stopped' | 'idle' | 'waiting' | 'live' | 'retrying';
  /** When the current request went out, or the current connection opened. */
  since: number | null;
  /** Epoch ms of the next attempt while retrying. */
  retryAt: number | null;
}

export interface TransportOptions {
  serverUrl: string;
  session: string;
  /**
   * Called with the events in id order, the browser time they arrived, and
   * when this client last (re)started (browser time): events emitted before
   * that were caught up from the backlog.
   */
  onEvents: (events: ServerEvent[], arrivedAt: number, startedAt: number) => void;
  onActivity?: (activity: TransportActivity) => void;
  onState?: (state: TransportState) => void;
  /** Called when the server could not be reached at all (the page may show it is offline). */
  onUnreachable?: () => void;
  /** Injection points for tests. */
  fetchImpl?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
  createWebSocket?: (url: string) => WebSocket;
  now?: () => number;
  random?: () => number;
}

export interface TransportClient {
  readonly transport: RealtimeTransport;
  /** Starts after event `lastId` (the id of the newest event the page already has); null: from now. */
  start(lastId: number | null): void;
  /** The server restarted and its ids began again: says so, then starts after `newestId`. */
  startAfterServerRestart(newestId: number): void;
  stop(): void;
  /** The id of the newest event received (or started after). */
  readonly lastId: number | null;
}

function isServerEvent(value: unknown): value is ServerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as ServerEvent;
  return typeof event.id === 'number' && typeof event.emittedAt === 'number' && typeof event.value === 'number';
}

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('Retry-After');
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as {detail?: unknown};
    return typeof body.detail === 'string' ? body.detail : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** What every client shares: lifecycle, narration, retries, and keeping events in order. */
abstract class BaseClient implements TransportClient {
  abstract readonly transport: RealtimeTransport;
  protected readonly options: TransportOptions;
  protected readonly now: () => number;
  #lastId: number | null = null;
  #startedAt = 0;
  #running = false;
  #generation = 0;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: TransportOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  get lastId(): number | null {
    return this.#lastId;
  }

  protected get running(): boolean {
    return this.#running;
  }

  /** Changes with every start and stop, so late callbacks of an abandoned attempt can tell. */
  protected get generation(): number {
    return this.#generation;
  }

  start(lastId: number | null): void {
    this.stop();
    this.#startedAt = this.now();
    this.#running = true;
    this.#generation += 1;
    this.#lastId = lastId;
    this.#failures = 0;
    this.connect();
  }

  startAfterServerRestart(newestId: number): void {
    this.activity({
      kind: 'gap',
      serverRestarted: true,
      detail: `The demo server restarted and its event ids began again (newest: ${newestId}); starting from there`,
    });
    this.start(newestId);
  }

  stop(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#running) {
      this.#running = false;
      this.#generation += 1;
      this.disconnect();
      this.state({phase: 'stopped', since: null, retryAt: null});
    }
  }

  /** Opens the next request or connection. */
  protected abstract connect(): void;
  /** Drops whatever is open (called by stop). */
  protected abstract disconnect(): void;

  protected state(state: TransportState): void {
    this.options.onState?.(state);
  }

  protected activity(activity: Omit<TransportActivity, 'at'>): void {
    this.options.onActivity?.({at: this.now(), ...activity});
  }

  protected fetch(url: string, init: RequestInit): Promise<Response> {
    return (this.options.fetchImpl ?? fetch)(url, {cache: 'no-store', ...init});
  }

  /** Delivers events newer than the last one, in order; returns how many were new. */
  protected deliver(events: readonly ServerEvent[]): number {
    const arrivedAt = this.now();
    const fresh = events.filter((event) => this.#lastId === null || event.id > this.#lastId);
    if (fresh.length === 0) return 0;
    this.#lastId = fresh.at(-1)?.id ?? this.#lastId;
    this.options.onEvents(fresh, arrivedAt, this.#startedAt);
    return fresh.length;
  }

  /** Sets where to continue from without delivering anything (after a gap, or "from now"). */
  protected resetLastId(id: number | null): void {
    this.#lastId = id;
  }

  /**
   * Whether a refusal (400, or close 1008) can only mean the server does not
   * know the event this client continues after: the session is well formed
   * and the id was not made up, so the server's ids began again — it
   * restarted. Asking the same again would be refused forever.
   */
  protected refusedUnknownId(): boolean {
    return this.#lastId !== null && SESSION_ID_PATTERN.test(this.options.session);
  }

  /** Starts again from the server's newest event after `refusedUnknownId()`, saying so. */
  protected restartFromNow(detail: string, status?: number): void {
    this.activity({
      kind: 'gap',
      status,
      detail: `${detail}. The server does not know event ${this.#lastId ?? '?'} (it restarted?): starting again from now`,
    });
    this.#lastId = null;
    this.connect();
  }

  protected succeeded(): void {
    this.#failures = 0;
  }

  /**
   * Schedules `connect` again: after `delayMs` when the server said how long
   * (Retry-After), else with backoff. `unreachable` marks a network failure.
   */
  protected retry(
    detail: string,
    {delayMs, unreachable = false}: {delayMs?: number | null; unreachable?: boolean} = {},
  ) {
    if (!this.#running) return;
    const wait = delayMs ?? backoffDelay(this.#failures, TRANSPORT_BACKOFF, this.options.random);
    this.#failures += 1;
    const retryAt = this.now() + wait;
    this.activity({kind: 'error', detail: `${detail} Trying again in ${(wait / 1000).toFixed(1)} s.`});
    this.state({phase: 'retrying', since: null, retryAt});
    if (unreachable) this.options.onUnreachable?.();
    const generation = this.#generation;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#running && generation === this.#generation) this.connect();
    }, wait);
  }

  protected url(path: string, params: Record<string, string | number | null | undefined>): string {
    return withQuery(httpUrl(this.options.serverUrl, path), {...params, session: this.options.session});
  }
}

/** HTTP clients share the handling of answers that are not 200. */
abstract class HttpClient extends BaseClient {
  protected controller: AbortController | null = null;

  protected disconnect(): void {
    this.controller?.abort();
    this.controller = null;
  }

  /**
   * Reads a 200's body, keeping only well-formed events; null when the body
   * was cut off (a retry is scheduled) or the attempt was abandoned meanwhile.
   */
  protected async readPoll(response: Response, generation: number): Promise<PollResponse | null> {
    let body: PollResponse;
    try {
      body = (await response.json()) as PollResponse;
    } catch {
      if (generation === this.generation) this.retry('The answer was cut off.');
      return null;
    }
    if (generation !== this.generation) return null;
    this.succeeded();
    return {events: Array.isArray(body.events) ? body.events.filter(isServerEvent) : [], latestId: body.latestId};
  }

  /**
   * Handles 410, 429, 503 and other failures: a 410 restarts from the newest
   * event at once, the others retry after Retry-After or a backoff. Reading
   * the explanation takes time; if the client was stopped or started again
   * meanwhile, the answer belongs to an abandoned attempt and is ignored.
   */
  protected async handleRefusal(response: Response): Promise<void> {
    const generation = this.generation;
    const detail = await problemDetail(response);
    if (generation !== this.generation) return;
    if (response.status === 410) {
      this.activity({kind: 'gap', status: 410, detail: `410 Gone: ${detail}`});
      this.resetLastId(null);
      this.connect();
      return;
    }
    if (response.status === 400 && this.refusedUnknownId()) {
      this.restartFromNow(`400: ${detail}`, 400);
      return;
    }
    this.retry(`${response.status}: ${detail}`, {delayMs: retryAfterMs(response)});
  }
}

export interface ShortPollOptions extends TransportOptions {
  /** Time from the start of one poll to the start of the next. */
  intervalMs: number;
}

/** Short polling: ask `GET /events/poll?since=` every `intervalMs`, whether or not anything happened. */
export class ShortPollClient extends HttpClient {
  readonly transport = 'poll' as const;
  #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** When the last poll went out (browser clock), for rescheduling the next one. */
  #lastStartedAt = 0;

  constructor(options: ShortPollOptions) {
    super(options);
    this.#intervalMs = options.intervalMs;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  /**
   * Changes the interval. A poll already scheduled is moved to the new
   * interval after the start of the previous one (at once if that is past),
   * so going from 5 s to 250 ms does not wait out the old 5 s.
   */
  setIntervalMs(intervalMs: number): void {
    this.#intervalMs = intervalMs;
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#scheduleNext(this.generation);
  }

  protected override disconnect(): void {
    super.disconnect();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #scheduleNext(generation: number): void {
    const wait = Math.max(0, this.#intervalMs - (this.now() - this.#lastStartedAt));
    this.state({phase: 'idle', since: null, retryAt: this.now() + wait});
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (generation === this.generation) this.connect();
    }, wait);
  }

  protected connect(): void {
    void this.#poll();
  }

  async #poll(): Promise<void> {
    const generation = this.generation;
    const startedAt = this.now();
    this.#lastStartedAt = startedAt;
    const controller = new AbortController();
    this.controller = controller;
    const since = this.lastId;
    this.state({phase: 'waiting', since: startedAt, retryAt: null});
    this.activity({kind: 'request', detail: `GET ${ENDPOINTS.eventsPoll}${since === null ? '' : `?since=${since}`}`});
    let response: Response;
    try {
      response = await this.fetch(this.url(ENDPOINTS.eventsPoll, {since}), {signal: controller.signal});
    } catch {
      if (generation === this.generation) this.retry('The demo server did not answer.', {unreachable: true});
      return;
    }
    if (generation !== this.generation) return;
    if (!response.ok) return this.handleRefusal(response);
    const body = await this.readPoll(response, generation);
    if (body === null) return;
    const delivered = this.deliver(body.events);
    if (since === null || delivered === 0) this.resetLastId(Math.max(this.lastId ?? 0, body.latestId));
    const durationMs = this.now() - startedAt;
    this.activity({
      kind: 'answer',
      status: response.status,
      events: delivered,
      durationMs,
      detail:
        delivered === 0
          ? '200, no new event (an empty poll)'
          : `200 with ${delivered} event${delivered > 1 ? 's' : ''}`,
    });
    this.#scheduleNext(generation);
  }
}

/** Long polling: `GET /events/long-poll?since=` is held until there is news (or 204); ask again at once. */
export class LongPollClient extends HttpClient {
  readonly transport = 'longPoll' as const;

  protected connect(): void {
    void this.#poll();
  }

  async #poll(): Promise<void> {
    const generation = this.generation;
    const startedAt = this.now();
    const controller = new AbortController();
    this.controller = controller;
    const since = this.lastId;
    this.state({phase: 'waiting', since: startedAt, retryAt: null});
    this.activity({
      kind: 'request',
      detail: `GET ${ENDPOINTS.eventsLongPoll}${since === null ? '' : `?since=${since}`}: the server holds it`,
    });
    let response: Response;
    try {
      response = await this.fetch(this.url(ENDPOINTS.eventsLongPoll, {since}), {signal: controller.signal});
    } catch {
      if (generation === this.generation) this.retry('The demo server did not answer.', {unreachable: true});
      return;
    }
    if (generation !== this.generation) return;
    const heldMs = () => this.now() - startedAt;
    if (response.status === 204) {
      this.succeeded();
      this.activity({
        kind: 'answer',
        status: 204,
        events: 0,
        durationMs: heldMs(),
        detail: '204 No Content: nothing happened before the server’s timeout; asking again',
      });
      if (since === null) this.resetLastId(null);
      this.connect();
      return;
    }
    if (!response.ok) return this.handleRefusal(response);
    const body = await this.readPoll(response, generation);
    if (body === null) return;
    const delivered = this.deliver(body.events);
    if (delivered === 0) this.resetLastId(Math.max(this.lastId ?? 0, body.latestId));
    this.activity({
      kind: 'answer',
      status: 200,
      events: delivered,
      durationMs: heldMs(),
      detail: `200 with ${delivered} event${delivered === 1 ? '' : 's'} after ${Math.round(heldMs())} ms; asking again`,
    });
    this.connect();
  }
}

export interface SseClientOptions extends TransportOptions {
  /** Whether to say what the server's `stream-start` event reports (the focused SSE demo does). */
  narrateResume?: boolean;
}

/**
 * Server-Sent Events: one `EventSource` on `/events/stream`. The browser
 * reconnects by itself after a dropped stream, sending `Last-Event-ID`; when
 * it gives up (an HTTP error answer), this client starts a new one with
 * `?lastEventId=` after a backoff.
 */
/** Whether a stream URL asks to resume after an id (`?lastEventId=`), which the browser repeats on each reconnect. */
function urlResumes(url: string): boolean {
  return new URL(url, 'http://demo-server.invalid').searchParams.has('lastEventId');
}

export class SseClient extends BaseClient {
  readonly transport = 'sse' as const;
  #source: EventSource | null = null;

  protected disconnect(): void {
    this.#source?.close();
    this.#source = null;
  }

  protected connect(): void {
    const generation = this.generation;
    const url = this.url(ENDPOINTS.eventsStream, {lastEventId: this.lastId});
    const source = (this.options.createEventSource ?? ((u: string) => new EventSource(u)))(url);
    this.#source = source;
    let openedAt: number | null = null;
    // Set when the stream ended and the browser is reconnecting by itself: an
    // error before the next open means that reconnection failed.
    let reconnecting = false;
    this.state({phase: 'waiting', since: this.now(), retryAt: null});
    this.activity({
      kind: 'request',
      detail: `new EventSource(".../events/stream${this.lastId === null ? '' : `?lastEventId=${this.lastId}`}")`,
    });
    const current = () => generation === this.generation && this.#source === source;

    source.addEventListener('open', () => {
      if (!current()) return;
      this.succeeded();
      reconnecting = false;
      openedAt = this.now();
      this.state({phase: 'live', since: openedAt, retryAt: null});
      this.activity({kind: 'open', detail: 'Stream open (200, text/event-stream)'});
    });
    source.addEventListener('stream-start', (event) => {
      if (!current()) return;
      const start = JSON.parse((event as MessageEvent<string>).data) as StreamStart;
      if (start.aheadOfNewest !== undefined) {
        // The server restarted and its ids began again: the stream starts from now, and so does this page.
        this.resetLastId(null);
        this.activity({
          kind: 'gap',
          serverRestarted: true,
          detail: `The demo server restarted and does not know event ${start.aheadOfNewest}: its ids began again, and the stream starts from now`,
        });
        if (urlResumes(url)) {
          // This EventSource's URL still asks to resume after the old run's id, and the browser reuses the URL
          // on every reconnection: dropped before the new run's first event, this stream would reconnect with
          // no Last-Event-ID (its empty id cleared it), and the server would fall back to that stale query. A
          // new EventSource, without it, starts clean.
          this.disconnect();
          this.connect();
        }
        return;
      }
      this.activity({
        kind: 'resume',
        lastEventId: start.lastEventId,
        resumeFrom: start.from,
        detail:
          start.lastEventId === null
            ? 'The server starts a fresh stream'
            : `The server resumes after event ${start.lastEventId} (from ${start.from === 'Last-Event-ID' ? 'the Last-Event-ID header' : 'the lastEventId query'})`,
      });
    });
    source.addEventListener('gap', (event) => {
      if (!current()) return;
      const gap = JSON.parse((event as MessageEvent<string>).data) as StreamGap;
      this.activity({kind: 'gap', detail: `Events ${gap.missedFrom}–${gap.missedTo} were no longer kept: missed`});
    });
    source.addEventListener('message', (event) => {
      if (!current()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data as string);
      } catch {
        return;
      }
      if (isServerEvent(parsed)) this.deliver([parsed]);
    });
    source.addEventListener('error', () => {
      if (!current()) return;
      if (source.readyState === EventSource.CONNECTING) {
        // The browser reconnects by itself after the server's retry hint.
        if (reconnecting) {
          // Its reconnection found nothing to answer. Browsers keep trying for
          // ever without leaving CONNECTING (Chromium does), so without this
          // the page would never learn that the server is gone.
          this.activity({
            kind: 'error',
            detail: 'The reconnection failed: nothing answered. EventSource keeps trying by itself',
          });
          this.options.onUnreachable?.();
          return;
        }
        reconnecting = true;
        this.activity({
          kind: 'closed',
          detail: `The stream ended; EventSource reconnects by itself, sending Last-Event-ID: ${this.lastId ?? '(none)'}`,
        });
        this.state({phase: 'retrying', since: null, retryAt: null});
        return;
      }
      // CLOSED: the browser gave up (an error status, or nothing answered).
      source.close();
      this.#source = null;
      this.retry(openedAt === null ? 'The stream could not be opened.' : 'The stream failed and EventSource gave up.', {
        unreachable: openedAt === null,
      });
    });
  }

  /** Asks the server to end this session's streams (POST /events/stream/drop). */
  async drop(): Promise<number> {
    const response = await this.fetch(this.url(ENDPOINTS.eventsStreamDrop, {}), {method: 'POST'});
    if (!response.ok) throw new Error(await problemDetail(response));
    const body = (await response.json()) as {dropped: number};
    return body.dropped;
  }
}

/** WebSocket push: one connection to `/ws/events?since=`; the server sends each event as it happens. */
export class WebSocketPushClient extends BaseClient {
  readonly transport = 'ws' as const;
  #socket: WebSocket | null = null;

  protected disconnect(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState <= 1) socket.close(CLOSE_CODES.normal, 'Demo stopped');
  }

  protected connect(): void {
    const generation = this.generation;
    const url = withQuery(webSocketUrl(this.options.serverUrl, ENDPOINTS.eventsWebSocket), {
      since: this.lastId,
      session: this.options.session,
    });
    const socket = (this.options.createWebSocket ?? ((u: string) => new WebSocket(u)))(url);
    this.#socket = socket;
    let opened = false;
    let messages = 0;
    this.state({phase: 'waiting', since: this.now(), retryAt: null});
    this.activity({
      kind: 'request',
      detail: `new WebSocket(".../ws/events${this.lastId === null ? '' : `?since=${this.lastId}`}"): one handshake`,
    });
    const current = () => generation === this.generation && this.#socket === socket;
    socket.addEventListener('open', () => {
      if (!current()) return;
      opened = true;
      this.succeeded();
      this.state({phase: 'live', since: this.now(), retryAt: null});
      this.activity({kind: 'open', detail: '101 Switching Protocols: the connection stays open'});
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (!current() || typeof event.data !== 'string') return;
      messages += 1;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isServerEvent(parsed)) this.deliver([parsed]);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (!current()) return;
      this.#socket = null;
      if (event.code === CLOSE_CODES.eventsTooOld) {
        this.activity({kind: 'gap', detail: `Closed ${event.code}: ${event.reason}; starting again from now`});
        this.resetLastId(null);
        this.connect();
        return;
      }
      // `?since=` refused before any event came: the server restarted and knows no such id.
      if (event.code === CLOSE_CODES.policyViolation && messages === 0 && this.refusedUnknownId()) {
        this.restartFromNow(`Closed ${event.code}: ${event.reason}`);
        return;
      }
      if (event.code === CLOSE_CODES.idleTimeout) {
        // The contract: a client must not come back on its own after 4000.
        this.activity({
          kind: 'closed',
          detail: `Closed ${event.code}: ${event.reason}; not reconnecting by itself (a forgotten tab must not hold a connection)`,
        });
        this.stop();
        return;
      }
      this.activity({kind: 'closed', detail: `Closed ${event.code}${event.reason ? `: ${event.reason}` : ''}`});
      this.retry(opened ? 'The connection closed.' : 'The WebSocket could not be opened.', {unreachable: !opened});
    });
  }
}

export type AnyTransportClient = ShortPollClient | LongPollClient | SseClient | WebSocketPushClient;
