import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {decodeView} from '../../../../../src/lib/recording/codec.ts';
import {RECORDING_FORMAT, type Recording} from '../../../../../src/lib/recording/format.ts';
import {RECORD_EVERY_MS, RecordingStore} from '../../../../../src/lib/recording/recordingStore.ts';
import {viewAt} from '../../../../../src/lib/recording/viewRecorder.ts';

const recording: Recording = {
  format: RECORDING_FORMAT,
  demo: 'EchoConsole',
  source: 'committed',
  recordedAt: '2026-12-05T18:00:00.000Z',
  server: {version: '0.1.0', url: 'the demo server'},
  startedAt: 0,
  duration: 3_000,
  view: {count: 0},
  steps: [
    {t: 1_000, ops: [{path: ['count'], value: 1}]},
    {t: 2_500, ops: [{path: ['count'], value: 2}]},
  ],
  wire: [],
};

beforeEach(() => {
  vi.useFakeTimers({now: 1_000_000});
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RecordingStore replay', () => {
  it('plays the changes at their real pace, says so, and stops at the end', () => {
    const store = new RecordingStore('EchoConsole');
    store.startReplay(recording, 'offline');
    expect(store.getSnapshot().replay?.view).toEqual({count: 0});
    expect(store.getSnapshot().announcement).toBe(
      'Playing a recording of this demo from 5 December 2026. It is not live.',
    );
    vi.advanceTimersByTime(999);
    expect(store.getSnapshot().replay?.view).toEqual({count: 0});
    vi.advanceTimersByTime(1);
    expect(store.getSnapshot().replay?.view).toEqual({count: 1});
    vi.advanceTimersByTime(1_500);
    expect(store.getSnapshot().replay).toMatchObject({view: {count: 2}, playing: true});
    vi.advanceTimersByTime(500);
    expect(store.getSnapshot().replay).toMatchObject({playing: false, position: 3_000});
    expect(store.getSnapshot().announcement).toBe('The recording has ended.');
  });

  it('pauses, resumes where it was, restarts, and plays again from the start once ended', () => {
    const store = new RecordingStore('EchoConsole');
    store.startReplay(recording, 'offline');
    vi.advanceTimersByTime(1_200);
    store.pause();
    vi.advanceTimersByTime(5_000);
    expect(store.getSnapshot().replay).toMatchObject({playing: false, view: {count: 1}});
    store.resume();
    vi.advanceTimersByTime(1_300);
    expect(store.getSnapshot().replay?.view).toEqual({count: 2});
    store.restart();
    expect(store.getSnapshot().replay).toMatchObject({position: 0, view: {count: 0}, playing: true});
    vi.advanceTimersByTime(10_000);
    store.resume();
    expect(store.getSnapshot().replay).toMatchObject({position: 0, playing: true, view: {count: 0}});
  });

  it('goes live by itself when the server answers again, but not out of a shared run', () => {
    const offline = new RecordingStore('EchoConsole');
    offline.observeLive({}, 'offline');
    offline.startReplay(recording, 'offline');
    offline.observeLive({}, 'connecting');
    expect(offline.getSnapshot().replay).not.toBeNull();
    offline.observeLive({}, 'live');
    expect(offline.getSnapshot().replay).toBeNull();
    expect(offline.getSnapshot().announcement).toBe('The demo server is back: this demo is live again.');

    const shared = new RecordingStore('FrameInspector');
    shared.observeLive({}, 'connecting');
    shared.startReplay({...recording, demo: 'FrameInspector', source: 'shared'}, 'shared');
    shared.observeLive({}, 'live');
    expect(shared.getSnapshot().replay?.reason).toBe('shared');
  });
});

describe('RecordingStore live recording', () => {
  it('records a demo that redraws often at most once per interval, and never loses its latest value', () => {
    const store = new RecordingStore('EchoConsole');
    for (let i = 0; i < 50; i++) {
      store.observeLive({count: i}, 'live');
      vi.advanceTimersByTime(10);
    }
    const live = store.liveRecording()!;
    expect(live.steps.length).toBeLessThanOrEqual(Math.ceil((50 * 10) / RECORD_EVERY_MS) + 1);
    const end = live.steps.at(-1)!.t;
    expect(decodeView(viewAt(live, end))).toEqual({count: 49});
    expect(live).toMatchObject({format: RECORDING_FORMAT, demo: 'EchoConsole', wire: []});
  });

  it('does not record while a recording plays', () => {
    const store = new RecordingStore('EchoConsole');
    store.observeLive({count: 1}, 'live');
    store.startReplay(recording, 'shared');
    store.observeLive({count: 2}, 'live');
    vi.advanceTimersByTime(1_000);
    const live = store.liveRecording()!;
    expect(decodeView(viewAt(live, Number.MAX_SAFE_INTEGER))).toEqual({count: 1});
  });
});
