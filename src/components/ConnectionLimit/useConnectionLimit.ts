/**
 * Fires several `GET /hold` requests at once and records, for each, when it
 * left the page, when the server received it (converted to the browser's
 * clock with the measured offset), when it came back, and which TCP
 * connection carried it. Requests beyond the browser's per-host connection
 * limit reach the server only when an earlier one frees its connection.
 */
import {useCallback, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {HoldResult} from '../../../demo-server/src/contract/rest.ts';
import {readJson} from '../../lib/readJson.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {withQuery} from '../../lib/realtime/session.ts';
import {useRealtimeSession, type RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';

export interface HoldRow {
  index: number;
  /** ms after the batch started, browser clock. */
  sentAt: number;
  /** When the server received it, ms after the batch started (via the clock offset); null until answered. */
  reachedServerAt: number | null;
  answeredAt: number | null;
  /** Connection letter within this run (A, B, …) and the server's connection number. */
  connection: string | null;
  serverConnection: number | null;
  requestOnConnection: number | null;
  /** From Resource Timing, when the browser exposes it: 'http/1.1', 'h2', … */
  protocol: string | null;
  error: string | null;
}

export interface Batch {
  run: number;
  count: number;
  holdMs: number;
  rows: HoldRow[];
  done: boolean;
}

function letter(n: number): string {
  return String.fromCharCode(64 + n);
}

/** Distinct connections, and how many requests reached the server late (waited for a connection). */
export function summarize(batch: Batch): {connections: number; waited: number[]; protocol: string | null} {
  const connections = new Set(batch.rows.map((row) => row.serverConnection).filter((c) => c !== null));
  // A request waited if the server got it well after it left: more than half the hold time.
  const waited = batch.rows
    .filter((row) => row.reachedServerAt !== null && row.reachedServerAt - row.sentAt > batch.holdMs / 2)
    .map((row) => row.index);
  const protocol = batch.rows.find((row) => row.protocol)?.protocol ?? null;
  return {connections: connections.size, waited, protocol};
}

export interface ConnectionLimit {
  connection: RealtimeSession['connection'];
  /** The clock offset the receive times were converted with; null until measured. */
  clock: RealtimeSession['clock'];
  /** The latest batch; null before the first. */
  batch: Batch | null;
  /** Fires `count` requests at once, each held by the server for `holdMs`. */
  fire: (count: number, holdMs: number) => void;
}

export function useConnectionLimit(): ConnectionLimit {
  // The session's clock offset puts the server's receive times on the browser's clock.
  const {serverUrl, clock, connection} = useRealtimeSession();
  const [batch, setBatch] = useState<Batch | null>(null);
  const runs = useRef(0);

  const fire = useCallback(
    (count: number, holdMs: number) => {
      runs.current += 1;
      const run = runs.current;
      const started = performance.now();
      const startedAtEpoch = Date.now();
      const offset = clock?.offsetMs ?? 0;
      const letters = new Map<number, string>();
      const rows: HoldRow[] = Array.from({length: count}, (_, i) => ({
        index: i + 1,
        sentAt: 0,
        reachedServerAt: null,
        answeredAt: null,
        connection: null,
        serverConnection: null,
        requestOnConnection: null,
        protocol: null,
        error: null,
      }));
      setBatch({run, count, holdMs, rows, done: false});

      const update = (index: number, change: Partial<HoldRow>) =>
        setBatch((current) => {
          if (current?.run !== run) return current;
          const next = current.rows.map((row) => (row.index === index ? {...row, ...change} : row));
          return {...current, rows: next, done: next.every((row) => row.answeredAt !== null || row.error !== null)};
        });

      for (const row of rows) {
        // A unique URL per request so each has its own Resource Timing entry and no cache can answer.
        const url = withQuery(httpUrl(serverUrl, ENDPOINTS.hold), {ms: holdMs, run: `${startedAtEpoch}-${row.index}`});
        void fetch(url, {cache: 'no-store'})
          .then(async (response) => {
            const answeredAt = performance.now() - started;
            if (!response.ok) {
              update(row.index, {answeredAt, error: `HTTP ${response.status}`});
              return;
            }
            const result = await readJson(response, HoldResult);
            if (result === null) {
              update(row.index, {answeredAt, error: 'not a hold result'});
              return;
            }
            if (!letters.has(result.connection)) letters.set(result.connection, letter(letters.size + 1));
            const timing = performance.getEntriesByName(url)[0] as PerformanceResourceTiming | undefined;
            update(row.index, {
              answeredAt,
              reachedServerAt: result.receivedAt - offset - startedAtEpoch,
              connection: letters.get(result.connection) ?? null,
              serverConnection: result.connection,
              requestOnConnection: result.requestOnConnection,
              protocol: timing?.nextHopProtocol || null,
            });
          })
          .catch(() => update(row.index, {answeredAt: performance.now() - started, error: 'no answer'}));
      }
    },
    [serverUrl, clock],
  );

  return {connection, clock, batch, fire};
}
