/**
 * Pieces the focused real-time demos share: the figures the server and the
 * page measured, and the narration of what the transport did on the wire.
 */
import clsx from 'clsx';
import {memo, type ReactNode} from 'react';
import {formatBytes, formatClockTime, formatMs} from '../../lib/format.ts';
import type {LaneFigures} from '../../lib/realtime/figures.ts';
import type {TransportState} from '../../lib/realtime/transportClient.ts';
import type {LoggedActivity} from '../../lib/realtime/useTransport.ts';
import styles from './styles.module.css';

/**
 * A transport's phase in a few words, for the line under a lane's name. A retry with no time set is the
 * transport's own (an `EventSource` reconnecting by itself); one with a time is the page's, after a failure.
 */
export function phaseLabel(state: TransportState): string {
  switch (state.phase) {
    case 'waiting':
      return 'request out';
    case 'idle':
      return 'waiting for the next poll';
    case 'live':
      return 'connection open';
    case 'retrying':
      return state.retryAt === null ? 'reconnecting by itself' : 'failed; trying again';
    default:
      return 'paused';
  }
}

export type FigureName =
  'events' | 'delay' | 'requests' | 'requestsPerMinute' | 'empty' | 'bytes' | 'bytesPerEvent' | 'connections';

const LABELS: Record<FigureName, string> = {
  events: 'Events received',
  delay: 'Delay p50 / p95',
  requests: 'Requests',
  requestsPerMinute: 'Requests per minute',
  empty: 'Empty answers',
  bytes: 'Bytes in / out',
  bytesPerEvent: 'Bytes per event',
  connections: 'Connections used',
};

function value(name: FigureName, f: LaneFigures): string {
  switch (name) {
    case 'events':
      return String(f.events);
    case 'delay':
      return `${formatMs(f.p50)} / ${formatMs(f.p95)}`;
    case 'requests':
      return String(f.requests);
    case 'requestsPerMinute':
      return f.requestsPerMinute === null ? 'measuring…' : String(Math.round(f.requestsPerMinute));
    case 'empty':
      return f.requests === 0 ? '0' : `${f.emptyResponses} (${Math.round((f.emptyResponses / f.requests) * 100)} %)`;
    case 'bytes':
      return `${formatBytes(f.bytesIn)} / ${formatBytes(f.bytesOut)}`;
    case 'bytesPerEvent':
      return f.bytesPerEvent === null ? '—' : formatBytes(Math.round(f.bytesPerEvent));
    case 'connections':
      return String(f.connections);
  }
}

/** The figures, named; the data attributes let tests read the numbers. */
export function Figures({figures, show}: {figures: LaneFigures; show: readonly FigureName[]}): ReactNode {
  return (
    <dl
      className={styles.figures}
      data-events={figures.events}
      data-requests={figures.requests}
      data-empty={figures.emptyResponses}
      data-bytes-in={figures.bytesIn}
      data-bytes-out={figures.bytesOut}
      data-gaps={figures.gaps}
      data-duplicates={figures.duplicates}
      data-last-id={figures.lastId ?? ''}
    >
      {show.map((name) => (
        <div key={name}>
          <dt>{LABELS[name]}</dt>
          <dd>{value(name, figures)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One entry of the log. An entry never changes once narrated, so a row is drawn once and kept. */
const ActivityRow = memo(function ActivityRow({entry}: {entry: LoggedActivity}): ReactNode {
  return (
    <li
      className={clsx(styles[entry.kind], entry.kind === 'answer' && entry.events === 0 && styles.empty)}
      data-kind={entry.kind}
    >
      <span className={styles.time}>{formatClockTime(entry.at)}</span> <span>{entry.detail}</span>
    </li>
  );
});

/**
 * What the transport did, newest first, in a box that scrolls on its own. Rows are keyed by the entry's
 * sequence number, so a new entry adds one row instead of redrawing every row below it.
 */
export const ActivityLog = memo(function ActivityLog({
  activity,
  label,
  limit = 20,
}: {
  activity: readonly LoggedActivity[];
  label: string;
  limit?: number;
}): ReactNode {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrolls; keyboard users can focus it
    <div className={styles.scroll} tabIndex={0} role="region" aria-label={label}>
      <ol className={styles.log}>
        {activity.slice(0, limit).map((entry) => (
          <ActivityRow key={entry.seq} entry={entry} />
        ))}
      </ol>
    </div>
  );
});

/** The short-polling interval, as a labelled select. */
export function IntervalSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  options: readonly number[];
  onChange: (ms: number) => void;
}): ReactNode {
  return (
    <label htmlFor={id}>
      {label}{' '}
      <select id={id} className="otw-input" value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {options.map((ms) => (
          <option key={ms} value={ms}>
            {formatMs(ms)}
          </option>
        ))}
      </select>
    </label>
  );
}
