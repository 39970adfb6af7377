import {useEffect, useRef, useState} from 'react';
import {newAttemptId, readAttempt} from '../../lib/attempts.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import {summarise, type PageEvent} from '../../lib/watchWebSocket.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';
import {CASES, type CaseId, type HandshakeCase} from './cases.ts';
import {serverAnswers} from './serverAnswers.ts';

/**
 * How long after the page's last event the server's record is read: the notes of what the server did as a
 * connection ended (a close it answered, a socket it saw go) are written a moment after the page's close event.
 */
const SETTLE_MS = 400;

export interface Run {
  caseId: CaseId;
  attemptId: string;
  status: 'running' | 'done';
  /** What the page saw, in order. */
  events: PageEvent[];
  server: ServerSawState;
  /** Set when the page could not run the case or read the record (the server went away, say). */
  failure: string | null;
}

export interface HandshakeFailures {
  connection: ServerStatus['connection'];
  cases: readonly HandshakeCase[];
  run: Run | null;
  /** Runs one case (one at a time: a button does nothing while a run is under way). */
  start: (id: CaseId) => void;
  /** One sentence for a screen reader once a run ends. */
  announcement: string;
}

/**
 * Each case is run by the reader's own browser against the demo server, under a fresh attempt id; once it is
 * over, the server's record of that attempt is read and shown beside the page's events.
 */
export function useHandshakeFailures(): HandshakeFailures {
  const {serverUrl, connection} = useServerStatus();
  const [run, setRun] = useState<Run | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const start = (id: CaseId) => {
    const handshakeCase = CASES.find((candidate) => candidate.id === id);
    if (handshakeCase === undefined || running.current !== null) return;
    const controller = new AbortController();
    running.current = controller;
    const attemptId = newAttemptId();
    const update = (patch: (previous: Run) => Run) =>
      setRun((previous) => (previous?.attemptId === attemptId ? patch(previous) : previous));
    setRun({caseId: id, attemptId, status: 'running', events: [], server: {kind: 'reading'}, failure: null});
    setAnnouncement(`${handshakeCase.label}: running…`);
    const events: PageEvent[] = [];
    const onEvent = (event: PageEvent) => {
      events.push(event);
      update((previous) => ({...previous, events: [...previous.events, event]}));
    };
    void (async () => {
      let server: ServerSawState = {kind: 'none'};
      let failure: string | null = null;
      try {
        await handshakeCase.run({serverUrl, attemptId, onEvent, signal: controller.signal});
        const record = await readAttempt(serverUrl, attemptId, {signal: controller.signal, settleMs: SETTLE_MS});
        server = record === null ? {kind: 'none'} : {kind: 'record', record};
      } catch (error) {
        if (controller.signal.aborted) return;
        failure = `The server’s record could not be read: ${error instanceof Error ? error.message : String(error)}`;
        connection.reconnect();
      } finally {
        if (running.current === controller) running.current = null;
      }
      update((previous) => ({...previous, status: 'done', server, failure}));
      const answered = serverAnswers(server);
      setAnnouncement(
        `${handshakeCase.label}: the page saw ${summarise(events) || 'nothing'}; ${failure ?? answered}.`,
      );
    })();
  };

  return {connection, cases: CASES, run, start, announcement};
}
