import {useState} from 'react';
import {SSE_RETRY_MS} from '../../../demo-server/src/contract/events.ts';
import {continuity, laneFigures, since, type LaneFigures} from '../../lib/realtime/figures.ts';
import {SseClient} from '../../lib/realtime/sseClient.ts';
import type {TransportActivity, TransportState} from '../../lib/realtime/transportClient.ts';
import {useTransport, type Arrival, type LoggedActivity} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession, type RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow} from '../../lib/useReducedMotion.ts';

/** `EventSource.readyState`: its number and the name the WHATWG HTML standard gives it. */
export interface ReadyState {
  name: 'CONNECTING' | 'OPEN' | 'CLOSED';
  value: 0 | 1 | 2;
}

/** `EventSource.readyState` as the WHATWG HTML standard names it, from what the client narrated. */
function readyState(state: TransportState): ReadyState {
  if (state.phase === 'live') return {name: 'OPEN', value: 1};
  // 'retrying' with a time is this page's own retry after EventSource gave up.
  if (state.phase === 'stopped' || (state.phase === 'retrying' && state.retryAt !== null)) {
    return {name: 'CLOSED', value: 2};
  }
  return {name: 'CONNECTING', value: 0};
}

/** What happened across the drops: each resume, the id before it and the id after. */
export interface Resume {
  at: number;
  lastEventId: number;
  next: number | null;
}

function resumes(activity: readonly TransportActivity[], arrivals: readonly Arrival[]): Resume[] {
  return (
    activity
      // Resumes the browser asked for by itself, with the Last-Event-ID header.
      .filter((entry) => entry.kind === 'resume' && entry.resumeFrom === 'Last-Event-ID')
      .map((entry) => {
        const lastEventId = entry.lastEventId ?? 0;
        return {at: entry.at, lastEventId, next: arrivals.find((a) => a.id > lastEventId)?.id ?? null};
      })
  );
}

/** Requests per minute, the one figure that needs the running time, is not among this demo's: no clock re-renders it. */
const NO_RUNNING_TIME = 0;

export interface ServerSentEventsDemo {
  connection: RealtimeSession['connection'];
  state: ReadyState;
  /** While the browser waits to reconnect after a drop: about how long, in ms, until it does. */
  reconnectIn: number | null;
  /** Why the server could not drop the stream, when it could not. */
  dropError: string | null;
  /** The latest resume the browser asked for with Last-Event-ID, and how many there were. */
  latestResume: Resume | undefined;
  resumeCount: number;
  gaps: number;
  duplicates: number;
  figures: LaneFigures;
  /** The last three events received, oldest first. */
  recent: Arrival[];
  /** What the EventSource did, newest first. */
  activity: LoggedActivity[];
  /** How the stream is going, in a sentence, for the live region. */
  announcement: string;
  /** Asks the server to end the response, so the browser reconnects by itself. */
  drop: () => void;
}

/**
 * Server-Sent Events with `EventSource`: the stream's ready state, the
 * browser's own reconnects with Last-Event-ID after a drop, and whether the
 * events across them arrived with no gap and no duplicate.
 */
export function useServerSentEventsDemo(): ServerSentEventsDemo {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const live = connection.state.status === 'live';
  const sse = useTransport(session, (options) => new SseClient(options), true);
  const costs = useCosts(session.serverUrl, session.session, live);
  const [dropError, setDropError] = useState<string | null>(null);
  const now = useNow(1000, live);

  const figures = laneFigures(
    sse.arrivals,
    since(costs?.transports.sse, undefined),
    clock?.offsetMs ?? 0,
    NO_RUNNING_TIME,
  );
  const state = readyState(sse.state);
  const {gaps, duplicates} = continuity(sse.arrivals.map((arrival) => arrival.id));
  const resumed = resumes(sse.activity, sse.arrivals);
  const latestResume = resumed[0];
  const droppedAt = sse.activity.find((entry) => entry.kind === 'closed')?.at ?? null;
  const reconnectIn =
    state.name === 'CONNECTING' && droppedAt !== null ? Math.max(0, droppedAt + SSE_RETRY_MS - now) : null;
  const recent = sse.arrivals.slice(-3);
  const announcement =
    `Stream ${state.name.toLowerCase()}; ${figures.events} events over ${figures.requests} requests; ` +
    (gaps + duplicates === 0 ? 'no gap, no duplicate.' : `${gaps} gaps and ${duplicates} duplicates.`);

  const drop = () => {
    setDropError(null);
    sse.client.drop().catch((error: unknown) => setDropError(error instanceof Error ? error.message : String(error)));
  };

  return {
    connection,
    state,
    reconnectIn,
    dropError,
    latestResume,
    resumeCount: resumed.length,
    gaps,
    duplicates,
    figures,
    recent,
    activity: sse.activity,
    announcement,
    drop,
  };
}
