import clsx from 'clsx';
import {useState, type ReactNode} from 'react';
import {SSE_RETRY_MS} from '../../../demo-server/src/contract.ts';
import {continuity, laneFigures, since} from '../../lib/realtime/figures.ts';
import {SseClient, type TransportActivity, type TransportState} from '../../lib/realtime/transports.ts';
import {useTransport, type Arrival} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import styles from './styles.module.css';

/** `EventSource.readyState` as the WHATWG HTML standard names it, from what the client narrated. */
function readyState(state: TransportState): {name: 'CONNECTING' | 'OPEN' | 'CLOSED'; value: 0 | 1 | 2} {
  if (state.phase === 'live') return {name: 'OPEN', value: 1};
  // 'retrying' with a time is this page's own retry after EventSource gave up.
  if (state.phase === 'stopped' || (state.phase === 'retrying' && state.retryAt !== null)) {
    return {name: 'CLOSED', value: 2};
  }
  return {name: 'CONNECTING', value: 0};
}

/** What happened across the drops: each resume, the id before it and the id after. */
interface Resume {
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

/**
 * Server-Sent Events with `EventSource`: one response that never ends, an
 * `id:` on every event, and the browser's own reconnect. "Drop the stream"
 * makes the server end the response; the browser waits the `retry:` hint,
 * reconnects with `Last-Event-ID`, and the server resumes right after it.
 */
export default function ServerSentEventsDemo(): ReactNode {
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

  return (
    <DemoFrame
      title="Server-Sent Events"
      connection={connection}
      actions={
        <button
          type="button"
          className="button button--sm button--primary"
          onClick={drop}
          disabled={state.name !== 'OPEN'}
        >
          Drop the stream
        </button>
      }
    >
      <LiveRegion throttle>{announcement}</LiveRegion>
      <p className={styles.state} data-ready-state={state.name}>
        <code>EventSource.readyState</code> is <strong>{state.value}</strong> ({state.name})
        {reconnectIn !== null ? (
          <>
            {' '}
            — reconnecting by itself in about {Math.ceil(reconnectIn / 1000)} s (the server&apos;s{' '}
            <code>retry: {SSE_RETRY_MS}</code>)
          </>
        ) : null}
      </p>
      {dropError ? <p className={styles.bad}>The server could not drop the stream: {dropError}</p> : null}
      {latestResume ? (
        <p
          className={clsx(styles.check, gaps + duplicates === 0 ? styles.good : styles.bad)}
          data-testid="resume-check"
          data-last-event-id={latestResume.lastEventId}
          data-next={latestResume.next ?? ''}
        >
          The browser reconnected sending <code>Last-Event-ID: {latestResume.lastEventId}</code>; the server resumed
          after it{latestResume.next === null ? '…' : <>, and the next event was #{latestResume.next}</>}.{' '}
          {gaps + duplicates === 0
            ? `No gap, no duplicate across ${resumed.length} reconnect${resumed.length === 1 ? '' : 's'}.`
            : `Warning: ${gaps} gap(s) and ${duplicates} duplicate(s) seen.`}
        </p>
      ) : null}
      <Figures figures={figures} show={['events', 'delay', 'requests', 'bytes', 'bytesPerEvent', 'connections']} />
      <figure className={styles.wire}>
        <figcaption>
          The last events as the server wrote them on the stream (rebuilt from what EventSource delivered):
        </figcaption>
        <pre>
          {recent.length === 0
            ? 'waiting for the first event…'
            : recent
                .map((arrival) => `id: ${arrival.id}\ndata: {"id":${arrival.id},"emittedAt":${arrival.emittedAt},…}\n`)
                .join('\n')}
        </pre>
      </figure>
      <ActivityLog activity={sse.activity} label="What the EventSource did, newest first" />
    </DemoFrame>
  );
}
