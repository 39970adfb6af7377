/**
 * The one timeline of the liveness demo: what the page noticed and what the server told it, in order, with times
 * from the page's `open` event. The steady background (the page's heartbeats answered, the server's pings and
 * their pongs) is folded into runs, so that a reader sees the moments that matter: a fault, a miss, a close.
 */
import {closeCodeMeaning} from '../../lib/closeCodes.ts';

export type TimelineEntry =
  | {side: 'page'; kind: 'open'; at: number}
  | {
      side: 'page';
      kind: 'heartbeats';
      at: number;
      lastAt: number;
      first: number;
      last: number;
      minMs: number;
      maxMs: number;
      /** The socket's `bufferedAmount` after the latest send. */
      bufferedAmount: number;
    }
  | {side: 'page'; kind: 'declared-dead'; at: number; n: number; deadlineMs: number; bufferedAmount: number}
  | {side: 'page'; kind: 'close-called'; at: number; code: number; reason: string}
  | {side: 'page'; kind: 'sent'; at: number; what: string}
  | {side: 'page'; kind: 'error'; at: number}
  | {side: 'page'; kind: 'close'; at: number; code: number; reason: string; wasClean: boolean}
  | {
      side: 'server';
      kind: 'pings';
      at: number;
      lastAt: number;
      first: number;
      last: number;
      answered: number;
      minMs: number | null;
      maxMs: number | null;
    }
  | {side: 'server'; kind: 'fault'; at: number; command: string; detail: string}
  | {side: 'server'; kind: 'fault-over'; at: number; detail: string}
  | {side: 'server'; kind: 'refused'; at: number; message: string};

export type EntryKind = TimelineEntry['kind'];

/** Kinds folded into runs; any other entry ends the runs before it. */
const RUNS: readonly EntryKind[] = ['heartbeats', 'pings'];

/** The index of the run of `kind` still open at the end of `entries`, or -1. */
function openRun(entries: readonly TimelineEntry[], kind: 'heartbeats' | 'pings'): number {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry === undefined || !RUNS.includes(entry.kind)) return -1;
    if (entry.kind === kind) return i;
  }
  return -1;
}

const replaced = (entries: readonly TimelineEntry[], index: number, entry: TimelineEntry) =>
  entries.map((old, i) => (i === index ? entry : old));

/** Heartbeat `n` was answered after `roundTripMs`. */
export function withHeartbeat(
  entries: readonly TimelineEntry[],
  beat: {at: number; n: number; roundTripMs: number; bufferedAmount: number},
): TimelineEntry[] {
  const index = openRun(entries, 'heartbeats');
  const run = entries[index];
  if (run?.kind !== 'heartbeats') {
    return [
      ...entries,
      {
        side: 'page',
        kind: 'heartbeats',
        at: beat.at,
        lastAt: beat.at,
        first: beat.n,
        last: beat.n,
        minMs: beat.roundTripMs,
        maxMs: beat.roundTripMs,
        bufferedAmount: beat.bufferedAmount,
      },
    ];
  }
  return replaced(entries, index, {
    ...run,
    lastAt: beat.at,
    last: beat.n,
    minMs: Math.min(run.minMs, beat.roundTripMs),
    maxMs: Math.max(run.maxMs, beat.roundTripMs),
    bufferedAmount: beat.bufferedAmount,
  });
}

/** The server said it sent ping `n`. */
export function withPing(entries: readonly TimelineEntry[], ping: {at: number; n: number}): TimelineEntry[] {
  const index = openRun(entries, 'pings');
  const run = entries[index];
  if (run?.kind !== 'pings') {
    return [
      ...entries,
      {
        side: 'server',
        kind: 'pings',
        at: ping.at,
        lastAt: ping.at,
        first: ping.n,
        last: ping.n,
        answered: 0,
        minMs: null,
        maxMs: null,
      },
    ];
  }
  return replaced(entries, index, {...run, lastAt: ping.at, last: ping.n});
}

/** The server said the pong to ping `n` came back after `roundTripMs`. */
export function withPong(
  entries: readonly TimelineEntry[],
  pong: {at: number; n: number; roundTripMs: number},
): TimelineEntry[] {
  const index = openRun(entries, 'pings');
  const run = entries[index];
  if (run?.kind !== 'pings') return [...entries];
  return replaced(entries, index, {
    ...run,
    answered: run.answered + 1,
    minMs: Math.min(run.minMs ?? pong.roundTripMs, pong.roundTripMs),
    maxMs: Math.max(run.maxMs ?? pong.roundTripMs, pong.roundTripMs),
  });
}

const range = (first: number, last: number) => (first === last ? `${first}` : `${first}–${last}`);
const between = (min: number, max: number) => (min === max ? `${min} ms` : `${min}–${max} ms`);

/** The entry in words. */
export function describe(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'open':
      return 'open: the connection is up; the heartbeat starts';
    case 'heartbeats':
      return `heartbeat${entry.first === entry.last ? '' : 's'} ${range(entry.first, entry.last)} answered, round trip ${between(entry.minMs, entry.maxMs)} (bufferedAmount ${entry.bufferedAmount})`;
    case 'declared-dead':
      return `heartbeat ${entry.n} unanswered after ${entry.deadlineMs / 1000} s: the page declares the connection dead (bufferedAmount ${entry.bufferedAmount})`;
    case 'close-called':
      return `the page calls close(${entry.code}${entry.reason === '' ? '' : `, "${entry.reason}"`})`;
    case 'sent':
      return `the page sends ${entry.what}`;
    case 'error':
      return 'error event: no detail';
    case 'close':
      return `close event: code ${entry.code} (${closeCodeMeaning(entry.code)}), reason ${entry.reason === '' ? '""' : `"${entry.reason}"`}, wasClean ${String(entry.wasClean)}`;
    case 'pings':
      return `ping${entry.first === entry.last ? '' : 's'} ${range(entry.first, entry.last)} sent, ${entry.answered} pong${entry.answered === 1 ? '' : 's'} back${entry.minMs === null || entry.maxMs === null ? '' : `, round trip ${between(entry.minMs, entry.maxMs)}`} (the browser answered; the page was not told)`;
    case 'fault':
      return `${entry.command}: ${entry.detail}`;
    case 'fault-over':
      return entry.detail;
    case 'refused':
      return `refused: ${entry.message}`;
  }
}
