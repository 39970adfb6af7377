import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {createEventSource, type DemoEventSource} from '../../../../demo-server/src/events/source.ts';

let source: DemoEventSource | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  source?.stop();
  vi.useRealTimers();
});

describe('createEventSource', () => {
  it('emits events with ids one apart, at irregular intervals around the mean', () => {
    source = createEventSource({meanIntervalMs: 1000, jitter: 0.5, backlog: 100});
    const seen: number[] = [];
    const times: number[] = [];
    source.subscribe((event) => {
      seen.push(event.id);
      times.push(event.emittedAt);
    });
    vi.advanceTimersByTime(20_000);
    expect(seen.length).toBeGreaterThanOrEqual(13);
    expect(seen.length).toBeLessThanOrEqual(40);
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1500);
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it('gives the events after an id, none when up to date', () => {
    source = createEventSource({meanIntervalMs: 1_000_000, jitter: 0, backlog: 10});
    for (let i = 0; i < 5; i++) source.emit();
    expect(source.latestId).toBe(5);
    const after2 = source.since(2);
    expect(after2.ok && after2.events.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(source.since(5)).toEqual({ok: true, events: []});
    const all = source.since(0);
    expect(all.ok && all.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('says so when an id is older than the backlog instead of leaving a silent gap', () => {
    source = createEventSource({meanIntervalMs: 1_000_000, jitter: 0, backlog: 3});
    for (let i = 0; i < 10; i++) source.emit();
    // Kept: 8, 9, 10. A client at 7 needs 8 onwards: fine. At 6, event 7 is gone.
    const at7 = source.since(7);
    expect(at7.ok && at7.events.map((e) => e.id)).toEqual([8, 9, 10]);
    expect(source.since(6)).toEqual({ok: false, oldestAvailableId: 8});
  });

  it('stops emitting and forgets listeners when stopped', () => {
    source = createEventSource({meanIntervalMs: 100, jitter: 0, backlog: 10});
    const listener = vi.fn();
    source.subscribe(listener);
    source.stop();
    vi.advanceTimersByTime(10_000);
    expect(listener).not.toHaveBeenCalled();
  });
});
