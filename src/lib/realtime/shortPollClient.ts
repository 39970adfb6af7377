import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {HttpClient} from './httpClient.ts';
import type {TransportOptions} from './transportClient.ts';

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
