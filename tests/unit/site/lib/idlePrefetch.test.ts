import {describe, expect, it} from 'vitest';
import {deferPrefetch, PREFETCH_SLICE_MS, type IdleDeadlineLike} from '../../../../src/lib/idlePrefetch.ts';

/** A scheduler the test drives by hand, and a clock each prefetch moves on by `cost` ms. */
function harness(cost: number) {
  const pending: ((deadline: IdleDeadlineLike) => void)[] = [];
  let clock = 0;
  const fetched: string[] = [];
  const prefetch = deferPrefetch(
    (url) => {
      fetched.push(url);
      clock += cost;
      return false;
    },
    (callback) => pending.push(callback),
    () => clock,
  );
  const idle = (remaining = 50) => {
    const callback = pending.shift();
    if (!callback) throw new Error('nothing was scheduled');
    const start = clock;
    callback({timeRemaining: () => Math.max(0, remaining - (clock - start))});
  };
  return {prefetch, fetched, pending, idle};
}

describe('deferPrefetch', () => {
  it('fetches nothing in the caller’s task, and everything once the browser is idle', () => {
    const {prefetch, fetched, pending, idle} = harness(1);
    expect(prefetch('/a')).toBe(false);
    prefetch('/b');
    expect(fetched).toEqual([]);
    expect(pending).toHaveLength(1); // one idle callback for the whole queue
    idle();
    expect(fetched).toEqual(['/a', '/b']);
    expect(pending).toHaveLength(0);
  });

  it('runs at most one slice per idle callback, and asks for another while routes wait', () => {
    const {prefetch, fetched, pending, idle} = harness(PREFETCH_SLICE_MS / 2);
    for (const url of ['/1', '/2', '/3', '/4', '/5']) prefetch(url);
    idle();
    expect(fetched).toEqual(['/1', '/2']);
    expect(pending).toHaveLength(1);
    idle();
    idle();
    expect(fetched).toEqual(['/1', '/2', '/3', '/4', '/5']);
    expect(pending).toHaveLength(0);
  });

  it('stops when the browser has no idle time left', () => {
    const {prefetch, fetched, idle} = harness(1);
    prefetch('/a');
    prefetch('/b');
    idle(1);
    expect(fetched).toEqual(['/a']);
  });

  it('fetches a route asked for twice while it waits once', () => {
    const {prefetch, fetched, idle} = harness(1);
    prefetch('/a');
    prefetch('/a');
    idle();
    expect(fetched).toEqual(['/a']);
  });
});
