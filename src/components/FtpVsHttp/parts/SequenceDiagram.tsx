import clsx from 'clsx';
import type {FtpVsHttpProtocol} from '../../../../demo-server/src/contract/ftpVsHttp.ts';
import type {ReactNode} from 'react';
import {arrowFor, LANE_LABELS, LANE_POSITIONS, spokenArrow} from '../../../lib/ftpVsHttp.ts';
import {formatMsTenths} from '../../../lib/format.ts';
import type {StepEntry} from '../useFtpVsHttp.ts';
import styles from '../styles.module.css';

type Props = {
  protocol: FtpVsHttpProtocol;
  steps: readonly StepEntry[];
  /** Let new rows slide in (off under prefers-reduced-motion). */
  animate: boolean;
};

/**
 * A sequence diagram drawn with CSS: one lifeline per lane (the client, and
 * the server end of each connection), one row per step, an arrow from lane to
 * lane with what it carried above it and the time on the left.
 */
export default function SequenceDiagram({protocol, steps, animate}: Props): ReactNode {
  const positions = LANE_POSITIONS[protocol];
  const position = (lane: number) => positions[lane] ?? 0;
  return (
    <div className={styles.diagram} data-lanes={positions.length}>
      <div className={styles.laneNames} aria-hidden="true">
        {LANE_LABELS[protocol].map((name, lane) => (
          // Shifted by its own position, so the first name starts at its line and the last ends at its line.
          <span key={name} style={{left: `${position(lane)}%`, transform: `translateX(-${position(lane)}%)`}}>
            {name}
          </span>
        ))}
      </div>
      <ol className={styles.rows} aria-label={`${protocol.toUpperCase()} sequence diagram`}>
        {steps.map(({atMs, step}, index) => {
          const arrow = arrowFor(step);
          const left = Math.min(position(arrow.from), position(arrow.to));
          const width = Math.abs(position(arrow.to) - position(arrow.from));
          return (
            <li
              // Steps only ever append, so the index is a stable key.

              key={index}
              className={clsx(styles.row, animate && styles.rowEnter)}
              data-kind={arrow.kind}
              data-connection={step.connection}
            >
              <span className={styles.time}>{formatMsTenths(atMs)}</span>
              <span className={styles.track}>
                <span
                  className={clsx(styles.arrow, arrow.to < arrow.from && styles.leftward)}
                  style={{marginLeft: `${left}%`, width: `${width}%`}}
                >
                  <span className="sr-only">{spokenArrow(protocol, step)} </span>
                  <code className={styles.label}>
                    {arrow.label.map((line, i) => (
                      <span key={i} className={styles.labelLine}>
                        {line}
                      </span>
                    ))}
                  </code>
                </span>
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
