import {describe, expect, it, vi} from 'vitest';
import type {ClockReading} from '../../../../../demo-server/src/contract/events.ts';
import {bestSample, measureClockOffset, sampleFrom, type ClockSample} from '../../../../../src/lib/realtime/clock.ts';

describe('sampleFrom (one NTP exchange, RFC 5905 §8)', () => {
  it('finds the offset exactly when the trips out and back take equally long', () => {
    // The server's clock is 500 ms ahead. 50 ms out, 10 ms on the server, 50 ms back.
    const t0 = 1_000;
    const reading: ClockReading = {receivedAt: t0 + 50 + 500, sentAt: t0 + 60 + 500};
    const t3 = t0 + 110;
    expect(sampleFrom(t0, reading, t3)).toEqual({offsetMs: 500, roundTripMs: 100});
  });

  it('is off by half the difference of the trips when they differ, and that error stays within ± half the round trip', () => {
    // True offset 500 ms; 80 ms out, 10 ms on the server, 20 ms back.
    const trueOffset = 500;
    const t0 = 1_000;
    const reading: ClockReading = {receivedAt: t0 + 80 + trueOffset, sentAt: t0 + 90 + trueOffset};
    const t3 = t0 + 110;
    const sample = sampleFrom(t0, reading, t3);
    // ((1580 − 1000) + (1590 − 1110)) / 2 = (580 + 480) / 2 = 530: 30 ms too much, (80 − 20) / 2.
    expect(sample.offsetMs).toBe(530);
    // The server's 10 ms do not count as travel.
    expect(sample.roundTripMs).toBe(100);
    expect(Math.abs(sample.offsetMs - trueOffset)).toBeLessThanOrEqual(sample.roundTripMs / 2);
  });

  it('gives a negative offset when the server is behind the browser', () => {
    // Server 2 s behind; 5 ms each way, answered at once.
    expect(sampleFrom(10_000, {receivedAt: 8_005, sentAt: 8_005}, 10_010)).toEqual({offsetMs: -2_000, roundTripMs: 10});
  });

  it('never reports a negative round trip, even when the server claims it took longer than the exchange', () => {
    // Clocks of different resolutions can make t2 − t1 exceed t3 − t0.
    const sample = sampleFrom(1_000, {receivedAt: 2_000, sentAt: 2_010}, 1_004);
    expect(sample.roundTripMs).toBe(0);
    expect(sample.offsetMs).toBe(1_003);
  });
});

describe('bestSample', () => {
  it('keeps the sample with the shortest round trip (the least disturbed one), the first of equals', () => {
    const samples: ClockSample[] = [
      {offsetMs: 540, roundTripMs: 180},
      {offsetMs: 503, roundTripMs: 12},
      {offsetMs: 470, roundTripMs: 95},
      {offsetMs: 509, roundTripMs: 12},
    ];
    expect(bestSample(samples)).toBe(samples[1]);
  });

  it('refuses to choose among no samples', () => {
    expect(() => bestSample([])).toThrow('no clock samples');
  });
});

describe('measureClockOffset', () => {
  /** A fake GET /time whose answers and timings the test scripts: [t0, t1, t2, t3] per exchange. */
  function scripted(exchanges: Array<[number, number, number, number]>, status = 200) {
    const times: number[] = exchanges.flatMap(([t0, , , t3]) => [t0, t3]);
    const readings = exchanges.map(([, t1, t2]): ClockReading => ({receivedAt: t1, sentAt: t2}));
    const fetchImpl = vi.fn<typeof fetch>((_url, _init) =>
      Promise.resolve(Response.json(readings.shift() ?? {}, {status})),
    );
    const now = () => {
      const time = times.shift();
      if (time === undefined) throw new Error('asked the time too often');
      return time;
    };
    return {fetchImpl, now};
  }

  it('asks GET /time several times, uncached, and keeps the sample with the shortest round trip', async () => {
    const {fetchImpl, now} = scripted([
      [1_000, 1_640, 1_641, 1_200], // round trip 199: offset 540.5
      [2_000, 2_506, 2_507, 2_014], // round trip 13: offset 499.5
      [3_000, 3_560, 3_561, 3_090], // round trip 89: offset 515.5
    ]);
    const controller = new AbortController();
    const estimate = await measureClockOffset('http://demo.test/base/', {
      samples: 3,
      fetchImpl,
      now,
      signal: controller.signal,
    });
    expect(estimate.offsetMs).toBe(499.5);
    expect(estimate.roundTripMs).toBe(13);
    expect(estimate.samples.map((s) => s.roundTripMs)).toEqual([199, 13, 89]);
    expect(fetchImpl).toHaveBeenCalledTimes(3);
    expect(fetchImpl).toHaveBeenCalledWith('http://demo.test/base/time', {
      cache: 'no-store',
      signal: controller.signal,
    });
  });

  it('takes five samples unless told otherwise', async () => {
    const {fetchImpl, now} = scripted(
      Array.from({length: 5}, (_, i): [number, number, number, number] => [
        i * 100,
        i * 100 + 5,
        i * 100 + 5,
        i * 100 + 10,
      ]),
    );
    const estimate = await measureClockOffset('http://demo.test', {fetchImpl, now});
    expect(estimate.samples).toHaveLength(5);
    expect(estimate.offsetMs).toBe(0);
  });

  it('rejects when the server answers with an error or with something that is not a clock reading', async () => {
    const failing = scripted([[0, 1, 1, 2]], 503);
    await expect(measureClockOffset('http://demo.test', {samples: 1, ...failing})).rejects.toThrow(
      'GET /time answered 503',
    );
    const garbled = {
      fetchImpl: vi.fn<typeof fetch>(() => Promise.resolve(Response.json({receivedAt: 'soon'}))),
      now: () => 0,
    };
    await expect(measureClockOffset('http://demo.test', {samples: 1, ...garbled})).rejects.toThrow(/answered 200/);
  });

  it('rejects when the server cannot be reached', async () => {
    const fetchImpl = vi.fn<typeof fetch>(() => Promise.reject(new TypeError('fetch failed')));
    await expect(measureClockOffset('http://demo.test', {fetchImpl})).rejects.toThrow('fetch failed');
  });
});
