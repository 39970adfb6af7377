import type {ReactNode} from 'react';
import {DEFAULT_LIMITS} from '../../../../demo-server/src/limits.ts';
import {formatSeconds} from '../../../lib/format.ts';
import styles from '../styles.module.css';
import {useHeldClock} from './useHeldClock.ts';

/** The server's hold before it answers 204: its default, which an operator may change. */
export const SERVER_TIMEOUT_MS = DEFAULT_LIMITS.longPollTimeoutMs;

type Props = {
  /** When the held request went out, browser clock (the recording's, in a replay). */
  heldSince: number;
  reduced: boolean;
};

/**
 * How long the parked request has been held, as a clock and a bar. It owns the clock's tick, so ten
 * redraws a second touch these few nodes and not the whole demo; the bar grows by `transform`, which
 * needs no layout.
 */
export default function HeldRequest({heldSince, reduced}: Props): ReactNode {
  const now = useHeldClock(reduced ? 1000 : 100);
  const held = Math.max(0, now - heldSince);
  return (
    <>
      <p className={styles.parkedTitle}>One request is held by the server, for</p>
      <p className={styles.elapsed} data-testid="held-for">
        {formatSeconds(held, reduced ? 0 : 1)}
      </p>
      <div
        className={styles.bar}
        role="meter"
        aria-label="Time held, out of the server's 25 s timeout"
        aria-valuemin={0}
        aria-valuemax={SERVER_TIMEOUT_MS / 1000}
        aria-valuenow={Math.round(held / 1000)}
      >
        <span style={{transform: `scaleX(${Math.min(1, held / SERVER_TIMEOUT_MS)})`}} />
      </div>
      <p className={styles.note}>
        It is answered the moment an event is emitted, or with 204 No Content after 25 s. Either way the page asks again
        at once, so exactly one request is always waiting at the server.
      </p>
    </>
  );
}
