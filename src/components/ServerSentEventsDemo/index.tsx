import clsx from 'clsx';
import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {SSE_RETRY_MS} from '../../../demo-server/src/contract/events.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import styles from './styles.module.css';
import {useServerSentEventsDemo} from './useServerSentEventsDemo.ts';

/**
 * Server-Sent Events with `EventSource`: one response that never ends, an
 * `id:` on every event, and the browser's own reconnect. "Drop the stream"
 * makes the server end the response; the browser waits the `retry:` hint,
 * reconnects with `Last-Event-ID`, and the server resumes right after it.
 */
export default function ServerSentEventsDemo(): ReactNode {
  const {
    connection,
    state,
    reconnectIn,
    dropError,
    latestResume,
    resumeCount,
    gaps,
    duplicates,
    figures,
    recent,
    activity,
    announcement,
    drop,
  } = useRecordable(useServerSentEventsDemo(), {
    paths: [ENDPOINTS.eventsStream, ENDPOINTS.eventsPoll, ENDPOINTS.eventsCosts, ENDPOINTS.time],
  });

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
            ? `No gap, no duplicate across ${resumeCount} reconnect${resumeCount === 1 ? '' : 's'}.`
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
      <ActivityLog activity={activity} label="What the EventSource did, newest first" />
    </DemoFrame>
  );
}
