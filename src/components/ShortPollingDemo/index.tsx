import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useId, type ReactNode} from 'react';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {ActivityLog, Figures, IntervalSelect} from '../TransportParts/index.tsx';
import styles from './styles.module.css';
import {useShortPollingDemo} from './useShortPollingDemo.ts';

const INTERVALS = [250, 500, 1000, 2000, 5000] as const;

/**
 * Short polling on its own: the page asks `GET /events/poll?since=` every
 * interval whether or not anything happened. The log shows every poll, the
 * empty ones greyed; the figures show what the interval buys and costs.
 */
export default function ShortPollingDemo(): ReactNode {
  const {connection, running, toggleRunning, intervalMs, setIntervalMs, figures, answers, announcement} = useRecordable(
    useShortPollingDemo(),
    {paths: [ENDPOINTS.eventsPoll, ENDPOINTS.eventsCosts, ENDPOINTS.time]},
  );
  const intervalId = useId();

  return (
    <DemoFrame
      title="Short polling"
      connection={connection}
      actions={
        <button
          type="button"
          className="button button--sm button--primary"
          aria-pressed={!running}
          onClick={toggleRunning}
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
