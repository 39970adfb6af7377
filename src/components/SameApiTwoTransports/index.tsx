import clsx from 'clsx';
import {useCallback, useEffect, useId, useRef, useState, type ReactNode} from 'react';
import {
  ENDPOINTS,
  type NoteCollection,
  type RestChangedPush,
  type SandboxRepresentation,
} from '../../../demo-server/src/contract.ts';
import {formatBytes, formatMs} from '../../lib/realtime/delays.ts';
import {RestSocketClient, compareTotals, httpRequest, totalsOf, type Measured} from '../../lib/restOverWebSocket.ts';
import {useDemoSocket} from '../../lib/useDemoSocket.ts';
import {useThrottledAnnouncement} from '../../lib/useThrottledAnnouncement.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import {IntervalSelect} from '../TransportParts/index.tsx';
import styles from './styles.module.css';

type Transport = 'http' | 'ws';
const COLUMNS: readonly {key: Transport; name: string}[] = [
  {key: 'http', name: 'HTTP'},
  {key: 'ws', name: 'WebSocket'},
];
const STEPS = ['List', 'Create', 'Read', 'Update', 'Delete'] as const;
const POLL_INTERVALS = [1000, 2000, 5000] as const;

/** The sequence, the same five requests whichever transport carries them. */
async function runSequence(
  send: (method: string, path: string, headers?: Record<string, string>, body?: unknown) => Promise<Measured>,
  notes: string,
  name: string,
  onRow: (row: Measured) => void,
): Promise<void> {
  const step = async (...args: Parameters<typeof send>) => {
    const row = await send(...args);
    onRow(row);
    return row;
  };
  await step('GET', notes);
  const created = await step('POST', notes, {}, {title: `Written over ${name}`, body: 'One of two', tags: ['demo']});
  const location = created.headers.location ?? created.headers.Location;
  if (created.status !== 201 || location === undefined) throw new Error(`Creating a note answered ${created.status}`);
  const read = await step('GET', location);
  const etag = read.headers.etag ?? read.headers.ETag ?? '';
  await step('PUT', location, {'If-Match': etag}, {title: `Changed over ${name}`, body: 'Updated', tags: []});
  await step('DELETE', location);
}

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
  const [handshakeBytes, setHandshakeBytes] = useState<number | null>(null);
  const [pushes, setPushes] = useState<{push: RestChangedPush; at: number}[]>([]);
  const [client] = useState(
    () =>
      new RestSocketClient({
        onHello: (hello) => setHandshakeBytes(hello.handshake.requestBytes + hello.handshake.responseBytes),
        onPush: (push) => setPushes((previous) => [...previous.slice(-19), {push, at: performance.now()}]),
      }),
  );
  const connection = useDemoSocket(ENDPOINTS.restWebSocket, {
    onOpen: (socket) => client.attach(socket),
    onMessage: (event) => {
      if (typeof event.data === 'string') client.receive(event.data);
    },
  });
  const {serverUrl} = connection;
  const live = connection.state.status === 'live';
  const pollId = useId();

  const [notes, setNotes] = useState<string | null>(null);
  const [rows, setRows] = useState<Record<Transport, Measured[]>>({http: [], ws: []});
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const [watching, setWatching] = useState(false);
  const [pollMs, setPollMs] = useState<number>(2000);
  const [watchState, setWatchState] = useState<{
    path: string | null;
    changedAt: number | null;
    polls: number;
    /** Polls that carried If-None-Match: all but the first, which has no ETag to send yet. */
    conditional: number;
    notModified: number;
    pollBytes: number;
    noticedAt: number | null;
    noticedAfterPolls: number | null;
  }>({
    path: null,
    changedAt: null,
    polls: 0,
    conditional: 0,
    notModified: 0,
    pollBytes: 0,
    noticedAt: null,
    noticedAfterPolls: null,
  });
  const pollEtag = useRef<string | null>(null);

  /** The reader's own sandbox, made over HTTP and used by both transports: one store behind both. */
  const sandboxNotes = useCallback(async (): Promise<string> => {
    if (notes !== null) return notes;
    const made = await httpRequest(serverUrl, 'POST', `${ENDPOINTS.api}/sandboxes`);
    if (made.status !== 201) throw new Error(`Creating a sandbox answered ${made.status}`);
    const href = (made.body as SandboxRepresentation)._links.notes.href;
    setNotes(href);
    return href;
  }, [notes, serverUrl]);

  const run = useCallback(async () => {
    setRunning(true);
    setFailure(null);
    setRows({http: [], ws: []});
    try {
      const path = await sandboxNotes();
      // One after the other, so neither transport's requests slow the other's.
      await runSequence(
        (method, target, headers, body) => httpRequest(serverUrl, method, target, {headers, body}),
        path,
        'HTTP',
        (row) => setRows((previous) => ({...previous, http: [...previous.http, row]})),
      );
      await runSequence(
        (method, target, headers, body) =>
          client.request({method: method as 'GET', path: target, headers, ...(body === undefined ? {} : {body})}),
        path,
        'WebSocket',
        (row) => setRows((previous) => ({...previous, ws: [...previous.ws, row]})),
      );
    } catch (error) {
      setFailure(`The sequence stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setRunning(false);
    }
  }, [client, sandboxNotes, serverUrl]);

  // Watching: the WebSocket subscribes once; HTTP asks with a conditional GET on a timer.
  useEffect(() => {
    if (!watching || !live) return;
    // Read by callbacks that outlive this run of the effect, so kept in one object rather than let bindings.
    const watch: {stopped: boolean; path: string | null; timer?: ReturnType<typeof setTimeout>} = {
      stopped: false,
      path: null,
    };
    // A call, not a property read: TypeScript would keep its narrowing across the awaits below.
    const stopped = () => watch.stopped;
    const poll = async () => {
      if (stopped() || watch.path === null) return;
      try {
        const headers: Record<string, string> = pollEtag.current === null ? {} : {'If-None-Match': pollEtag.current};
        const answer = await httpRequest(serverUrl, 'GET', watch.path, {headers});
        if (stopped()) return;
        const fresh = answer.status === 200 && pollEtag.current !== null;
        if (answer.status === 200) pollEtag.current = answer.headers.etag ?? null;
        const at = performance.now();
        setWatchState((state) => ({
          ...state,
          polls: state.polls + 1,
          conditional: state.conditional + ('If-None-Match' in headers ? 1 : 0),
          notModified: state.notModified + (answer.status === 304 ? 1 : 0),
          pollBytes: state.pollBytes + (answer.bytesUp ?? 0) + (answer.bytesDown ?? 0),
          noticedAt: fresh && state.changedAt !== null && state.noticedAt === null ? at : state.noticedAt,
          noticedAfterPolls:
            fresh && state.changedAt !== null && state.noticedAt === null ? state.polls + 1 : state.noticedAfterPolls,
        }));
      } catch (error) {
        if (!stopped()) setFailure(`Polling failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!stopped()) watch.timer = setTimeout(() => void poll(), pollMs);
    };
    void (async () => {
      try {
        const collection = await sandboxNotes();
        const list = await httpRequest(serverUrl, 'GET', collection);
        const first = (list.body as NoteCollection)._links.item[0]?.href;
        if (first === undefined) throw new Error('The sandbox has no notes left to watch');
        if (stopped()) return;
        watch.path = first;
        const watched = await client.request({method: 'WATCH', path: first});
        if (watched.status !== 200) throw new Error(`WATCH answered ${watched.status}`);
        pollEtag.current = null;
        setWatchState((state) => ({...state, path: first}));
        await poll();
      } catch (error) {
        if (!stopped()) setFailure(`Watching failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    return () => {
      watch.stopped = true;
      clearTimeout(watch.timer);
      const {path} = watch;
      if (path !== null) client.request({method: 'UNWATCH', path}).catch(() => undefined);
    };
  }, [watching, live, pollMs, client, sandboxNotes, serverUrl]);

  const change = useCallback(async () => {
    const path = watchState.path;
    if (path === null) return;
    setFailure(null);
    const at = performance.now();
    setWatchState((state) => ({...state, changedAt: at, noticedAt: null, noticedAfterPolls: null}));
    try {
      const answer = await httpRequest(serverUrl, 'PATCH', path, {
        headers: {'Content-Type': 'application/merge-patch+json'},
        body: {title: `Changed over HTTP at ${new Date().toLocaleTimeString()}`},
      });
      if (answer.status !== 200) throw new Error(`PATCH answered ${answer.status}`);
    } catch (error) {
      setFailure(`Changing the note failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, [serverUrl, watchState.path]);

  const lastPush = [...pushes].reverse().find((entry) => entry.push.path === watchState.path);
  const pushedAfter =
    lastPush !== undefined && watchState.changedAt !== null && lastPush.at >= watchState.changedAt
      ? lastPush.at - watchState.changedAt
      : null;
  const polledAfter =
    watchState.noticedAt !== null && watchState.changedAt !== null ? watchState.noticedAt - watchState.changedAt : null;

  const totals = {http: totalsOf(rows.http), ws: totalsOf(rows.ws)};
  const summary = rows.ws.length === STEPS.length ? compareTotals(totals.http, totals.ws, handshakeBytes) : null;
  const announcement = useThrottledAnnouncement(
    [
      running ? `Running: ${rows.http.length + rows.ws.length} of ${STEPS.length * 2} requests answered.` : '',
      summary ?? '',
      pushedAfter !== null ? `The WebSocket heard of the change ${formatMs(pushedAfter)} after it was made.` : '',
      polledAfter !== null
        ? `Polling noticed it ${formatMs(polledAfter)} after, on poll ${watchState.noticedAfterPolls ?? 0}.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
    3000,
  );

  return (
    <DemoFrame title="Same API, two transports" connection={connection}>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <DemoAlert message={failure} />

      <h4 className={styles.heading}>One sequence, both ways</h4>
      <p className={styles.lead}>
        Five requests — list, create, read, update with <code>If-Match</code>, delete — in a sandbox of your own, first
        over HTTP to <code>{ENDPOINTS.api}</code>, then as messages on one WebSocket to{' '}
        <code>{ENDPOINTS.restWebSocket}</code>. Both reach the same code on the server.
      </p>
      <button
        type="button"
        className="button button--primary button--sm"
        onClick={() => void run()}
        disabled={running || !live}
      >
        {running ? 'Running…' : rows.ws.length > 0 ? 'Run the sequence again' : 'Run the sequence'}
      </button>
      <div className={styles.columns}>
        {COLUMNS.map(({key, name}) => (
          <section
            key={key}
            className={clsx(styles.column, styles[key])}
            aria-label={`Over ${name}`}
            data-transport={key}
          >
            <h5 className={styles.columnTitle}>Over {name}</h5>
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
                  {STEPS.map((label, index) => {
                    const row = rows[key][index];
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
                      {formatBytes(totals[key].bytesUp)} / {formatBytes(totals[key].bytesDown)}
                    </td>
                    <td>{formatMs(totals[key].ms)}</td>
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
        {handshakeBytes === null
          ? ''
          : `Not in the column: the WebSocket's opening handshake, ${formatBytes(handshakeBytes)} once for the whole connection.`}{' '}
        Not counted on either side: TLS and TCP/IP overhead, and the CORS preflight (<code>OPTIONS</code>) a browser
        sends before a cross-origin <code>PUT</code> or <code>DELETE</code>, another HTTP cost the WebSocket does not
        pay.
      </p>
      {summary ? (
        <p className={styles.notice} data-testid="same-api-summary">
          {summary}
        </p>
      ) : null}

      <h4 className={styles.heading}>Watch a change</h4>
      <p className={styles.lead}>
        The WebSocket sends <code>WATCH</code> for a note once; the server pushes a message when the note changes. HTTP
        has no way to be told, so the page asks again and again with a conditional <code>GET</code>.
      </p>
      <div className={styles.controls}>
        <button
          type="button"
          className="button button--secondary button--sm"
          aria-pressed={watching}
          onClick={() => setWatching((value) => !value)}
          disabled={!live}
        >
          {watching ? 'Stop watching' : 'Start watching'}
        </button>
        <IntervalSelect
          id={pollId}
          label="HTTP polls every"
          value={pollMs}
          options={POLL_INTERVALS}
          onChange={setPollMs}
        />
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={() => void change()}
          disabled={!watching || watchState.path === null}
        >
          Change the note over HTTP
        </button>
      </div>
      <div className={styles.columns}>
        <section className={clsx(styles.column, styles.http)} aria-label="HTTP polls" data-watch="http">
          <h5 className={styles.columnTitle}>HTTP: polling</h5>
          <p data-polls={watchState.polls} data-conditional={watchState.conditional}>
            {watchState.polls} GET{watchState.polls === 1 ? '' : 's'} ({watchState.conditional} conditional),{' '}
            {watchState.notModified} answered <code>304 Not Modified</code>, {formatBytes(watchState.pollBytes)} on the
            wire.
          </p>
          <p data-noticed-ms={polledAfter === null ? '' : Math.round(polledAfter)}>
            {watchState.changedAt === null
              ? 'No change yet.'
              : polledAfter === null
                ? 'Changed; the next poll will find out…'
                : `Noticed ${formatMs(polledAfter)} after the change, on poll ${watchState.noticedAfterPolls ?? 0}.`}
          </p>
        </section>
        <section className={clsx(styles.column, styles.ws)} aria-label="WebSocket pushes" data-watch="ws">
          <h5 className={styles.columnTitle}>WebSocket: push</h5>
          <p>
            {watchState.path === null ? (
              'Not watching.'
            ) : (
              <>
                Watching <code>{watchState.path}</code>.
              </>
            )}
          </p>
          <p data-pushed-ms={pushedAfter === null ? '' : Math.round(pushedAfter)}>
            {watchState.changedAt === null
              ? 'No change yet.'
              : pushedAfter === null
                ? 'Changed; waiting for the push…'
                : `Pushed ${formatMs(pushedAfter)} after the change, with no request.`}
          </p>
          {lastPush ? <pre className={styles.push}>{JSON.stringify(lastPush.push)}</pre> : null}
        </section>
      </div>
    </DemoFrame>
  );
}
