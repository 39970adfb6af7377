/**
 * Docusaurus prefetches the code of every internal link as the link scrolls into view: each link has an
 * IntersectionObserver, and all the links on screen report in one task, which then works out each route's chunks
 * and appends a `<link rel="prefetch">` per chunk. On the home page that task measured 45–92 ms of main thread in
 * Chromium here with no throttling (four times that on Lighthouse's phone), right after the page came alive.
 *
 * `deferPrefetch` keeps the prefetching and moves it out of the way: calls are queued and run while the browser is
 * idle, a few milliseconds' worth at a time, so no task it adds is long (50 ms is where a task starts to block).
 */

export type Prefetch = Window['docusaurus']['prefetch'];

export interface IdleDeadlineLike {
  timeRemaining(): number;
}

export type ScheduleIdle = (callback: (deadline: IdleDeadlineLike) => void) => void;

/** At most this much prefetching runs in one go, ms: well under the 50 ms of a long task, on a slow phone too. */
export const PREFETCH_SLICE_MS = 4;

/** Browsers without requestIdleCallback (Safari) get a timer, with a deadline as long as one slice. */
export const scheduleIdle: ScheduleIdle = (callback) => {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(callback, {timeout: 2_000});
    return;
  }
  setTimeout(() => {
    const end = performance.now() + PREFETCH_SLICE_MS;
    callback({timeRemaining: () => Math.max(0, end - performance.now())});
  }, 50);
};

/** Wraps Docusaurus's prefetch: the wrapper queues each route, and the queue drains in idle time, a slice at a time. */
export function deferPrefetch(
  prefetch: Prefetch,
  schedule: ScheduleIdle = scheduleIdle,
  now = () => performance.now(),
): (url: string) => false {
  const queue = new Set<string>();
  let scheduled = false;
  const arm = (): void => {
    if (scheduled || queue.size === 0) return;
    scheduled = true;
    schedule(run);
  };
  const run = (deadline: IdleDeadlineLike): void => {
    scheduled = false;
    const end = now() + PREFETCH_SLICE_MS;
    for (const url of queue) {
      if (now() >= end || deadline.timeRemaining() <= 0) break;
      queue.delete(url);
      void prefetch(url);
    }
    arm();
  };
  return (url) => {
    queue.add(url);
    arm();
    // What Docusaurus's own prefetch answers for a route it will not fetch now; no caller reads it.
    return false;
  };
}
