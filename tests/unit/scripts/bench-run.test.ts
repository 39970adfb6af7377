/** What the benchmarks say about the machine: the load average sampled over a run, and the words for it. */
import {afterEach, describe, expect, it, vi} from 'vitest';
import {busy, loadRange, sampleLoadAverage} from '../../../scripts/bench-run.mts';

describe('sampleLoadAverage', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('samples at the start, at every interval and at the stop, and gives the lowest and highest', () => {
    vi.useFakeTimers();
    const loads = [3, 1.5, 7.25, 4];
    const read = vi.fn(() => loads.shift() ?? Number.NaN);
    const sampler = sampleLoadAverage(1000, read);
    vi.advanceTimersByTime(2000);
    expect(sampler.stop()).toEqual({low: 1.5, high: 7.25});
    expect(read).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(5000);
    expect(read).toHaveBeenCalledTimes(4);
  });
});

describe('loadRange', () => {
  it('gives one figure when the load did not move at one decimal, else the range', () => {
    expect(loadRange({low: 5.31, high: 5.34})).toBe('of 5.3');
    expect(loadRange({low: 5.3, high: 5.9})).toBe('between 5.3 and 5.9');
  });
});

describe('busy', () => {
  it('calls a machine busy once its load passed half its cores', () => {
    expect(busy({low: 0.2, high: 1}, 2)).toBe(false);
    expect(busy({low: 0.2, high: 1.1}, 2)).toBe(true);
  });
});
