/**
 * Keeps the close frames of finished `/ws/inspect` connections for a short
 * while, so the same client can ask for them on its next connection (a
 * connection cannot report its own close: nothing may follow a close frame).
 * Bounded in count and time; only the client that made a connection can read
 * its frames.
 */
import type {FrameReport} from '../contract/inspect.ts';

export interface CloseReportStore {
  put(connectionId: string, client: string, frames: FrameReport[]): void;
  /** The frames, once, if this client made that connection and it closed recently. */
  take(connectionId: string, client: string): FrameReport[] | undefined;
  readonly size: number;
}

export function createCloseReportStore(
  {ttlMs, maxEntries}: {ttlMs: number; maxEntries: number},
  now: () => number = Date.now,
): CloseReportStore {
  // Insertion order is age order, so the oldest entry is always first.
  const entries = new Map<string, {client: string; frames: FrameReport[]; expiresAt: number}>();
  const sweep = (at: number) => {
    for (const [id, entry] of entries) {
      if (entry.expiresAt > at) break;
      entries.delete(id);
    }
  };
  return {
    put(connectionId, client, frames) {
      const at = now();
      sweep(at);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(connectionId, {client, frames, expiresAt: at + ttlMs});
    },
    take(connectionId, client) {
      sweep(now());
      const entry = entries.get(connectionId);
      if (!entry || entry.client !== client) return undefined;
      entries.delete(connectionId);
      return entry.frames;
    },
    get size() {
      return entries.size;
    },
  };
}
