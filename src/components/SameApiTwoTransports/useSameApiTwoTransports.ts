/**
 * The state of "Same API, two transports": one `/ws/rest` connection, the
 * reader's sandbox (made over HTTP, used by both transports), the sequence
 * run both ways, and the watch panel (WATCH over the WebSocket against
 * conditional GETs on a timer).
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {NoteCollection, SandboxRepresentation} from '../../../demo-server/src/contract/rest.ts';
import {fits} from '../../lib/readJson.ts';
import type {RestChangedPush} from '../../../demo-server/src/contract/restWebSocket.ts';
import {
  REST_SEQUENCE_STEPS,
  RestSocketClient,
  compareTotals,
  httpRequest,
  runRestSequence,
  totalsOf,
  type Measured,
} from '../../lib/restOverWebSocket.ts';
import {formatMs, formatTimeOfDay} from '../../lib/format.ts';
import {useDemoSocket} from '../../lib/useDemoSocket.ts';

export type Transport = 'http' | 'ws';

export function useSameApiTwoTransports() {
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
    if (!fits(SandboxRepresentation, made.body)) throw new Error('Creating a sandbox answered something else');
    const href = made.body._links.notes.href;
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
      await runRestSequence(
        (method, target, headers, body) => httpRequest(serverUrl, method, target, {headers, body}),
        path,
        'HTTP',
        (row) => setRows((previous) => ({...previous, http: [...previous.http, row]})),
      );
      await runRestSequence(
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
        const first = fits(NoteCollection, list.body) ? list.body._links.item[0]?.href : undefined;
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
        body: {title: `Changed over HTTP at ${formatTimeOfDay(new Date())}`},
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
  const summary =
    rows.ws.length === REST_SEQUENCE_STEPS.length ? compareTotals(totals.http, totals.ws, handshakeBytes) : null;
  const announcement = [
    running
      ? `Running: ${rows.http.length + rows.ws.length} of ${REST_SEQUENCE_STEPS.length * 2} requests answered.`
      : '',
    summary ?? '',
    pushedAfter !== null ? `The WebSocket heard of the change ${formatMs(pushedAfter)} after it was made.` : '',
    polledAfter !== null
      ? `Polling noticed it ${formatMs(polledAfter)} after, on poll ${watchState.noticedAfterPolls ?? 0}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');

  return {
    connection,
    live,
    handshakeBytes,
    rows,
    running,
    failure,
    run,
    watching,
    setWatching,
    pollMs,
    setPollMs,
    watchState,
    change,
    lastPush,
    pushedAfter,
    polledAfter,
    totals,
    summary,
    announcement,
  };
}
