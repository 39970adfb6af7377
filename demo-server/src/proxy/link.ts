/**
 * The way back from the origin to the browser, as the proxy's settings shape
 * it: a response buffer (bytes held until there are `buffer` of them, or until
 * `flushMs` after the first, or until the answer ends) and then a slow link
 * (each piece delivered `latencyMs` later, no faster than `bytesPerSecond`).
 * Bounded: at most `maxQueuedBytes` wait on the link; past that the origin is
 * paused (`pause`) until half of them are delivered, so a slow link costs the
 * origin's own socket buffer, not the process's memory. One timer at a time.
 */

export interface LinkOptions {
  buffer: number;
  flushMs: number;
  latencyMs: number;
  bytesPerSecond: number;
  maxQueuedBytes: number;
  now?: () => number;
}

export interface LinkEnds {
  /** Delivers bytes to the browser. */
  write(chunk: Buffer): void;
  /** Everything was delivered and the origin's answer had ended. */
  end(): void;
  /** Stop / start reading from the origin. */
  pause(): void;
  resume(): void;
  /** A held lump went out: its size and how long its first byte was held. */
  flushed?(bytes: number, heldMs: number): void;
}

/** Pieces of a slowed answer: small enough that the bytes trickle rather than arrive in one late lump. */
const SLOW_PIECE_BYTES = 1024;

export function createLink(options: LinkOptions, ends: LinkEnds) {
  const now = options.now ?? Date.now;
  let held: Buffer[] = [];
  let heldBytes = 0;
  let heldSince = 0;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const queue: {at: number; chunk: Buffer}[] = [];
  let queuedBytes = 0;
  let lastAt = 0;
  let pumpTimer: ReturnType<typeof setTimeout> | null = null;
  let paused = false;
  let ending = false;
  let done = false;
  const shaped = options.latencyMs > 0 || options.bytesPerSecond > 0;

  const finishIfDone = () => {
    if (ending && !done && heldBytes === 0 && queue.length === 0) {
      done = true;
      ends.end();
    }
  };

  const pump = () => {
    pumpTimer = null;
    const at = now();
    while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= at) {
      const next = queue.shift();
      if (next === undefined) break;
      queuedBytes -= next.chunk.length;
      ends.write(next.chunk);
    }
    if (paused && queuedBytes <= options.maxQueuedBytes / 2) {
      paused = false;
      ends.resume();
    }
    schedule();
    finishIfDone();
  };

  const schedule = () => {
    const first = queue[0];
    if (pumpTimer !== null || first === undefined || done) return;
    pumpTimer = setTimeout(pump, Math.max(0, first.at - now()));
  };

  const send = (chunk: Buffer) => {
    if (!shaped) {
      ends.write(chunk);
      return;
    }
    const step = options.bytesPerSecond > 0 ? SLOW_PIECE_BYTES : chunk.length;
    for (let offset = 0; offset < chunk.length; offset += step) {
      const piece = chunk.subarray(offset, offset + step);
      const transfer = options.bytesPerSecond > 0 ? (piece.length * 1000) / options.bytesPerSecond : 0;
      lastAt = Math.max(now() + options.latencyMs, lastAt) + transfer;
      queue.push({at: lastAt, chunk: piece});
      queuedBytes += piece.length;
    }
    if (!paused && queuedBytes > options.maxQueuedBytes) {
      paused = true;
      ends.pause();
    }
    schedule();
  };

  const flush = () => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    if (heldBytes === 0) return;
    const lump = Buffer.concat(held, heldBytes);
    const heldMs = now() - heldSince;
    held = [];
    heldBytes = 0;
    ends.flushed?.(lump.length, heldMs);
    send(lump);
  };

  return {
    /** Bytes from the origin. */
    write(chunk: Buffer): void {
      if (done || ending) return;
      if (options.buffer === 0) return send(chunk);
      if (heldBytes === 0) heldSince = now();
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= options.buffer) flush();
      else flushTimer ??= setTimeout(flush, options.flushMs);
      // The buffer is at most `buffer` bytes plus one chunk: past it, the origin waits.
    },
    /** The origin's answer ended: what is held goes out, then the end. */
    end(): void {
      if (ending) return;
      ending = true;
      flush();
      finishIfDone();
    },
    /** Drops whatever is held or queued (the exchange was cut). */
    destroy(): void {
      done = true;
      if (flushTimer !== null) clearTimeout(flushTimer);
      if (pumpTimer !== null) clearTimeout(pumpTimer);
      flushTimer = null;
      pumpTimer = null;
      held = [];
      heldBytes = 0;
      queue.length = 0;
      queuedBytes = 0;
    },
    /** Bytes held by the buffer or waiting on the slow link. */
    get pendingBytes(): number {
      return heldBytes + queuedBytes;
    },
  };
}

export type Link = ReturnType<typeof createLink>;
