/** Summaries of measured delivery delays. */

/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest
 * value with at least p % of the values at or below it. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export interface DelaySummary {
  count: number;
  p50: number | null;
  p95: number | null;
}

export function summarizeDelays(values: readonly number[]): DelaySummary {
  return {count: values.length, p50: percentile(values, 50), p95: percentile(values, 95)};
}
