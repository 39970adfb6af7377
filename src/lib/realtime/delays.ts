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

/**
 * "930 B", "1.23 kB", "12.3 kB", "2.50 MB": bytes for people (SI units, 1 kB =
 * 1000 B). The unit is chosen after rounding, so 999.7 B is "1.00 kB" and
 * 999,960 B "1.00 MB", never "1000 B" or "1000.0 kB".
 */
export function formatBytes(bytes: number): string {
  if (Math.round(bytes) < 1000) return `${Math.round(bytes)} B`;
  const kB = bytes / 1000;
  const kBText = kB.toFixed(kB < 10 ? 2 : 1);
  if (Number(kBText) < 1000) return `${kBText} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

/** "12 ms", "1.24 s", "—" for none. 999.6 ms is "1.00 s", not "1000 ms". */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (Math.abs(Math.round(ms)) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
