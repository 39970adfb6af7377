import {describe, expect, it} from 'vitest';
import {backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy} from '../../../../src/lib/backoff.ts';

const policy: BackoffPolicy = {initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.5};

describe('backoffDelay', () => {
  it('doubles the nominal delay each attempt when the jitter draws 0', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000,
    ]);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(10, policy, () => 0)).toBe(30_000);
    expect(backoffDelay(1_000, policy, () => 0)).toBe(30_000);
  });

  it('takes off at most the jitter share of the delay', () => {
    const almostOne = 0.999_999;
    expect(backoffDelay(3, policy, () => almostOne)).toBe(4_000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, policy);
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });

  it('spreads simultaneous clients apart', () => {
    const delays = new Set(Array.from({length: 50}, () => backoffDelay(2)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('treats negative or fractional attempts as the nearest sensible one', () => {
    expect(backoffDelay(-3, policy, () => 0)).toBe(1_000);
    expect(backoffDelay(1.7, policy, () => 0)).toBe(2_000);
  });

  it('has defaults that start within a second', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBeLessThanOrEqual(1_000);
  });
});
