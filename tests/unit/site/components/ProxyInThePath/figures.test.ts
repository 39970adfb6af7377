import {describe, expect, it} from 'vitest';
import {formatProxySettings} from '../../../../../demo-server/src/contract/proxy.ts';
import {
  countActivity,
  NO_ACTIVITY,
  NO_FAULTS,
  proxyLaneFigures,
  settingsFor,
} from '../../../../../src/components/ProxyInThePath/figures.ts';
import type {Arrival, LoggedActivity} from '../../../../../src/lib/realtime/useTransport.ts';

const arrival = (id: number, arrivedAt: number): Arrival => ({
  id,
  emittedAt: arrivedAt - 10,
  arrivedAt,
  clientStartedAt: 0,
});
const entry = (seq: number, kind: LoggedActivity['kind'], detail: string = kind): LoggedActivity => ({
  seq,
  kind,
  at: seq,
  detail,
});

describe('the proxy demo', () => {
  it('asks the proxy for exactly the faults ticked', () => {
    expect(formatProxySettings(settingsFor(NO_FAULTS))).toBe('plain');
    expect(formatProxySettings(settingsFor({...NO_FAULTS, buffering: true, stripUpgrade: true}))).toBe(
      'buffer=4096,flush=3000,upgrade=strip',
    );
    expect(
      formatProxySettings(settingsFor({buffering: true, idleTimeout: true, stripUpgrade: true, slowLink: true})),
    ).toBe('buffer=4096,flush=3000,idle=800,latency=300,rate=2048,upgrade=strip');
  });

  it('measures the first event, lumps, silences, gaps and repeats from the arrivals', () => {
    const arrivals = [arrival(5, 1_200), arrival(6, 1_210), arrival(7, 1_240), arrival(9, 4_000), arrival(9, 4_500)];
    const figures = proxyLaneFigures(arrivals, NO_ACTIVITY, 1_000, 5_000, 0);
    expect(figures).toMatchObject({
      events: 5,
      firstEventMs: 200,
      gaps: 1,
      duplicates: 1,
      largestLump: 3,
      longestSilenceMs: 2_760,
      p50: 10,
    });
    // A backlog caught up on at a (re)start arrives at once, but is not a lump the proxy made.
    const backlog = [0, 1, 2].map((i) => ({id: i + 1, emittedAt: 100 + i, arrivedAt: 1_000 + i, clientStartedAt: 900}));
    expect(proxyLaneFigures(backlog, NO_ACTIVITY, 900, 1_100, 0).largestLump).toBe(0);
    // Nothing yet: the silence runs from the start of the run.
    expect(proxyLaneFigures([], NO_ACTIVITY, 1_000, 3_500, 0)).toMatchObject({
      events: 0,
      firstEventMs: null,
      largestLump: 0,
      longestSilenceMs: 2_500,
    });
  });

  it('counts failures and tries from the start of the run, though the log keeps only the newest entries', () => {
    let counts = countActivity(NO_ACTIVITY, [entry(2, 'error', 'second'), entry(1, 'request')]);
    expect(counts).toEqual({failures: 1, attempts: 1, lastFailure: 'second', seenSeq: 2});
    // The same log again adds nothing; the same object comes back.
    expect(countActivity(counts, [entry(2, 'error', 'second'), entry(1, 'request')])).toBe(counts);
    // Entry 1 has left the log; 3 and 4 are new.
    counts = countActivity(counts, [entry(4, 'request'), entry(3, 'error', 'third'), entry(2, 'error', 'second')]);
    expect(counts).toEqual({failures: 2, attempts: 2, lastFailure: 'third', seenSeq: 4});
  });
});
