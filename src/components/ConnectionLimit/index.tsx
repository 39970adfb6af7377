import clsx from 'clsx';
import {useId, useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {formatMs} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';
import {summarize, useConnectionLimit, type Batch} from './useConnectionLimit.ts';

const COUNTS = [4, 6, 8, 10, 12] as const;
const HOLDS = [1000, 2000, 3000] as const;

function Waterfall({batch}: {batch: Batch}): ReactNode {
  const end = Math.max(batch.holdMs * 2.2, ...batch.rows.map((row) => row.answeredAt ?? 0));
  const percent = (ms: number) => `${(Math.max(0, ms) / end) * 100}%`;
  const ticks = Array.from({length: Math.floor(end / 1000) + 1}, (_, i) => i * 1000);
  const summary = summarize(batch);
  // Drawn with HTML boxes placed by percentage, so labels keep their size on a phone.
  return (
    <div
      className={styles.waterfall}
      role="img"
      aria-label={`Waterfall of ${batch.count} requests: ${summary.connections} connections, ${summary.waited.length} requests waited for a free connection`}
    >
      {batch.rows.map((row) => {
        const reached = row.reachedServerAt;
        return (
          <div key={row.index} className={styles.row}>
            <span className={styles.label}>
              #{row.index}
              {row.connection ? ` on ${row.connection}` : ''}
            </span>
            <span className={styles.track}>
              {reached !== null && reached > 50 ? (
                <span className={styles.queued} style={{left: 0, width: percent(reached)}} />
              ) : null}
              {reached !== null && row.answeredAt !== null ? (
                <span
                  className={styles.held}
                  style={{left: percent(reached), width: percent(row.answeredAt - Math.max(0, reached))}}
                />
              ) : null}
            </span>
          </div>
        );
      })}
      <div className={styles.row}>
        <span className={styles.label} />
        <span className={styles.axis}>
          {ticks.map((tick) => (
            <span key={tick} className={styles.tick} style={{left: percent(tick)}}>
              {tick / 1000} s
            </span>
          ))}
        </span>
      </div>
    </div>
  );
}

/**
 * The per-host connection limit, measured: several requests fired at once,
 * each held by the server for the same time. Over HTTP/1.1 a connection
 * carries one request at a time, so requests beyond the browser's limit wait
 * for a free connection — the waterfall shows them starting late, on a
 * connection an earlier request used.
 */
export default function ConnectionLimit(): ReactNode {
  const {connection, clock, batch, fire} = useRecordable(useConnectionLimit(), {
    paths: [ENDPOINTS.hold, ENDPOINTS.eventsPoll, ENDPOINTS.time],
  });
  const [count, setCount] = useState<number>(8);
  const [holdMs, setHoldMs] = useState<number>(2000);
  const countId = useId();
  const holdId = useId();
  const live = connection.state.status === 'live';
  const running = batch !== null && !batch.done;
  const summary = batch ? summarize(batch) : null;

  return (
    <DemoFrame title="Connections per host" connection={connection}>
      <div className={styles.controls}>
        <label htmlFor={countId}>
          Requests{' '}
          <select
            id={countId}
            className="otw-input"
            value={count}
            onChange={(event) => setCount(Number(event.target.value))}
          >
            {COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={holdId}>
          Each held for{' '}
          <select
            id={holdId}
            className="otw-input"
            value={holdMs}
            onChange={(event) => setHoldMs(Number(event.target.value))}
          >
            {HOLDS.map((ms) => (
              <option key={ms} value={ms}>
                {ms / 1000} s
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={!live || running}
          onClick={() => fire(count, holdMs)}
        >
          {running ? 'Waiting for answers…' : `Send ${count} requests at once`}
        </button>
      </div>
      <LiveRegion>
        {batch?.done && summary
          ? `${batch.count} requests answered over ${summary.connections} connections; ${summary.waited.length} waited for a free connection.`
          : ''}
      </LiveRegion>
      {batch === null ? (
        <p className={styles.hint}>
          Each request is answered after the same hold. Send more than your browser opens connections to one host and
          watch the extra ones start late.
        </p>
      ) : (
        <>
          <Waterfall batch={batch} />
          <p className={styles.legend}>
            <span className={clsx(styles.swatch, styles.queuedSwatch)} aria-hidden="true" /> waiting in the browser for
            a free connection <span className={clsx(styles.swatch, styles.heldSwatch)} aria-hidden="true" /> at the
            server (held {batch.holdMs / 1000} s)
          </p>
          {summary ? (
            <p className={styles.summary} data-testid="connection-summary" data-connections={summary.connections}>
              {batch.done ? (
                <>
                  {batch.count} requests went over <strong>{summary.connections} connections</strong>
                  {summary.waited.length > 0 ? (
                    <>
                      ; {summary.waited.length} (#{summary.waited.join(', #')}) waited for one to come free before the
                      server even saw {summary.waited.length === 1 ? 'it' : 'them'}.
                    </>
                  ) : (
                    <>; none waited.</>
                  )}{' '}
                  Protocol to the demo server: <code>{summary.protocol ?? 'not exposed by this browser'}</code>
                  {clock ? <> (clock offset ±{formatMs(clock.roundTripMs / 2)})</> : null}.
                </>
              ) : (
                'Requests sent; answers arrive as the server releases them…'
              )}
            </p>
          ) : null}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrolls on narrow screens */}
          <div className={styles.tableScroll} tabIndex={0} role="region" aria-label="Requests, one per row">
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Request</th>
                  <th scope="col">Connection</th>
                  <th scope="col">Its request no.</th>
                  <th scope="col">Reached the server after</th>
                  <th scope="col">Answered after</th>
                </tr>
              </thead>
              <tbody>
                {batch.rows.map((row) => (
                  <tr key={row.index} data-connection={row.connection ?? ''} data-reached={row.reachedServerAt ?? ''}>
                    <td>#{row.index}</td>
                    <td>{row.error ?? row.connection ?? '…'}</td>
                    <td>{row.requestOnConnection ?? '…'}</td>
                    <td>{row.reachedServerAt === null ? '…' : formatMs(Math.max(0, row.reachedServerAt))}</td>
                    <td>{row.answeredAt === null ? 'waiting…' : formatMs(row.answeredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </DemoFrame>
  );
}
