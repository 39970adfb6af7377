import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {HttpClient} from './httpClient.ts';

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
