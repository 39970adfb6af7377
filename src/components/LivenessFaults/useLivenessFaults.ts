import {useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  APP_HEARTBEAT,
  FaultsServerMessage,
  LIVENESS_CLOSE_CODES,
  type FaultCommand,
} from '../../../demo-server/src/contract/faults.ts';
import {startAppHeartbeat, type AppHeartbeat} from '../../lib/appHeartbeat.ts';
import {newAttemptId, readAttempt, withAttempt} from '../../lib/attempts.ts';
import {webSocketUrl} from '../../lib/demoServerUrls.ts';
import {parseJson} from '../../lib/readJson.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';
import {commandFor, FAULTS, type FaultChoice, type FaultSettings} from './faults.ts';
import {describe, withHeartbeat, withPing, withPong, type TimelineEntry} from './timeline.ts';

/**
 * How long after the page's close event the server's record is read: the server notes how the connection ended a
 * moment after the page sees it end.
 */
const SETTLE_MS = 400;

export interface Session {
  attemptId: string;
  status: 'connecting' | 'open' | 'closing' | 'closed';
  entries: TimelineEntry[];
  /** The fault asked for or switched on (one per connection). */
  fault: FaultChoice | null;
  server: ServerSawState;
  failure: string | null;
}

export interface LivenessFaults {
  connection: ServerStatus['connection'];
  session: Session | null;
  /** Opens a fresh connection (closing the previous one, if any). */
  connect: () => void;
  /** Asks the server for a fault on the open connection. */
  switchOn: (choice: FaultChoice, settings: FaultSettings) => void;
  /** The page closes the connection itself, with 1000. */
  closeFromPage: () => void;
  announcement: string;
}

