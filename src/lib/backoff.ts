/**
 * Reconnection delays: exponential growth with random jitter, so that many
 * readers whose demos lost the server at the same moment (a restart, say) do
 * not all come back in the same millisecond.
 */

export interface BackoffPolicy {
  /** Delay before the first retry, in milliseconds. */
  initialMs: number;
  /** Upper bound of any delay, in milliseconds. */
  maxMs: number;
  /** Growth per attempt (2 doubles the delay each time). */
  factor: number;
  /**
   * Share of the delay that is random, from 0 (none) to 1 ("full jitter").
   * With 0.5 a nominal 8 s delay lands anywhere between 4 s and 8 s.
   */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.5};

/**
 * Delay before retry number `attempt` (0 for the first retry).
 * `random` returns a number in [0, 1); tests pass a fixed one.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const nominal = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(nominal * (1 - jitter * random()));
}
