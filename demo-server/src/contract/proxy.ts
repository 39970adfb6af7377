/**
 * The proxy in the path: `/via-proxy/{settings}/{path}` reaches one of the
 * event-stream endpoints through an intermediary inside the demo server, which
 * does to that one request what `{settings}` asks (holds the answer, times out
 * on silence, drops `Upgrade`, slows the link). The settings travel in the path
 * so that every request carries its own: an `EventSource` reconnecting, or a
 * long poll asking again, goes through the same proxy, and nothing a page sets
 * reaches any other request.
 *
 * The segment is `name=value` pairs joined by commas, or `plain` for a proxy
 * that only forwards: `buffer=4096,flush=2000,idle=1000,upgrade=strip`.
 * The site writes it with `formatProxySettings`; the server reads it with
 * `parseProxySettings`, so both read one grammar.
 */
import {ATTEMPT_ID_PATTERN} from './attempts.ts';
import {ENDPOINTS} from './endpoints.ts';
import {PROXY_LIMITS} from '../limits.ts';

/** What the proxy does to a request that passes through it. */
export interface ProxySettings {
  /** Answer bytes held before they are passed on (0: passed on as they come). */
  buffer: number;
  /** With a buffer: a held lump goes out this long after its first byte at the latest. */
  flushMs: number;
  /** Silence from the origin this long ends the exchange (0: never). */
  idleMs: number;
  /** `strip`: `Upgrade` and `Connection` are dropped, as a proxy that does not know WebSocket drops them. */
  upgrade: 'forward' | 'strip';
  /** Added once to the request and once to each piece of the answer. */
  latencyMs: number;
  /** Bytes per second of the answer (0: as fast as loopback). */
  bytesPerSecond: number;
  /** An attempt id (`?attempt=`) the proxy puts on the request it forwards, and its notes under. */
  attempt: string | null;
}

/** A proxy that forwards and does nothing else. */
export const PLAIN_PROXY: Readonly<ProxySettings> = Object.freeze({
  buffer: 0,
  flushMs: 1_000,
  idleMs: 0,
  upgrade: 'forward',
  latencyMs: 0,
  bytesPerSecond: 0,
  attempt: null,
});

/**
 * The paths the proxy forwards to: the four transports of the polling race, and the streamed response (whose
 * `POST` it forwards with its body).
 */
export const PROXIED_PATHS = [
  ENDPOINTS.eventsPoll,
  ENDPOINTS.eventsLongPoll,
  ENDPOINTS.eventsStream,
  ENDPOINTS.eventsWebSocket,
  ENDPOINTS.streamedResponse,
] as const;
export type ProxiedPath = (typeof PROXIED_PATHS)[number];

/** The segment's word for a proxy with no setting changed. */
export const PLAIN_SEGMENT = 'plain';

type NumericName = 'buffer' | 'flushMs' | 'idleMs' | 'latencyMs' | 'bytesPerSecond';

/** Each numeric setting: its name in the segment and its accepted range (0 is "off" where `off` says so). */
const NUMERIC: Record<NumericName, {param: string; min: number; max: number; off: boolean; unit: string}> = {
  buffer: {param: 'buffer', min: 1, max: PROXY_LIMITS.maxBufferBytes, off: true, unit: 'bytes'},
  flushMs: {param: 'flush', min: PROXY_LIMITS.minFlushMs, max: PROXY_LIMITS.maxFlushMs, off: false, unit: 'ms'},
  idleMs: {param: 'idle', min: PROXY_LIMITS.minIdleMs, max: PROXY_LIMITS.maxIdleMs, off: true, unit: 'ms'},
  latencyMs: {param: 'latency', min: 1, max: PROXY_LIMITS.maxLatencyMs, off: true, unit: 'ms'},
  bytesPerSecond: {
    param: 'rate',
    min: PROXY_LIMITS.minBytesPerSecond,
    max: PROXY_LIMITS.maxBytesPerSecond,
    off: true,
    unit: 'bytes per second',
  },
};

const BY_PARAM = new Map(Object.entries(NUMERIC).map(([name, spec]) => [spec.param, name as NumericName]));

/** The path segment for these settings (only what differs from the plain proxy). */
export function formatProxySettings(settings: Partial<ProxySettings>): string {
  const full = {...PLAIN_PROXY, ...settings};
  const pairs: string[] = [];
  for (const [name, spec] of Object.entries(NUMERIC) as [NumericName, (typeof NUMERIC)[NumericName]][]) {
    if (full[name] !== PLAIN_PROXY[name]) pairs.push(`${spec.param}=${full[name]}`);
  }
  if (full.upgrade !== PLAIN_PROXY.upgrade) pairs.push(`upgrade=${full.upgrade}`);
  if (full.attempt !== null) pairs.push(`attempt=${full.attempt}`);
  return pairs.length === 0 ? PLAIN_SEGMENT : pairs.join(',');
}

/** `/via-proxy/{settings}{path}`: where a page sends a request to have it pass through the proxy. */
export function viaProxyPath(settings: Partial<ProxySettings>, path: ProxiedPath): string {
  return `${ENDPOINTS.viaProxy}/${formatProxySettings(settings)}${path}`;
}

const MAX_SEGMENT_CHARS = 256;

/**
 * Reads a settings segment: the settings, or a sentence saying what is wrong
 * (naming the setting, never repeating more than a few characters of it).
 */
export function parseProxySettings(segment: string): {ok: true; settings: ProxySettings} | {ok: false; error: string} {
  if (segment.length > MAX_SEGMENT_CHARS) {
    return {ok: false, error: `The proxy settings are at most ${MAX_SEGMENT_CHARS} characters`};
  }
  const settings: ProxySettings = {...PLAIN_PROXY};
  if (segment === PLAIN_SEGMENT) return {ok: true, settings};
  const seen = new Set<string>();
  for (const pair of segment.split(',')) {
    const equals = pair.indexOf('=');
    const param = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    const shown = param.length > 16 ? `${param.slice(0, 16)}…` : param;
    if (seen.has(param)) return {ok: false, error: `The proxy setting "${shown}" is given twice`};
    seen.add(param);
    if (param === 'upgrade') {
      if (value !== 'forward' && value !== 'strip') {
        return {ok: false, error: '"upgrade" must be "forward" or "strip"'};
      }
      settings.upgrade = value;
      continue;
    }
    if (param === 'attempt') {
      if (!ATTEMPT_ID_PATTERN.test(value)) {
        return {ok: false, error: '"attempt" must be 8 to 64 characters of A-Z, a-z, 0-9, "-" and "_"'};
      }
      settings.attempt = value;
      continue;
    }
    const name = BY_PARAM.get(param);
    if (name === undefined) {
      return {
        ok: false,
        error: `There is no proxy setting "${shown}": the settings are ${[...BY_PARAM.keys(), 'upgrade', 'attempt'].join(', ')}, or "${PLAIN_SEGMENT}" for none`,
      };
    }
    const spec = NUMERIC[name];
    const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    const inRange = number >= spec.min && number <= spec.max;
    if (!inRange && !(spec.off && number === 0)) {
      return {
        ok: false,
        error: `"${param}" must be a whole number of ${spec.unit} from ${spec.min} to ${spec.max}${spec.off ? ', or 0 for off' : ''}`,
      };
    }
    settings[name] = number;
  }
  return {ok: true, settings};
}
