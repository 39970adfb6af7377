/**
 * What every event-stream client shares with the demos that run it: the
 * interface (start after an id, stop, the id of the newest event), its
 * options, the narration it gives (activities) and its state, plus the two
 * readings of what the server sends that all clients make.
 */
import {ServerEvent, type RealtimeTransport, type StreamStart} from '../../../demo-server/src/contract/events.ts';
import {ProblemDetails} from '../../../demo-server/src/contract/rest.ts';
import {fits, readJson} from '../readJson.ts';

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

/** Whether a parsed value is a well-formed event of the server's stream. */
export function isServerEvent(value: unknown): value is ServerEvent {
  return fits(ServerEvent, value);
}

/** The `detail` of an RFC 9457 problem body, else the bare status. */
export async function problemDetail(response: Response): Promise<string> {
  try {
    const body = await readJson(response, ProblemDetails);
    return body?.detail ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
