import {useState, useSyncExternalStore} from 'react';
import {useRecordingStore} from '../../../lib/recording/useRecordable.ts';
import type {ReplayState} from '../../../lib/recording/recordingStore.ts';
import {useNow} from '../../../lib/useReducedMotion.ts';

const noSubscribe = () => () => undefined;
const noReplay = (): ReplayState | null => null;

/**
 * The clock the held request is timed with, ticking every `everyMs`: the browser's while the demo is live; while
 * a recording plays, the recording's own (its start plus the replay's position, moved on between the replay's
 * updates as it plays), so a replayed request is held for as long as it was when recorded, not since the day of
 * the recording.
 */
export function useHeldClock(everyMs: number): number {
  const store = useRecordingStore();
  const replay = useSyncExternalStore(
    store?.subscribe ?? noSubscribe,
    () => store?.getSnapshot().replay ?? null,
    noReplay,
  );
  const now = useNow(everyMs);
  // When (browser clock, as last ticked) the replay reached its current position.
  const [anchor, setAnchor] = useState<{position: number; at: number} | null>(null);
  if (replay === null) return now;
  if (anchor?.position !== replay.position) setAnchor({position: replay.position, at: now});
  const {recording, position, playing} = replay;
  const end = Math.max(recording.duration, recording.steps.at(-1)?.t ?? 0);
  const moved = playing && anchor !== null ? Math.max(0, now - anchor.at) : 0;
  return recording.startedAt + Math.min(end, position + moved);
}
