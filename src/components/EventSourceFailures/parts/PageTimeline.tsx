import clsx from 'clsx';
import type {ReactNode} from 'react';
import {describeEntry, READY_STATE_NAMES, reconnectDelays, readyStates, type TimelineEntry} from '../timeline.ts';
import styles from '../styles.module.css';

type Props = {
  entries: readonly TimelineEntry[];
  /** `EventSource.url` as the page read it at the end; null while it runs. */
  reportedUrl: string | null;
};

/**
 * What the page saw: each event in order with its time and the readyState it left, then the reconnection delays
 * measured between them. The data attributes carry the same figures for the end-to-end test.
 */
export default function PageTimeline({entries, reportedUrl}: Props): ReactNode {
  const delays = reconnectDelays(entries);
  return (
    <div
      className={styles.side}
      data-testid="page-view"
      data-ready-states={readyStates(entries).join(',')}
      data-reconnect-delays={delays.map((ms) => Math.round(ms)).join(',')}
    >
      <h3 className={styles.sideTitle}>What the page saw</h3>
      <ol className={styles.timeline}>
        {entries.map((entry, i) => (
          <li key={i} className={clsx(styles.entry, styles[`state${entry.readyState}`])} data-kind={entry.kind}>
            <span className={styles.at}>{Math.round(entry.at)} ms</span> <span>{describeEntry(entry)}</span>{' '}
            <span className={styles.readyState}>
              readyState {entry.readyState}{' '}
              <span className={styles.stateName}>{READY_STATE_NAMES[entry.readyState]}</span>
            </span>
            {entry.origin ? <span className={styles.detail}> origin {entry.origin}</span> : null}
          </li>
        ))}
      </ol>
      {delays.length > 0 ? (
        <p className={styles.figure}>
          Reconnected by itself after {delays.map((ms) => `${Math.round(ms)} ms`).join(', ')} (from the “error” to the
          next “open”).
        </p>
      ) : null}
      {reportedUrl !== null ? (
        <p className={styles.figure}>
          <code>EventSource.url</code> read <code className={styles.url}>{reportedUrl}</code>
        </p>
      ) : null}
    </div>
  );
}
