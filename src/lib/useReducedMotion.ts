/** Whether the reader asked for reduced motion (`prefers-reduced-motion: reduce`), kept up to date. */
import {useCallback, useSyncExternalStore} from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    // Server render: assume motion is reduced, so nothing animates before hydration.
    () => true,
  );
}

/** Re-renders every `everyMs` while `active`, returning the current time (for elapsed timers and sliding windows). */
export function useNow(everyMs: number, active = true): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!active) return () => undefined;
      const timer = setInterval(onChange, everyMs);
      return () => clearInterval(timer);
    },
    [everyMs, active],
  );
  return useSyncExternalStore(
    subscribe,
    () => Math.floor(Date.now() / everyMs) * everyMs,
    () => 0,
  );
}
