import {PollResponse} from '../../../demo-server/src/contract/events.ts';
import {fits} from '../readJson.ts';
import {BaseClient} from './baseClient.ts';
import {isServerEvent, problemDetail} from './transportClient.ts';

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('Retry-After');
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

/** HTTP clients share the handling of answers that are not 200. */
export abstract class HttpClient extends BaseClient {
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
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (generation === this.generation) this.retry('The answer was cut off.');
      return null;
    }
    if (generation !== this.generation) return null;
    // An item that is not an event is skipped, not fatal; the rest must be a poll response.
    const {events, latestId} = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const answer = {events: Array.isArray(events) ? events.filter(isServerEvent) : events, latestId};
    if (!fits(PollResponse, answer)) {
      this.retry('The answer is not a poll response.');
      return null;
    }
    this.succeeded();
    return answer;
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
