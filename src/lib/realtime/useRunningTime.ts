/** Time a demo has been running, pauses left out; `reset` starts it from zero. */
import {useCallback, useEffect, useState} from 'react';

export function useRunningTime(active: boolean, everyMs = 250): {elapsedMs: number; reset: () => void} {
  const [elapsedMs, setElapsedMs] = useState(0);
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const timer = setInterval(() => {
      const at = Date.now();
      const step = at - last;
      last = at;
      // `step`, not `at - last`: the updater runs later, after `last` has moved on.
      setElapsedMs((elapsed) => elapsed + step);
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  const reset = useCallback(() => setElapsedMs(0), []);
  return {elapsedMs, reset};
}
