/** Reading Resource Timing entries and Server-Timing metrics: phases, sizes, the server's connection count. */
import {describe, expect, it} from 'vitest';
import {
  ratio,
  sizesOf,
  openedItsConnection,
  phasesOf,
  type RawTiming,
  type TimedRequest,
} from '../../../../src/lib/resourceTiming.ts';

/** Marks of a request on a new connection (ms from the page's start), as Chromium gave them. */
const fresh: RawTiming = {
  startTime: 100,
  fetchStart: 100,
  domainLookupStart: 102,
  domainLookupEnd: 102.5,
  connectStart: 102.5,
  secureConnectionStart: 0,
  connectEnd: 103,
  requestStart: 103.2,
  responseStart: 603.2,
  responseEnd: 1540,
  encodedBodySize: 65_536,
  transferSize: 65_836,
  nextHopProtocol: 'http/1.1',
};

describe('phasesOf', () => {
  it('splits a request on a new connection into its phases, with no TLS over plain HTTP', () => {
    const phases = phasesOf(fresh)!;
    expect(phases.queue).toBeCloseTo(2);
    expect(phases.dns).toBeCloseTo(0.5);
    expect(phases.connect).toBeCloseTo(0.5);
    expect(phases.tls).toBe(0);
    expect(phases.send).toBeCloseTo(0.2);
    expect(phases.firstByte).toBeCloseTo(500);
    expect(phases.download).toBeCloseTo(936.8);
    const sum =
      phases.queue + phases.dns + phases.connect + phases.tls + phases.send + phases.firstByte + phases.download;
    expect(sum).toBeCloseTo(fresh.responseEnd - fresh.startTime);
  });

  it('splits the connect phase at secureConnectionStart when there was TLS', () => {
    const phases = phasesOf({...fresh, secureConnectionStart: 102.7})!;
    expect(phases.connect).toBeCloseTo(0.2);
    expect(phases.tls).toBeCloseTo(0.3);
  });

  it('gives no phases for an entry whose marks the browser hid (no Timing-Allow-Origin)', () => {
    const hidden = {...fresh, domainLookupStart: 0, domainLookupEnd: 0, connectStart: 0, connectEnd: 0};
    expect(phasesOf({...hidden, requestStart: 0, responseStart: 0})).toBeNull();
  });
});

describe('openedItsConnection', () => {
  const request = (description: string | null): TimedRequest => ({
    url: 'http://localhost:8787/http/timing',
    raw: fresh,
    serverTiming: description === null ? [] : [{name: 'req', duration: 0, description}],
  });

  it('reads the server’s request count: 1 is a new connection, more is a reused one', () => {
    expect(openedItsConnection(request('1'))).toBe(true);
    expect(openedItsConnection(request('3'))).toBe(false);
  });

  it('does not know when the browser hid Server-Timing', () => {
    expect(openedItsConnection(request(null))).toBeNull();
  });
});

describe('ratio', () => {
  it('says how many times smaller the coded body is, to two decimals', () => {
    expect(ratio(28_336, 7_738)).toBe('3.66');
    expect(ratio(28_336, 28_336)).toBe('1.00');
  });

  it('has nothing to say when a size is hidden (0)', () => {
    expect(ratio(28_336, 0)).toBeNull();
    expect(ratio(0, 7_738)).toBeNull();
  });
});

describe('sizesOf', () => {
  it('is null when the browser kept no resource entry', () => {
    expect(sizesOf([])).toBeNull();
  });
});
