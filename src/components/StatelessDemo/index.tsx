import clsx from 'clsx';
import type {ReactNode} from 'react';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';
import {useStatelessDemo, type Row} from './useStatelessDemo.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

function Log({rows, label}: {rows: readonly Row[]; label: string}): ReactNode {
  return (
    <ol className={styles.log} aria-label={label}>
      {rows.map((row) => (
        <li
          key={row.n}
          className={clsx(row.status >= 400 ? styles.bad : styles.good)}
          data-replica={row.replica}
          data-status={row.status}
        >
          <span className={styles.replica}>{row.replica}</span>
          <span>
            <code>{row.request}</code> → <strong>{row.status}</strong> {row.outcome}
            <span className={styles.muted}> · carried {row.carried} bytes of state</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * Two replicas behind a round-robin balancer. On the left, the cart lives in
 * a session in the memory of the replica that logged you in; every other
 * request lands on the replica without it. On the right, every request
 * carries the cart itself (signed), so either replica serves it.
 */
export default function StatelessDemo(): ReactNode {
  const {
    connection,
    live,
    loggedIn,
    statefulRows,
    statelessRows,
    announcement,
    failure,
    login,
    addStateful,
    addStateless,
  } = useRecordable(useStatelessDemo(), {paths: [ENDPOINTS.balanced, ENDPOINTS.health]});

  return (
    <DemoFrame title="Stateless or not" connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <DemoAlert message={failure} />
      <div className={styles.columns}>
        <section aria-label="Session kept on a replica" className={styles.column}>
          <h3>Session kept on one replica</h3>
          <div className={styles.actions}>
            <button type="button" className="button button--sm button--primary" disabled={!live} onClick={login}>
              Log in
            </button>
            <button
              type="button"
              className="button button--sm button--secondary"
              disabled={!live || !loggedIn}
              onClick={addStateful}
            >
              Add to the session cart
            </button>
          </div>
          <Log rows={statefulRows} label="Requests to the session cart, newest first" />
        </section>
        <section aria-label="State carried in every request" className={styles.column}>
          <h3>State carried in every request</h3>
          <div className={styles.actions}>
            <button type="button" className="button button--sm button--primary" disabled={!live} onClick={addStateless}>
              Add to the carried cart
            </button>
          </div>
          <Log rows={statelessRows} label="Requests to the carried cart, newest first" />
        </section>
      </div>
    </DemoFrame>
  );
}
