import clsx from 'clsx';
import {useId, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {formatBytes, formatMs} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {REST_SEQUENCE_STEPS} from '../../lib/restOverWebSocket.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {IntervalSelect} from '../TransportParts/index.tsx';
import styles from './styles.module.css';
import {useSameApiTwoTransports, type Transport} from './useSameApiTwoTransports.ts';

const COLUMNS: readonly {key: Transport; name: string}[] = [
  {key: 'http', name: 'HTTP'},
  {key: 'ws', name: 'WebSocket'},
];
const POLL_INTERVALS = [1000, 2000, 5000] as const;

function StatusCell({status}: {status: number}): ReactNode {
  return <span className={clsx(styles.status, status >= 400 ? styles.bad : styles.good)}>{status}</span>;
}

/**
 * Same API, two transports: the REST API of the demo server over HTTP and
 * over a WebSocket (`/ws/rest`), with what each request cost on the wire; and
 * a change made over HTTP that the WebSocket hears of by push while HTTP must
 * poll for it.
 */
export default function SameApiTwoTransports(): ReactNode {
  const demo = useRecordable(useSameApiTwoTransports(), {
    paths: [ENDPOINTS.restWebSocket, ENDPOINTS.api, ENDPOINTS.recordedRequests, ENDPOINTS.health],
  });
  const pollId = useId();

  return (
    <DemoFrame title="Same API, two transports" connection={demo.connection}>
      <LiveRegion throttle={3000}>{demo.announcement}</LiveRegion>
      <DemoAlert message={demo.failure} />

      <h3 className={styles.heading}>One sequence, both ways</h3>
      <p className={styles.lead}>
        Five requests — list, create, read, update with <code>If-Match</code>, delete — in a sandbox of your own, first
        over HTTP to <code>{ENDPOINTS.api}</code>, then as messages on one WebSocket to{' '}
        <code>{ENDPOINTS.restWebSocket}</code>. Both reach the same code on the server.
      </p>
      <button
        type="button"
        className="button button--primary button--sm"
        onClick={() => void demo.run()}
        disabled={demo.running || !demo.live}
      >
        {demo.running ? 'Running…' : demo.rows.ws.length > 0 ? 'Run the sequence again' : 'Run the sequence'}
      </button>
      <div className={styles.columns}>
        {COLUMNS.map(({key, name}) => (
          <section
            key={key}
            className={clsx(styles.column, styles[key])}
            aria-label={`Over ${name}`}
            data-transport={key}
          >
            <h4 className={styles.columnTitle}>Over {name}</h4>
            {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrolls sideways on a phone */}
            <div className={styles.tableScroll} tabIndex={0} role="region" aria-label={`Requests over ${name}`}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">Request</th>
                    <th scope="col">Status</th>
                    <th scope="col">Bytes up / down</th>
                    <th scope="col">Time</th>
                  </tr>
                </thead>
                <tbody>
                  {REST_SEQUENCE_STEPS.map((label, index) => {
                    const row = demo.rows[key][index];
                    return (
                      <tr key={label} data-step={index} data-status={row?.status ?? ''}>
                        <th scope="row">
                          {label}
                          <span className={styles.method}>{row?.method ?? ''}</span>
                        </th>
                        <td>{row ? <StatusCell status={row.status} /> : '—'}</td>
                        <td>
                          <span data-bytes-up={row?.bytesUp ?? ''}>
                            {row?.bytesUp == null ? '—' : formatBytes(row.bytesUp)}
                          </span>
                          {' / '}
                          <span data-bytes-down={row?.bytesDown ?? ''}>
                            {row?.bytesDown == null ? '—' : formatBytes(row.bytesDown)}
                          </span>
                        </td>
                        <td>{row ? formatMs(row.ms) : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td />
                    <td>
                      {formatBytes(demo.totals[key].bytesUp)} / {formatBytes(demo.totals[key].bytesDown)}
                    </td>
                    <td>{formatMs(demo.totals[key].ms)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
        ))}
      </div>
      <p className={styles.muted}>
        HTTP bytes are counted by the server on its socket: request line, headers and body one way; status line, headers
        and body the other. WebSocket bytes are the frames: the message plus a header of 2, 4 or 10 bytes, and from the
        browser a 4-byte masking key.{' '}
        {demo.handshakeBytes === null
          ? ''
          : `Not in the column: the WebSocket's opening handshake, ${formatBytes(demo.handshakeBytes)} once for the whole connection.`}{' '}
        Not counted on either side: TLS and TCP/IP overhead, and the CORS preflight (<code>OPTIONS</code>) a browser
        sends before a cross-origin <code>PUT</code> or <code>DELETE</code>, another HTTP cost the WebSocket does not
        pay.
      </p>
      {demo.summary ? (
        <p className={styles.notice} data-testid="same-api-summary">
          {demo.summary}
        </p>
      ) : null}

      <h3 className={styles.heading}>Watch a change</h3>
      <p className={styles.lead}>
        The WebSocket sends <code>WATCH</code> for a note once; the server pushes a message when the note changes. HTTP
        has no way to be told, so the page asks again and again with a conditional <code>GET</code>.
      </p>
      <div className={styles.controls}>
        <button
          type="button"
          className="button button--secondary button--sm"
          aria-pressed={demo.watching}
          onClick={() => demo.setWatching((value) => !value)}
          disabled={!demo.live}
        >
          {demo.watching ? 'Stop watching' : 'Start watching'}
        </button>
        <IntervalSelect
          id={pollId}
          label="HTTP polls every"
          value={demo.pollMs}
          options={POLL_INTERVALS}
          onChange={demo.setPollMs}
        />
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={() => void demo.change()}
          disabled={!demo.watching || demo.watchState.path === null}
        >
          Change the note over HTTP
        </button>
      </div>
      <div className={styles.columns}>
        <section className={clsx(styles.column, styles.http)} aria-label="HTTP polls" data-watch="http">
          <h4 className={styles.columnTitle}>HTTP: polling</h4>
          <p data-polls={demo.watchState.polls} data-conditional={demo.watchState.conditional}>
            {demo.watchState.polls} GET{demo.watchState.polls === 1 ? '' : 's'} ({demo.watchState.conditional}{' '}
            conditional), {demo.watchState.notModified} answered <code>304 Not Modified</code>,{' '}
            {formatBytes(demo.watchState.pollBytes)} on the wire.
          </p>
          <p data-noticed-ms={demo.polledAfter === null ? '' : Math.round(demo.polledAfter)}>
            {demo.watchState.changedAt === null
              ? 'No change yet.'
              : demo.polledAfter === null
                ? 'Changed; the next poll will find out…'
                : `Noticed ${formatMs(demo.polledAfter)} after the change, on poll ${demo.watchState.noticedAfterPolls ?? 0}.`}
          </p>
        </section>
        <section className={clsx(styles.column, styles.ws)} aria-label="WebSocket pushes" data-watch="ws">
          <h4 className={styles.columnTitle}>WebSocket: push</h4>
          <p>
            {demo.watchState.path === null ? (
              'Not watching.'
            ) : (
              <>
                Watching <code>{demo.watchState.path}</code>.
              </>
            )}
          </p>
          <p data-pushed-ms={demo.pushedAfter === null ? '' : Math.round(demo.pushedAfter)}>
            {demo.watchState.changedAt === null
              ? 'No change yet.'
              : demo.pushedAfter === null
                ? 'Changed; waiting for the push…'
                : `Pushed ${formatMs(demo.pushedAfter)} after the change, with no request.`}
          </p>
          {demo.lastPush ? <pre className={styles.push}>{JSON.stringify(demo.lastPush.push)}</pre> : null}
        </section>
      </div>
    </DemoFrame>
  );
}
