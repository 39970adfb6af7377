import {
  SESSION_ID_PATTERN,
  type RealtimeTransport,
  type ServerEvent,
} from '../../../demo-server/src/contract/events.ts';
import {backoffDelay, type BackoffPolicy} from '../backoff.ts';
import {httpUrl} from '../demoServerUrls.ts';
import {withQuery} from './session.ts';
import type {TransportActivity, TransportClient, TransportOptions, TransportState} from './transportClient.ts';

/** Reconnect quickly at first: these clients are watched, and a second matters. */
const TRANSPORT_BACKOFF: BackoffPolicy = {initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5};

/** What every client shares: lifecycle, narration, retries, and keeping events in order. */
export abstract class BaseClient implements TransportClient {
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
