import {describe, expect, it} from 'vitest';
import {percentile, summarizeDelays} from '../../../../../src/lib/realtime/delays.ts';

describe('percentile (nearest rank)', () => {
  const oneToTen = [7, 3, 10, 1, 5, 9, 2, 8, 6, 4];

  it('is null for no values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('is the one value, whatever p, when there is only one', () => {
    for (const p of [1, 50, 95, 100]) expect(percentile([42], p)).toBe(42);
  });

  it('is the smallest value with at least p % of the values at or below it', () => {
    expect(percentile(oneToTen, 50)).toBe(5);
    expect(percentile(oneToTen, 51)).toBe(6);
    expect(percentile(oneToTen, 90)).toBe(9);
    expect(percentile(oneToTen, 95)).toBe(10);
    expect(percentile(oneToTen, 100)).toBe(10);
    expect(percentile(oneToTen, 10)).toBe(1);
    expect(percentile(oneToTen, 10.1)).toBe(2);
  });

  it('never interpolates: p95 of 20 values is the 19th, p50 of 4 the 2nd', () => {
    const twenty = Array.from({length: 20}, (_, i) => (i + 1) * 10);
    expect(percentile(twenty, 95)).toBe(190);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
  });

  it('is the smallest value for a tiny p and the largest for p above 100', () => {
    expect(percentile(oneToTen, 0.01)).toBe(1);
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile(oneToTen, 150)).toBe(10);
  });

  it('sorts numbers as numbers (not as text) and leaves the input as it was', () => {
    const values = [100, 9, 25, -3];
    expect(percentile(values, 75)).toBe(25);
    expect(values).toEqual([100, 9, 25, -3]);
  });

  it('counts repeated values each time', () => {
    expect(percentile([5, 5, 5, 100], 75)).toBe(5);
    expect(percentile([5, 5, 5, 100], 76)).toBe(100);
  });
});

describe('summarizeDelays', () => {
  it('counts the delays and gives their median and 95th percentile', () => {
    const delays = Array.from({length: 100}, (_, i) => i + 1);
    expect(summarizeDelays(delays)).toEqual({count: 100, p50: 50, p95: 95});
  });

  it('gives nulls when nothing was measured', () => {
    expect(summarizeDelays([])).toEqual({count: 0, p50: null, p95: null});
  });
});
