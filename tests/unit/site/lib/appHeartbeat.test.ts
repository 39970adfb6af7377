import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {startAppHeartbeat} from '../../../../src/lib/appHeartbeat.ts';

describe('startAppHeartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const start = () => {
    const sent: number[] = [];
    const answered: [number, number][] = [];
    const missed: number[] = [];
    const heartbeat = startAppHeartbeat({
      intervalMs: 1_000,
      deadlineMs: 3_000,
      send: (n) => sent.push(n),
      onAnswered: (n, ms) => answered.push([n, ms]),
      onMissed: (n) => missed.push(n),
      now: () => Date.now(),
    });
    return {heartbeat, sent, answered, missed};
  };

  it('sends one heartbeat per interval, numbered, and times each answer', () => {
    const {heartbeat, sent, answered, missed} = start();
    vi.advanceTimersByTime(999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(250);
    heartbeat.answered(1);
    vi.advanceTimersByTime(750);
    expect(sent).toEqual([1, 2]);
    heartbeat.answered(2);
    expect(answered).toEqual([
      [1, 250],
      [2, 0],
    ]);
    // An answer to nothing, or a second answer, is ignored.
    heartbeat.answered(2);
    heartbeat.answered(9);
    expect(answered).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(missed).toEqual([3]);
  });

  it('reports the first heartbeat unanswered at its deadline, once, and sends nothing more', () => {
    const {sent, missed} = start();
    vi.advanceTimersByTime(1_000 + 2_999);
    expect(missed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(missed).toEqual([1]);
    // The fourth was due at the same moment: the miss came first, and stopped it.
    expect(sent).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(10_000);
    expect(missed).toEqual([1]);
    expect(sent).toEqual([1, 2, 3]);
  });

  it('stops: no more sends, no miss reported', () => {
    const {heartbeat, sent, missed} = start();
    vi.advanceTimersByTime(1_000);
    heartbeat.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([1]);
    expect(missed).toEqual([]);
  });
});
