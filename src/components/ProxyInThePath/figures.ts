/**
 * The proxy demo's pure parts: which proxy settings each fault asks for, and
 * the figures the page measures of a lane from what arrived and what its
 * client narrated.
 */
import type {ProxySettings} from '../../../demo-server/src/contract/proxy.ts';
import {percentile} from '../../lib/realtime/delays.ts';
import {continuity} from '../../lib/realtime/figures.ts';
import {caughtUp, delayOf, type Arrival, type LoggedActivity} from '../../lib/realtime/useTransport.ts';

/** The faults the reader can switch on, each one thing a real proxy does. */
export interface ProxyFaults {
  buffering: boolean;
  idleTimeout: boolean;
  stripUpgrade: boolean;
  slowLink: boolean;
}

export const NO_FAULTS: ProxyFaults = {buffering: false, idleTimeout: false, stripUpgrade: false, slowLink: false};

/**
 * What each fault asks of the proxy. The idle timeout is far below the long poll's 25 s hold because this
 * server's events come about once a second: a proxy's 60 s would never fire here, but 800 ms often does,
 * exactly as 60 s does on a quieter stream.
 */
export const FAULT_SETTINGS: Record<keyof ProxyFaults, Partial<ProxySettings>> = {
  buffering: {buffer: 4096, flushMs: 3000},
  idleTimeout: {idleMs: 800},
  stripUpgrade: {upgrade: 'strip'},
  slowLink: {latencyMs: 300, bytesPerSecond: 2048},
};

/** The proxy's settings for these faults. */
export function settingsFor(faults: ProxyFaults): Partial<ProxySettings> {
  let settings: Partial<ProxySettings> = {};
  for (const fault of Object.keys(FAULT_SETTINGS) as (keyof ProxyFaults)[]) {
    if (faults[fault]) settings = {...settings, ...FAULT_SETTINGS[fault]};
  }
  return settings;
}

/** Events that arrived within this long of the one before count as one lump. */
export const LUMP_MS = 50;

/** What the page measured of one transport through the proxy. */
export interface ProxyLaneFigures {
  events: number;
  /** From the start of the run to the first event; null before it. */
  firstEventMs: number | null;
  /** Places where ids skipped (events lost) and ids received again. */
  gaps: number;
  duplicates: number;
  /**
   * Most events that arrived together (within LUMP_MS of each other), leaving out the backlog a client catches up
   * on when it starts again: that lump is the client's, not the proxy's.
   */
  largestLump: number;
  /** Longest time with no event, from the start of the run to now. */
  longestSilenceMs: number;
  /** Median delay, emission to arrival, on the server's clock. */
  p50: number | null;
  /** Failures the client reported (an error answer, a cut, a refused handshake). */
  failures: number;
  /** Requests or connections it opened. */
  attempts: number;
  /** The newest failure, as the client said it. */
  lastFailure: string | null;
}

/** What a client narrated, counted since the run began (its log keeps only the newest entries). */
export interface ActivityCounts {
  failures: number;
  attempts: number;
  lastFailure: string | null;
  /** The newest entry counted. */
  seenSeq: number;
}

export const NO_ACTIVITY: ActivityCounts = {failures: 0, attempts: 0, lastFailure: null, seenSeq: 0};

/** `counts` with the entries of `activity` (newest first) not counted yet added. */
export function countActivity(counts: ActivityCounts, activity: readonly LoggedActivity[]): ActivityCounts {
  const fresh = activity.filter((entry) => entry.seq > counts.seenSeq);
  if (fresh.length === 0) return counts;
  const failures = fresh.filter((entry) => entry.kind === 'error');
  return {
    failures: counts.failures + failures.length,
    attempts: counts.attempts + fresh.filter((entry) => entry.kind === 'request').length,
    lastFailure: failures[0]?.detail ?? counts.lastFailure,
    seenSeq: fresh[0]?.seq ?? counts.seenSeq,
  };
}

/** The figures of one lane, from what arrived and what its client narrated. */
export function proxyLaneFigures(
  arrivals: readonly Arrival[],
  counts: ActivityCounts,
  startedAt: number | null,
  now: number,
  offsetMs: number,
): ProxyLaneFigures {
  const ids = arrivals.map((arrival) => arrival.id);
  const {gaps, duplicates} = continuity(ids);
  let largestLump = 0;
  let lump = 1;
  let longestSilenceMs = 0;
  let previous = startedAt;
  for (const [index, arrival] of arrivals.entries()) {
    const before = arrivals[index - 1];
    const fresh = !caughtUp(arrival, offsetMs);
    lump =
      fresh && before !== undefined && !caughtUp(before, offsetMs) && arrival.arrivedAt - before.arrivedAt <= LUMP_MS
        ? lump + 1
        : 1;
    if (fresh) largestLump = Math.max(largestLump, lump);
    if (previous !== null) longestSilenceMs = Math.max(longestSilenceMs, arrival.arrivedAt - previous);
    previous = arrival.arrivedAt;
  }
  if (previous !== null) longestSilenceMs = Math.max(longestSilenceMs, now - previous);
  const first = arrivals[0];
  const delays = arrivals.map((arrival) => delayOf(arrival, offsetMs)).sort((a, b) => a - b);
  return {
    events: arrivals.length,
    firstEventMs: first === undefined || startedAt === null ? null : first.arrivedAt - startedAt,
    gaps,
    duplicates,
    largestLump,
    longestSilenceMs,
    p50: percentile(delays, 50),
    failures: counts.failures,
    attempts: counts.attempts,
    lastFailure: counts.lastFailure,
  };
}
