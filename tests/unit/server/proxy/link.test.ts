import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {createLink, type LinkOptions} from '../../../../demo-server/src/proxy/link.ts';

const OFF: LinkOptions = {buffer: 0, flushMs: 1000, latencyMs: 0, bytesPerSecond: 0, maxQueuedBytes: 4096};

/** A link whose far end records what it delivered, and when (fake clock). */
function linkWith(options: Partial<LinkOptions>) {
  const delivered: {at: number; text: string}[] = [];
  const events: string[] = [];
  const link = createLink(
    {...OFF, ...options, now: () => Date.now()},
    {
      write: (chunk) => delivered.push({at: Date.now(), text: chunk.toString()}),
      end: () => events.push('end'),
      pause: () => events.push('pause'),
      resume: () => events.push('resume'),
      flushed: (bytes, heldMs) => events.push(`flushed ${bytes} after ${heldMs}`),
    },
  );
  return {link, delivered, events};
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

describe('the proxy link', () => {
  it('passes bytes on at once when nothing is set', () => {
    const {link, delivered, events} = linkWith({});
    link.write(Buffer.from('a'));
    link.end();
    expect(delivered).toEqual([{at: 0, text: 'a'}]);
    expect(events).toEqual(['end']);
  });

  it('holds bytes until the buffer is full', () => {
    const {link, delivered, events} = linkWith({buffer: 4});
    link.write(Buffer.from('ab'));
    vi.advanceTimersByTime(100);
    expect(delivered).toEqual([]);
    link.write(Buffer.from('cd'));
    expect(delivered).toEqual([{at: 100, text: 'abcd'}]);
    expect(events).toEqual(['flushed 4 after 100']);
  });

  it('or until the flush clock runs out, or the answer ends', () => {
    const {link, delivered, events} = linkWith({buffer: 1000, flushMs: 500});
    link.write(Buffer.from('a'));
    vi.advanceTimersByTime(499);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual([{at: 500, text: 'a'}]);
    link.write(Buffer.from('b'));
    link.end();
    expect(delivered.at(-1)).toEqual({at: 500, text: 'b'});
    expect(events.at(-1)).toBe('end');
  });

  it('delays each piece by the latency, in order', () => {
    const {link, delivered} = linkWith({latencyMs: 200});
    link.write(Buffer.from('a'));
    vi.advanceTimersByTime(50);
    link.write(Buffer.from('b'));
    vi.advanceTimersByTime(149);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual([{at: 200, text: 'a'}]);
    vi.advanceTimersByTime(50);
    expect(delivered).toEqual([
      {at: 200, text: 'a'},
      {at: 250, text: 'b'},
    ]);
  });

  it('spreads bytes over time at the rate, in pieces of 1 KiB, and ends after the last', () => {
    const {link, delivered, events} = linkWith({bytesPerSecond: 1024, maxQueuedBytes: 64 * 1024});
    link.write(Buffer.alloc(3 * 1024, 'x'));
    link.end();
    vi.advanceTimersByTime(3000);
    expect(delivered.map((piece) => [piece.at, piece.text.length])).toEqual([
      [1000, 1024],
      [2000, 1024],
      [3000, 1024],
    ]);
    expect(events).toEqual(['end']);
  });

  it('pauses the origin past maxQueuedBytes and resumes it once half is delivered', () => {
    const {link, events} = linkWith({bytesPerSecond: 1024, maxQueuedBytes: 2048});
    link.write(Buffer.alloc(3 * 1024, 'x'));
    expect(events).toEqual(['pause']);
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['pause']);
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('drops what it holds when destroyed, and delivers nothing later', () => {
    const {link, delivered, events} = linkWith({latencyMs: 100, buffer: 10, flushMs: 50});
    link.write(Buffer.from('abc'));
    link.destroy();
    vi.advanceTimersByTime(1000);
    expect(delivered).toEqual([]);
    expect(link.pendingBytes).toBe(0);
    expect(events).toEqual([]);
  });
});
