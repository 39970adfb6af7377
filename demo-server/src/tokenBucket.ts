/**
 * A token bucket: `perSecond` tokens a second, sustained, and up to `burst`
 * at once. What bounds how often one connection may send messages, and how
 * many of its frames `/ws/inspect` reports.
 */
export interface TokenBucket {
  /** Takes one token; false when there is none left (the caller refuses). */
  take(): boolean;
}

/**
 * A class, not a closure: every open WebSocket holds a bucket, and an object
 * with its state in fields costs a third of one closure over that state (the
 * closure, its context and the object returned).
 */
class Bucket implements TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private readonly perSecond: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(perSecond: number, burst: number, now: () => number) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.refilledAt = now();
  }

  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((at - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export function createTokenBucket(
  {perSecond, burst}: {perSecond: number; burst: number},
  now: () => number = Date.now,
): TokenBucket {
  return new Bucket(perSecond, burst, now);
}
