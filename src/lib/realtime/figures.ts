/** The race's figures, computed from what arrived and what the server counted. */
import type {TransportCost} from '../../../demo-server/src/contract/events.ts';
import {percentile} from './delays.ts';
import {caughtUp, delayOf, type Arrival} from './useTransport.ts';

export interface LaneFigures {
  events: number;
  firstId: number | null;
  lastId: number | null;
  /** Places where the next id was not one more than the previous (events lost). */
  gaps: number;
  /** Ids received twice. */
  duplicates: number;
  p50: number | null;
  p95: number | null;
  requests: number;
  requestsPerMinute: number | null;
  bytesIn: number;
  bytesOut: number;
  /** Bytes both ways per event delivered. */
  bytesPerEvent: number | null;
  emptyResponses: number;
  connections: number;
  open: number;
}

export function continuity(ids: readonly number[]): {gaps: number; duplicates: number} {
  let gaps = 0;
  let duplicates = 0;
  for (let i = 1; i < ids.length; i += 1) {
    const previous = ids[i - 1] ?? 0;
    const id = ids[i] ?? 0;
    if (id <= previous) duplicates += 1;
    else if (id !== previous + 1) gaps += 1;
  }
  return {gaps, duplicates};
}

/** `cost` minus `baseline`, field by field (what was spent since the last reset); `open` is a level, not a sum. */
export function since(cost: TransportCost | undefined, baseline: TransportCost | undefined): TransportCost {
  const zero: TransportCost = {
    requests: 0,
    connections: 0,
    open: 0,
    bytesIn: 0,
    bytesOut: 0,
    events: 0,
    emptyResponses: 0,
  };
  const now = cost ?? zero;
  const then = baseline ?? zero;
  return {
    requests: now.requests - then.requests,
    connections: now.connections - then.connections,
    open: now.open,
    bytesIn: now.bytesIn - then.bytesIn,
    bytesOut: now.bytesOut - then.bytesOut,
    events: now.events - then.events,
    emptyResponses: now.emptyResponses - then.emptyResponses,
  };
}

export function laneFigures(
  arrivals: readonly Arrival[],
  cost: TransportCost,
  offsetMs: number,
  elapsedMs: number,
): LaneFigures {
  // Events caught up after a pause or an outage would measure the pause, not the transport.
  const delays = arrivals
    .filter((arrival) => !caughtUp(arrival, offsetMs))
    .map((arrival) => delayOf(arrival, offsetMs));
  const {gaps, duplicates} = continuity(arrivals.map((arrival) => arrival.id));
  const bytes = cost.bytesIn + cost.bytesOut;
  return {
    events: arrivals.length,
    firstId: arrivals[0]?.id ?? null,
    lastId: arrivals.at(-1)?.id ?? null,
    gaps,
    duplicates,
    p50: percentile(delays, 50),
    p95: percentile(delays, 95),
    requests: cost.requests,
    requestsPerMinute: elapsedMs >= 5_000 ? (cost.requests * 60_000) / elapsedMs : null,
    bytesIn: cost.bytesIn,
    bytesOut: cost.bytesOut,
    bytesPerEvent: cost.events > 0 ? bytes / cost.events : null,
    emptyResponses: cost.emptyResponses,
    connections: cost.connections,
    open: cost.open,
  };
}
