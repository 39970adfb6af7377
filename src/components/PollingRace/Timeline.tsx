import type {ReactNode} from 'react';
import type {RealtimeTransport} from '../../../demo-server/src/contract/events.ts';
import type {Arrival} from '../../lib/realtime/useTransport.ts';
import styles from './styles.module.css';

const WINDOW_MS = 20_000;
const WIDTH = 1000;
const ROW = 20;

type Props = {
  lanes: readonly {key: RealtimeTransport; name: string; arrivals: readonly Arrival[]}[];
  offsetMs: number;
  /** Browser clock, ms. */
  now: number;
  /** No scrolling: the window jumps a whole window at a time. */
  reduced: boolean;
};

/**
 * Emitted events and each transport's arrivals on one time axis (the
 * browser's clock; emission times converted with the measured offset). The
 * marks are SVG, stretched to the width; the labels are HTML so they keep
 * their size on a phone.
 */
export default function Timeline({lanes, offsetMs, now, reduced}: Props): ReactNode {
  const start = reduced ? Math.floor(now / WINDOW_MS) * WINDOW_MS : now - WINDOW_MS;
  const end = start + WINDOW_MS;
  const x = (t: number) => ((t - start) / WINDOW_MS) * WIDTH;
  const inWindow = (t: number) => t >= start && t <= end;

  const emitted = new Map<number, number>();
  for (const lane of lanes) {
    for (const arrival of lane.arrivals) emitted.set(arrival.id, arrival.emittedAt - offsetMs);
  }
  const emittedMarks = [...emitted].filter(([, t]) => inWindow(t));
  const rows = lanes.length + 1;
  const counts = lanes.map((lane) => lane.arrivals.filter((a) => inWindow(a.arrivedAt)).length);
  const label =
    `Timeline of the last ${WINDOW_MS / 1000} seconds: ${emittedMarks.length} events emitted; ` +
    lanes.map((lane, i) => `${lane.name} received ${counts[i] ?? 0}`).join(', ');

  return (
    <figure className={styles.timeline}>
      <div className={styles.timelineGrid}>
        <div className={styles.timelineLabels} aria-hidden="true">
          <span>Emitted</span>
          {lanes.map((lane) => (
            <span key={lane.key} className={styles[lane.key]}>
              {lane.name}
            </span>
          ))}
        </div>
        <svg
          className={styles.timelineSvg}
          viewBox={`0 0 ${WIDTH} ${rows * ROW}`}
          preserveAspectRatio="none"
          // One 1.5rem row per label (the labels' line height), however many lanes race.
          style={{height: `${rows * 1.5}rem`}}
          role="img"
          aria-label={label}
        >
          {Array.from({length: rows}, (_, row) => (
            <line key={row} className={styles.rowLine} x1={0} x2={WIDTH} y1={(row + 1) * ROW} y2={(row + 1) * ROW} />
          ))}
          {emittedMarks.map(([id, t]) => (
            <line key={id} className={styles.emittedMark} x1={x(t)} x2={x(t)} y1={3} y2={ROW - 3} />
          ))}
          {lanes.map((lane, index) => {
            const top = (index + 1) * ROW;
            return (
              <g key={lane.key} className={styles[lane.key]}>
                {lane.arrivals
                  .filter((arrival) => inWindow(arrival.arrivedAt))
                  .map((arrival) => {
                    const from = emitted.get(arrival.id) ?? arrival.arrivedAt;
                    return (
                      <g key={arrival.id}>
                        <line className={styles.lag} x1={x(from)} x2={x(arrival.arrivedAt)} y1={ROW - 3} y2={top + 3} />
                        <line
                          className={styles.arrivalMark}
                          x1={x(arrival.arrivedAt)}
                          x2={x(arrival.arrivedAt)}
                          y1={top + 3}
                          y2={top + ROW - 3}
                        />
                      </g>
                    );
                  })}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className={styles.axis}>
        {reduced
          ? `A ${WINDOW_MS / 1000}-second window that moves on a whole window at a time (reduced motion). A slanted line joins each event's emission to its arrival.`
          : `The last ${WINDOW_MS / 1000} seconds, now at the right. A slanted line joins each event's emission to its arrival: the more it leans, the longer the delay.`}
      </figcaption>
    </figure>
  );
}
