/**
 * A token bucket: `perSecond` tokens a second, sustained, and up to `burst`
 * at once. What bounds how often one connection may send messages, and how
 * many of its frames `/ws/inspect` reports.
 */
export interface TokenBucket {
  /** Takes one token; false when there is none left (the caller refuses). */
  take(): boolean;
}

export function createTokenBucket(
  {perSecond, burst}: {perSecond: number; burst: number},
  now: () => number = Date.now,
): TokenBucket {
  let tokens = burst;
  let refilledAt = now();
  return {
    take() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * perSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
