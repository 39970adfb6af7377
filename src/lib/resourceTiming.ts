/**
 * Reading a `PerformanceResourceTiming` entry (W3C Resource Timing) and the `Server-Timing` metrics in it (W3C Server
 * Timing): the marks a demo shows, the phases between them, the sizes, and what the demo server says of the
 * connection. Pure: the demos' hooks call it, the unit tests call it without a browser.
 */
import {TIMING_METRICS} from '../../demo-server/src/contract/timing.ts';

/** What the page's Resource Timing entry says of a response's size (all 0 when the server withholds timing). */
export interface ResourceSizes {
  encodedBodySize: number;
  decodedBodySize: number;
  transferSize: number;
}

/** The sizes of the newest Resource Timing entry for `url`, or null when the browser kept none. */
export function sizesOf(entries: readonly PerformanceEntry[]): ResourceSizes | null {
  const entry = entries.at(-1);
  if (!(entry instanceof PerformanceResourceTiming)) return null;
  return {
    encodedBodySize: entry.encodedBodySize,
    decodedBodySize: entry.decodedBodySize,
    transferSize: entry.transferSize,
  };
}

/** "3.66 times smaller", or null when there is nothing to compare. */
export function ratio(decoded: number, encoded: number): string | null {
  if (encoded <= 0 || decoded <= 0) return null;
  return (decoded / encoded).toFixed(2);
}

/** The attributes of a PerformanceResourceTiming entry this demo shows, as the browser gave them. */
export const TIMING_ATTRIBUTES = [
  'startTime',
  'fetchStart',
  'domainLookupStart',
  'domainLookupEnd',
  'connectStart',
  'secureConnectionStart',
  'connectEnd',
  'requestStart',
  'responseStart',
  'responseEnd',
] as const;
export type TimingAttribute = (typeof TIMING_ATTRIBUTES)[number];

export type RawTiming = Record<TimingAttribute, number> & {
  encodedBodySize: number;
  transferSize: number;
  nextHopProtocol: string;
};

export interface ServerTimingMetric {
  name: string;
  duration: number;
  description: string;
}

export interface TimedRequest {
  url: string;
  raw: RawTiming;
  serverTiming: ServerTimingMetric[];
}

/** The phases of a request in milliseconds, each from the entry's own marks. */
export interface Phases {
  /** From the start to the DNS lookup: the browser's own queueing (a free connection, the cache). */
  queue: number;
  dns: number;
  connect: number;
  tls: number;
  /** From the connection being ready to the request's first byte leaving. */
  send: number;
  /** From the request sent to the response's first byte: the server's time and one round trip. */
  firstByte: number;
  download: number;
}

export const PHASE_LABELS: Record<keyof Phases, string> = {
  queue: 'Queued',
  dns: 'DNS',
  connect: 'TCP connect',
  tls: 'TLS',
  send: 'Request',
  firstByte: 'First byte',
  download: 'Download',
};

/**
 * The phases of a request from its raw entry; null when the browser hid the detailed marks (a cross-origin response
 * without `Timing-Allow-Origin`: they read 0).
 */
export function phasesOf(raw: RawTiming): Phases | null {
  if (raw.requestStart === 0 || raw.responseStart === 0) return null;
  const tlsStart = raw.secureConnectionStart > 0 ? raw.secureConnectionStart : raw.connectEnd;
  return {
    queue: raw.domainLookupStart - raw.startTime,
    dns: raw.domainLookupEnd - raw.domainLookupStart,
    connect: tlsStart - raw.connectStart,
    tls: raw.connectEnd - tlsStart,
    send: raw.requestStart - raw.connectEnd,
    firstByte: raw.responseStart - raw.requestStart,
    download: raw.responseEnd - raw.responseStart,
  };
}

/** A Server-Timing metric's description, by name ("" when absent). */
export function metric(request: TimedRequest, name: string): ServerTimingMetric | undefined {
  return request.serverTiming.find((entry) => entry.name === name);
}

/** Whether the server says this request opened its connection (the first request that connection carried). */
export function openedItsConnection(request: TimedRequest): boolean | null {
  const count = metric(request, TIMING_METRICS.request)?.description;
  return count === undefined || count === '' ? null : count === '1';
}

export function rawOf(entry: PerformanceResourceTiming): RawTiming {
  return {
    startTime: entry.startTime,
    fetchStart: entry.fetchStart,
    domainLookupStart: entry.domainLookupStart,
    domainLookupEnd: entry.domainLookupEnd,
    connectStart: entry.connectStart,
    secureConnectionStart: entry.secureConnectionStart,
    connectEnd: entry.connectEnd,
    requestStart: entry.requestStart,
    responseStart: entry.responseStart,
    responseEnd: entry.responseEnd,
    encodedBodySize: entry.encodedBodySize,
    transferSize: entry.transferSize,
    nextHopProtocol: entry.nextHopProtocol,
  };
}
