import {describe, expect, it} from 'vitest';
import {decodeView} from '../../../../../src/lib/recording/codec.ts';
import {nextStepAfter, viewAt, ViewRecorder} from '../../../../../src/lib/recording/viewRecorder.ts';

function clock(start = 1_000) {
  let now = start;
  return {now: () => now, advance: (ms: number) => (now += ms)};
}

describe('ViewRecorder', () => {
  it('records the first view and each change at its time, and plays them back', () => {
    const time = clock();
    const recorder = new ViewRecorder({now: time.now});
    recorder.observe({log: [], status: 'connecting'});
    time.advance(100);
    recorder.observe({log: [], status: 'live'});
    time.advance(50);
    recorder.observe({log: [], status: 'live'}); // unchanged: no step
    time.advance(250);
    recorder.observe({log: ['hello'], status: 'live'});
    const recorded = recorder.snapshot();
    expect(recorded.startedAt).toBe(1_000);
    expect(recorded.steps.map((step) => step.t)).toEqual([100, 400]);
    expect(decodeView(viewAt(recorded, 0))).toEqual({log: [], status: 'connecting'});
    expect(decodeView(viewAt(recorded, 399))).toEqual({log: [], status: 'live'});
    expect(decodeView(viewAt(recorded, 400))).toEqual({log: ['hello'], status: 'live'});
    expect(nextStepAfter(recorded.steps, 100)).toBe(400);
    expect(nextStepAfter(recorded.steps, 400)).toBeNull();
  });

  it('stays bounded: the oldest changes fold into the first view, the latest view is kept exact', () => {
    const time = clock();
    const recorder = new ViewRecorder({now: time.now, limits: {maxSteps: 8, maxChars: 1_000_000}});
    for (let i = 0; i <= 50; i++) {
      recorder.observe({count: i});
      time.advance(10);
    }
    const recorded = recorder.snapshot();
    expect(recorded.steps.length).toBeLessThanOrEqual(8);
    const end = recorded.steps.at(-1)!.t;
    expect(decodeView(viewAt(recorded, end))).toEqual({count: 50});
    // Times stay relative to the (moved) start, and the start moved with the folded changes.
    expect(recorded.startedAt + end).toBe(1_000 + 500);
    expect(recorded.steps[0]!.t).toBeGreaterThan(0);
  });

  it('bounds the characters kept as well as the count', () => {
    const time = clock();
    const recorder = new ViewRecorder({now: time.now, limits: {maxSteps: 1_000, maxChars: 2_000}});
    for (let i = 0; i < 100; i++) {
      recorder.observe({text: `${i}`.padEnd(100, 'x')});
      time.advance(1);
    }
    const kept = recorder.snapshot().steps.reduce((sum, step) => sum + JSON.stringify(step.ops).length, 0);
    expect(kept).toBeLessThanOrEqual(2_000);
  });
});
