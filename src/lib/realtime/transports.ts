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
 *
 * Each client has its own module (shortPollClient.ts, longPollClient.ts,
 * sseClient.ts, webSocketPushClient.ts) over the shared pieces
 * (transportClient.ts, baseClient.ts, httpClient.ts); this one names the four
 * together, for the demos that race them.
 */
import type {LongPollClient} from './longPollClient.ts';
import type {ShortPollClient} from './shortPollClient.ts';
import type {SseClient} from './sseClient.ts';
import type {WebSocketPushClient} from './webSocketPushClient.ts';

export type {
  ActivityKind,
  TransportActivity,
  TransportClient,
  TransportOptions,
  TransportState,
} from './transportClient.ts';
export {ShortPollClient, type ShortPollOptions} from './shortPollClient.ts';
export {LongPollClient} from './longPollClient.ts';
export {SseClient, type SseClientOptions} from './sseClient.ts';
export {WebSocketPushClient} from './webSocketPushClient.ts';

export type AnyTransportClient = ShortPollClient | LongPollClient | SseClient | WebSocketPushClient;
