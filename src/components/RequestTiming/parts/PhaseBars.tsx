import clsx from 'clsx';
import type {ReactNode} from 'react';
import {formatMsTenths} from '../../../lib/format.ts';
import {PHASE_LABELS, type Phases} from '../../../lib/resourceTiming.ts';
import styles from '../styles.module.css';

/** The phases in the order they happen. */
const ORDER: readonly (keyof Phases)[] = ['queue', 'dns', 'connect', 'tls', 'send', 'firstByte', 'download'];

/**
 * A request's phases as one bar of segments, to a scale shared with the request beside it, and the same figures
 * as a list (what a screen reader reads).
 */
export default function PhaseBars({
  phases,
  scaleMs,
  testId,
}: {
  phases: Phases;
  scaleMs: number;
  testId: string;
}): ReactNode {
  const width = (ms: number) => `${(Math.max(0, ms) / Math.max(scaleMs, 1)) * 100}%`;
  return (
    <>
      <div className={styles.bar} aria-hidden="true">
        {ORDER.map((phase) => (
          <span key={phase} className={clsx(styles.segment, styles[phase])} style={{width: width(phases[phase])}} />
        ))}
      </div>
      <ul className={styles.phases} data-testid={testId}>
        {ORDER.map((phase) => (
          <li key={phase} data-phase={phase} data-ms={phases[phase].toFixed(1)}>
            <span className={clsx(styles.swatch, styles[phase])} aria-hidden="true" />
            {PHASE_LABELS[phase]} <strong>{formatMsTenths(phases[phase])}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}
