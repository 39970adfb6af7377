/**
 * A token bucket: `perSecond` tokens a second, sustained, and up to `burst`
 * at once. What bounds how often one connection may send messages, and how
 * many of its frames `/ws/inspect` reports.
 */
export interface TokenBucket {
  /** Takes one token; false when there is none left (the caller refuses). */
  take(): boolean;
}

/** A bucket's state, for holders that keep it in their own fields (see `takeToken`). */
export interface BucketState {
  tokens: number;
  refilledAt: number;
}

/** Refills `state` for the time since its last take, then takes one token; false when there is none. */
export function takeToken(state: BucketState, perSecond: number, burst: number, at: number): boolean {
  state.tokens = Math.min(burst, state.tokens + ((at - state.refilledAt) / 1000) * perSecond);
  state.refilledAt = at;
  if (state.tokens < 1) return false;
  state.tokens -= 1;
  return true;
}

/**
 * A class, not a closure: every open WebSocket holds a bucket, and an object
 * with its state in fields costs a third of one closure over that state (the
 * closure, its context and the object returned).
 */
class Bucket implements TokenBucket, BucketState {
  tokens: number;
  refilledAt: number;
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
    return takeToken(this, this.perSecond, this.burst, this.now());
  }
}

export function createTokenBucket(
  {perSecond, burst}: {perSecond: number; burst: number},
  now: () => number = Date.now,
): TokenBucket {
  return new Bucket(perSecond, burst, now);
}
