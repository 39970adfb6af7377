/**
 * `GET /http/timing`: a resource whose first byte the server holds back and whose body it sends at a chosen rate,
 * so that the phases of a request show in the page's Resource Timing entry; it says what it did in `Server-Timing`.
 */

/** The metric names of the `Server-Timing` field the server sends (W3C Server Timing). */
export const TIMING_METRICS = {
  /** How long the server held the request before writing the response head (`dur`, ms). */
  hold: 'hold',
  /** The TCP connection that carried the request, numbered by the server in order of arrival (`desc`). */
  connection: 'conn',
  /** How many requests that connection has carried, this one included (`desc`). */
  request: 'req',
  /** How long the server plans to take writing the body at the asked rate (`dur`, ms). */
  send: 'send',
} as const;

/** The query of `GET /http/timing`: every parameter is optional. */
export const TIMING_PARAMS = {
  /** Milliseconds to hold the request before the first byte (0 to TIMING_LIMITS.maxDelayMs). */
  delay: 'delay',
  /** Body bytes (0 to TIMING_LIMITS.maxSizeBytes). */
  size: 'size',
  /** Bytes per second for the body, or 0 for as fast as the connection takes it. */
  rate: 'rate',
  /** `0` leaves out `Timing-Allow-Origin`, so the page sees what the browser hides without it. */
  tao: 'tao',
  /** `1` answers with `Connection: close`: the next request must open a new connection. */
  close: 'close',
} as const;

/** Defaults of the parameters. */
export const TIMING_DEFAULTS = {delay: 0, size: 64 * 1024, rate: 0} as const;
