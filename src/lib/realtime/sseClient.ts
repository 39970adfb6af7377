import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {ServerEvent, StreamDropResult, StreamGap, StreamStart} from '../../../demo-server/src/contract/events.ts';
import {parseJson, readJson} from '../readJson.ts';
import {BaseClient} from './baseClient.ts';
import {problemDetail, type TransportOptions} from './transportClient.ts';

export interface SseClientOptions extends TransportOptions {
  /** Whether to say what the server's `stream-start` event reports (the focused SSE demo does). */
  narrateResume?: boolean;
}

/** Whether a stream URL asks to resume after an id (`?lastEventId=`), which the browser repeats on each reconnect. */
function urlResumes(url: string): boolean {
  return new URL(url, 'http://demo-server.invalid').searchParams.has('lastEventId');
}

/**
 * Server-Sent Events: one `EventSource` on `/events/stream`. The browser
 * reconnects by itself after a dropped stream, sending `Last-Event-ID`; when
 * it gives up (an HTTP error answer), this client starts a new one with
 * `?lastEventId=` after a backoff.
 */
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
      const start = parseJson(StreamStart, (event as MessageEvent<string>).data);
      if (start === null) return;
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
      const gap = parseJson(StreamGap, (event as MessageEvent<string>).data);
      if (gap === null) return;
      this.activity({kind: 'gap', detail: `Events ${gap.missedFrom}–${gap.missedTo} were no longer kept: missed`});
    });
    source.addEventListener('message', (event) => {
      if (!current()) return;
      const parsed = parseJson(ServerEvent, event.data as string);
      if (parsed !== null) this.deliver([parsed]);
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
    const body = await readJson(response, StreamDropResult);
    if (body === null) throw new Error(`POST ${ENDPOINTS.eventsStreamDrop} answered something other than a count`);
    return body.dropped;
  }
}
