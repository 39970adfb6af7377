import type {ReactNode} from 'react';
import {TIMING_METRICS} from '../../../../demo-server/src/contract/timing.ts';
import {formatMsTenths} from '../../../lib/format.ts';
import {metric, phasesOf, type TimedRequest} from '../../../lib/resourceTiming.ts';
import styles from '../styles.module.css';
import PhaseBars from './PhaseBars.tsx';

/** One request: its phases as the browser measured them, and what the server said of it in Server-Timing. */
export default function RequestCard({
  title,
  request,
  scaleMs,
  testId,
}: {
  title: string;
  request: TimedRequest;
  scaleMs: number;
  testId: string;
}): ReactNode {
  const phases = phasesOf(request.raw);
  const hold = metric(request, TIMING_METRICS.hold);
  const connection = metric(request, TIMING_METRICS.connection)?.description;
  const count = metric(request, TIMING_METRICS.request)?.description;
  const total = request.raw.responseEnd - request.raw.startTime;
  return (
    <section className={styles.card} aria-label={title} data-testid={testId}>
      <h3 className={styles.cardTitle}>{title}</h3>
      <p className={styles.total}>
        Whole request: <strong data-testid={`${testId}-total`}>{formatMsTenths(total)}</strong>
      </p>
      {phases === null ? (
        <p className={styles.hidden} data-testid={`${testId}-hidden`}>
          The browser hid the phases: without <code>Timing-Allow-Origin</code>, every mark between{' '}
          <code>fetchStart</code> and <code>responseEnd</code> reads 0 (see the table below).
        </p>
      ) : (
        <PhaseBars phases={phases} scaleMs={scaleMs} testId={`${testId}-phases`} />
      )}
      <p
        className={styles.server}
        data-testid={`${testId}-server`}
        data-connection={connection ?? ''}
        data-request={count ?? ''}
      >
        {request.serverTiming.length === 0 ? (
          <>
            <code>serverTiming</code> is empty: the browser keeps <code>Server-Timing</code> from script without{' '}
            <code>Timing-Allow-Origin</code> too.
          </>
        ) : (
          <>
            The server, in <code>Server-Timing</code>: held it {hold ? formatMsTenths(hold.duration) : '—'} before the
            first byte; connection {connection ?? '—'}, request {count ?? '—'} on it
            {count === '1' ? ' (a new connection)' : ' (a reused connection)'}.
          </>
        )}
      </p>
    </section>
  );
}