interface Live {
  ws: WebSocket;
  heartbeat: AppHeartbeat | null;
  controller: AbortController;
  /** Milliseconds since the page's open event (0 before it). */
  at: () => number;
  /** The page closes the connection: its heartbeat stops, and the call is on the timeline. */
  close: (code: number, reason: string) => void;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * One connection to `/ws/faults` at a time, opened under a fresh attempt id: the page's heartbeat runs on it, the
 * server's reports of its pings land on the same timeline, and once it has closed the server's record is read.
 */
export function useLivenessFaults(): LivenessFaults {
  const {serverUrl, connection} = useServerStatus();
  const [session, setSession] = useState<Session | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const live = useRef<Live | null>(null);

  const end = () => {
    const current = live.current;
    live.current = null;
    if (current === null) return;
    current.heartbeat?.stop();
    current.controller.abort();
    if (current.ws.readyState === WebSocket.CONNECTING || current.ws.readyState === WebSocket.OPEN) {
      current.ws.close(1000);
    }
  };
  useEffect(() => end, []);

  const connect = () => {
    end();
    const attemptId = newAttemptId();
    const controller = new AbortController();
    const ws = new WebSocket(withAttempt(webSocketUrl(serverUrl, ENDPOINTS.faults), attemptId));
    let openedAt: number | null = null;
    const at = () => (openedAt === null ? 0 : round(performance.now() - openedAt));
    const here: Live = {ws, heartbeat: null, controller, at, close: () => undefined};
    live.current = here;
    const update = (patch: (previous: Session) => Session) =>
      setSession((previous) => (previous?.attemptId === attemptId ? patch(previous) : previous));
    const add = (entry: TimelineEntry) => update((previous) => ({...previous, entries: [...previous.entries, entry]}));
    setSession({attemptId, status: 'connecting', entries: [], fault: null, server: {kind: 'idle'}, failure: null});
    setAnnouncement('Opening a connection…');

    const close = (code: number, reason: string) => {
      here.heartbeat?.stop();
      if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) return;
      add({side: 'page', kind: 'close-called', at: at(), code, reason});
      update((previous) => ({...previous, status: 'closing'}));
      ws.close(code, reason);
    };
    here.close = close;

    ws.addEventListener('open', () => {
      openedAt = performance.now();
      add({side: 'page', kind: 'open', at: 0});
      update((previous) => ({...previous, status: 'open'}));
      setAnnouncement('Connected: the page’s heartbeat is running.');
      here.heartbeat = startAppHeartbeat({
        ...APP_HEARTBEAT,
        send: (n) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({type: 'heartbeat', n} satisfies FaultCommand));
        },
        onAnswered: (n, roundTripMs) =>
          update((previous) => ({
            ...previous,
            entries: withHeartbeat(previous.entries, {at: at(), n, roundTripMs, bufferedAmount: ws.bufferedAmount}),
          })),
        onMissed: (n) => {
          add({
            side: 'page',
            kind: 'declared-dead',
            at: at(),
            n,
            deadlineMs: APP_HEARTBEAT.deadlineMs,
            bufferedAmount: ws.bufferedAmount,
          });
          setAnnouncement(
            `Heartbeat ${n} went unanswered for ${APP_HEARTBEAT.deadlineMs / 1000} s: the page declares the connection dead and closes it.`,
          );
          close(LIVENESS_CLOSE_CODES.heartbeatMissed, 'heartbeat unanswered');
        },
      });
    });

    ws.addEventListener('message', (event: MessageEvent) => {
      const message = typeof event.data === 'string' ? parseJson(FaultsServerMessage, event.data) : null;
      if (message === null) return;
      const now = at();
      switch (message.type) {
        case 'heartbeat-answer':
          here.heartbeat?.answered(message.n);
          return;
        case 'ping-sent': {
          update((previous) => ({...previous, entries: withPing(previous.entries, {at: now, n: message.n})}));
          return;
        }
        case 'pong-received': {
          update((previous) => ({
            ...previous,
            entries: withPong(previous.entries, {at: now, n: message.n, roundTripMs: message.roundTripMs}),
          }));
          return;
        }
        case 'fault': {
          const entry: TimelineEntry = {
            side: 'server',
            kind: 'fault',
            at: now,
            command: message.command,
            detail: message.detail,
          };
          add(entry);
          setAnnouncement(`The server: ${describe(entry)}.`);
          return;
        }
        case 'fault-over':
          add({side: 'server', kind: 'fault-over', at: now, detail: message.detail});
          return;
        case 'error':
          add({side: 'server', kind: 'refused', at: now, message: message.message});
          // Refused: nothing is on, so the reader may try another.
          update((previous) => ({...previous, fault: null}));
          setAnnouncement(`The server refused: ${message.message}.`);
          return;
      }
    });

    ws.addEventListener('error', () => add({side: 'page', kind: 'error', at: at()}));

    ws.addEventListener('close', (event: CloseEvent) => {
      here.heartbeat?.stop();
      const entry: TimelineEntry = {
        side: 'page',
        kind: 'close',
        at: at(),
        code: event.code,
        reason: event.reason,
        wasClean: event.wasClean,
      };
      add(entry);
      update((previous) => ({...previous, status: 'closed', server: {kind: 'reading'}}));
      setAnnouncement(`The page saw the ${describe(entry)}. Reading the server’s record…`);
      if (live.current === here) live.current = null;
      void (async () => {
        try {
          const record = await readAttempt(serverUrl, attemptId, {signal: controller.signal, settleMs: SETTLE_MS});
          update((previous) => ({...previous, server: record === null ? {kind: 'none'} : {kind: 'record', record}}));
          setAnnouncement('The server’s record of the connection is below the timeline.');
        } catch (error) {
          if (controller.signal.aborted) return;
          const failure = `The server’s record could not be read: ${error instanceof Error ? error.message : String(error)}`;
          update((previous) => ({...previous, server: {kind: 'none'}, failure}));
          connection.reconnect();
        }
      })();
    });
  };

  const switchOn = (choice: FaultChoice, settings: FaultSettings) => {
    const current = live.current;
    if (current === null || current.ws.readyState !== WebSocket.OPEN || session === null) return;
    const command = JSON.stringify(commandFor(choice, settings));
    current.ws.send(command);
    const label = FAULTS.find((spec) => spec.id === choice)?.label ?? choice;
    setSession((previous) =>
      previous === null
        ? previous
        : {
            ...previous,
            fault: choice,
            entries: [...previous.entries, {side: 'page', kind: 'sent', at: current.at(), what: command}],
          },
    );
    setAnnouncement(`Asked the server: ${label}.`);
  };

  const closeFromPage = () => live.current?.close(1000, 'closed by the reader');

  return {connection, session, connect, switchOn, closeFromPage, announcement};
}
