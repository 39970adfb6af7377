/**
 * The offset between the browser's clock and the demo server's, estimated the
 * way NTP does (RFC 5905 §8): the page notes when it sent a request (t0) and
 * when the answer came (t3); the server says when it received it (t1) and
 * when it answered (t2). Assuming the trip out and the trip back took equally
 * long, the server's clock is ahead of the browser's by
 * ((t1 − t0) + (t2 − t3)) / 2, give or take half the round trip.
 * Of several samples, the one with the shortest round trip is the least
 * disturbed, so it is the one kept (NTP's clock filter does the same).
 */
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {ClockReading} from '../../../demo-server/src/contract/events.ts';
import {fits} from '../readJson.ts';
import {httpUrl} from '../demoServerUrls.ts';

export interface ClockSample {
  /** Server clock minus browser clock, ms: add it to a browser time to get server time. */
  offsetMs: number;
  /** Round trip minus the server's own time, ms: the offset is right within ± half of it. */
  roundTripMs: number;
}

export interface ClockEstimate extends ClockSample {
  /** Every sample taken, the chosen one among them. */
  samples: ClockSample[];
}

export function sampleFrom(sentAt: number, reading: ClockReading, answeredAt: number): ClockSample {
  const {receivedAt, sentAt: serverSentAt} = reading;
  return {
    offsetMs: (receivedAt - sentAt + (serverSentAt - answeredAt)) / 2,
    roundTripMs: Math.max(0, answeredAt - sentAt - (serverSentAt - receivedAt)),
  };
}

/** The sample with the shortest round trip. */
export function bestSample(samples: readonly ClockSample[]): ClockSample {
  if (samples.length === 0) throw new Error('no clock samples');
  return samples.reduce((best, sample) => (sample.roundTripMs < best.roundTripMs ? sample : best));
}

export interface MeasureOptions {
  samples?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
  signal?: AbortSignal;
}

/**
 * Asks `GET /time` a few times in a row and keeps the best sample. Rejects
 * when the server cannot be reached (the caller says so and retries).
 */
export async function measureClockOffset(serverUrl: string, options: MeasureOptions = {}): Promise<ClockEstimate> {
  const {samples: count = 5, fetchImpl = fetch, now = Date.now, signal} = options;
  const url = httpUrl(serverUrl, ENDPOINTS.time);
  const samples: ClockSample[] = [];
  for (let i = 0; i < count; i += 1) {
    const sentAt = now();
    const response = await fetchImpl(url, {cache: 'no-store', signal});
    const body: unknown = await response.json();
    const answeredAt = now();
    if (!response.ok || !fits(ClockReading, body)) throw new Error(`GET ${ENDPOINTS.time} answered ${response.status}`);
    samples.push(sampleFrom(sentAt, body, answeredAt));
  }
  return {...bestSample(samples), samples};
}
