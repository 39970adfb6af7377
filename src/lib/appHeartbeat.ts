/**
 * An application-level heartbeat, for a page: a page cannot send a WebSocket ping (the WebSockets Standard's
 * interface has no such method) and is not told when the browser answers one, so it sends a message of its own
 * every `intervalMs` and expects an answer to each within `deadlineMs`. The first one unanswered past its
 * deadline stops the heartbeat and is reported: the caller declares the connection dead.
 */

export interface AppHeartbeatOptions {
  intervalMs: number;
  deadlineMs: number;
  /** Sends heartbeat `n` (1, 2, 3…). */
  send: (n: number) => void;
  onAnswered: (n: number, roundTripMs: number) => void;
  /** Heartbeat `n` had no answer within the deadline; nothing more is sent. */
  onMissed: (n: number) => void;
  now?: () => number;
}

export interface AppHeartbeat {
  /** The answer to heartbeat `n` arrived (late or unknown answers are ignored). */
  answered(n: number): void;
  /** Stops sending and waiting (the connection closed). */
  stop(): void;
}

/** Starts the heartbeat: the first is sent one interval from now. */
export function startAppHeartbeat(options: AppHeartbeatOptions): AppHeartbeat {
  const {intervalMs, deadlineMs, send, onAnswered, onMissed, now = () => performance.now()} = options;
  /** Heartbeats sent and not yet answered: when each went, and its deadline timer. */
  const pending = new Map<number, {sentAt: number; deadline: ReturnType<typeof setTimeout>}>();
  let sent = 0;
  let stopped = false;

  const stop = () => {
    stopped = true;
    clearInterval(ticker);
    for (const {deadline} of pending.values()) clearTimeout(deadline);
    pending.clear();
  };

  const ticker = setInterval(() => {
    if (stopped) return;
    sent += 1;
    const n = sent;
    const deadline = setTimeout(() => {
      if (stopped || !pending.has(n)) return;
      stop();
      onMissed(n);
    }, deadlineMs);
    pending.set(n, {sentAt: now(), deadline});
    send(n);
  }, intervalMs);

  return {
    answered(n) {
      const waiting = pending.get(n);
      if (waiting === undefined) return;
      clearTimeout(waiting.deadline);
      pending.delete(n);
      onAnswered(n, Math.round((now() - waiting.sentAt) * 10) / 10);
    },
    stop,
  };
}
