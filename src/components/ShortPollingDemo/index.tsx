import {useEffect, useId, useMemo, useState, type ReactNode} from 'react';
import {formatMs} from '../../lib/format.ts';
import {laneFigures, since} from '../../lib/realtime/figures.ts';
import {ShortPollClient} from '../../lib/realtime/transports.ts';
import {useRunningTime} from '../../lib/realtime/useRunningTime.ts';
import {useTransport} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures, IntervalSelect} from '../TransportParts/index.tsx';
import styles from './styles.module.css';

const INTERVALS = [250, 500, 1000, 2000, 5000] as const;

/**
 * Short polling on its own: the page asks `GET /events/poll?since=` every
 * interval whether or not anything happened. The log shows every poll, the
 * empty ones greyed; the figures show what the interval buys and costs.
 */
export default function ShortPollingDemo(): ReactNode {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const [running, setRunning] = useState(true);
  const [intervalMs, setIntervalMs] = useState<number>(1000);
  const intervalId = useId();
  const live = connection.state.status === 'live';
  const poll = useTransport(session, (options) => new ShortPollClient({...options, intervalMs: 1000}), running);
  const costs = useCosts(session.serverUrl, session.session, live && running);
  const {elapsedMs} = useRunningTime(live && running, 1000);

  useEffect(() => {
    poll.client.setIntervalMs(intervalMs);
  }, [poll.client, intervalMs]);

  // The answers only (each says what its request was); kept while the log is unchanged, so it is not redrawn.
  const answers = useMemo(() => poll.activity.filter((entry) => entry.kind !== 'request'), [poll.activity]);
  const figures = laneFigures(poll.arrivals, since(costs?.transports.poll, undefined), clock?.offsetMs ?? 0, elapsedMs);
  const announcement = `${figures.requests} polls, ${figures.emptyResponses} of them empty; ${figures.events} events; median delay ${formatMs(figures.p50)}.`;

  return (
    <DemoFrame
      title="Short polling"
      connection={connection}
      actions={
        <button
          type="button"
          className="button button--sm button--primary"
          aria-pressed={!running}
          onClick={() => setRunning((value) => !value)}
        >
          {running ? 'Pause' : 'Resume'}
        </button>
      }
    >
      <LiveRegion throttle>{announcement}</LiveRegion>
      <div className={styles.controls}>
        <IntervalSelect
          id={intervalId}
          label="Poll every"
          value={intervalMs}
          options={INTERVALS}
          onChange={setIntervalMs}
        />
        <span className={styles.note}>Events come about once a second, at irregular times. Try 250 ms, then 5 s.</span>
      </div>
      {!running ? <p className={styles.paused}>Paused: no requests until you resume.</p> : null}
      <Figures
        figures={figures}
        show={['requests', 'empty', 'requestsPerMinute', 'events', 'delay', 'bytes', 'bytesPerEvent', 'connections']}
      />
      <ActivityLog activity={answers} label="Every poll, newest first" />
    </DemoFrame>
  );
}
