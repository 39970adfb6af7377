/**
 * One demo's recording state on a page: the live run being recorded, the committed recording of the demo (fetched
 * from the site when the demo server cannot be reached), a shared recording opened from a link, and the replay
 * clock. Framework-free; React reads it through `useSyncExternalStore` (see `useRecordable`, DemoFrame).
 */
import {applyOps, decodeView} from './codec.ts';
import {RECORDING_FORMAT, type Recording, type WireEntry} from './format.ts';
import {decodeShare, fitRecording, parseShareFragment, scrubRecording, SHARE_PREFIX} from './share.ts';
import {nextStepAfter, viewAt, ViewRecorder} from './viewRecorder.ts';
import {relativeWire, wireEntries} from './wireTap.ts';

/** Why a replay is on screen. */
export type ReplayReason =
  /** The demo server could not be reached and the reader chose the committed recording. */
  | 'offline'
  /** The page was opened from a share link. */
  | 'shared';

export interface ReplayState {
  recording: Recording;
  reason: ReplayReason;
  /** ms into the recording. */
  position: number;
  playing: boolean;
  /** The view at `position`, decoded. */
  view: unknown;
}

export type CommittedState =
  {kind: 'unknown'} | {kind: 'loading'} | {kind: 'none'} | {kind: 'ready'; recording: Recording};

export interface RecordingSnapshot {
  replay: ReplayState | null;
  committed: CommittedState;
  /** Set when a share link for this demo could not be opened. */
  sharedError: string | null;
  /** The last thing to announce politely (replay started, ended, live again). */
  announcement: string;
}

/** The connection statuses a demo reports (`DemoSocketStatus`). */
export type LiveStatus = 'connecting' | 'live' | 'offline' | 'closed';

/** What the record script reads from a page: `window.__overTheWire.recording('EchoConsole')`. */
interface RecordingHook {
  recording: (demo: string) => Recording | null;
}

declare global {
  interface Window {
    __overTheWire?: RecordingHook;
  }
}

const stores = new Map<string, RecordingStore>();

/** How often, at most, a live demo's value is recorded (its changes in between merge into one). */
export const RECORD_EVERY_MS = 100;

export class RecordingStore {
  readonly demo: string;
  readonly recorder = new ViewRecorder();
  #snapshot: RecordingSnapshot = {replay: null, committed: {kind: 'unknown'}, sharedError: null, announcement: ''};
  #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #playStartedAt = 0;
  #liveStatus: LiveStatus | null = null;
  #paths: readonly string[] | null = null;
  #recordingsUrl = '/recordings/';
  #serverUrl = '';
  #siteVersion = 'n/a';
  #pending: {value: unknown} | null = null;
  #recordTimer: ReturnType<typeof setTimeout> | null = null;
  #lastRecorded = 0;

  constructor(demo: string) {
    this.demo = demo;
    if (typeof window !== 'undefined') {
      stores.set(demo, this);
      window.__overTheWire ??= {recording: (name) => stores.get(name)?.liveRecording() ?? null};
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): RecordingSnapshot => this.#snapshot;

  #set(patch: Partial<RecordingSnapshot>): void {
    this.#snapshot = {...this.#snapshot, ...patch};
    for (const listener of this.#listeners) listener();
  }

  /** Where the site keeps committed recordings (with its base URL) and which server the demo talks to. */
  configure(options: {
    recordingsUrl: string;
    serverUrl: string;
    paths: readonly string[] | null;
    siteVersion: string;
  }): void {
    this.#recordingsUrl = options.recordingsUrl;
    this.#serverUrl = options.serverUrl;
    this.#paths = options.paths;
    this.#siteVersion = options.siteVersion;
  }

  /** What an export names: this page's demo server and the site's version. */
  get exportSettings(): {serverUrl: string; siteVersion: string} {
    return {serverUrl: this.#serverUrl, siteVersion: this.#siteVersion};
  }

  get liveStatus(): LiveStatus | null {
    return this.#liveStatus;
  }

  /**
   * The live demo's value after a render: recorded while live, at most once per `RECORD_EVERY_MS` (the latest value
   * wins; a change is never lost, only merged with the next), so a demo that redraws many times a second does not
   * spend its main thread encoding itself. Its status decides offers and the switch back at once.
   */
  observeLive(value: unknown, status: LiveStatus | null): void {
    const before = this.#liveStatus;
    this.#liveStatus = status;
    if (this.#snapshot.replay === null && status !== 'offline') {
      this.#pending = {value};
      if (this.#recordTimer === null) {
        const wait = this.#lastRecorded + RECORD_EVERY_MS - Date.now();
        if (wait <= 0) this.#flush();
        else this.#recordTimer = setTimeout(() => this.#flush(), wait);
      }
    }
    if (status === 'offline' && before !== 'offline') void this.loadCommitted();
    const replay = this.#snapshot.replay;
    if (replay?.reason === 'offline' && status === 'live' && before !== 'live') {
      this.stopReplay('The demo server is back: this demo is live again.');
    }
  }

  /** Records the latest value now, if one waits. */
  #flush(): void {
    if (this.#recordTimer !== null) clearTimeout(this.#recordTimer);
    this.#recordTimer = null;
    const pending = this.#pending;
    this.#pending = null;
    if (pending === null) return;
    this.#lastRecorded = Date.now();
    this.recorder.observe(pending.value);
  }

  /** Fetches the committed recording of this demo once (from the site, not the demo server). */
  async loadCommitted(): Promise<void> {
    if (this.#snapshot.committed.kind !== 'unknown') return;
    this.#set({committed: {kind: 'loading'}});
    try {
      const response = await fetch(`${this.#recordingsUrl}${this.demo}.json`);
      const recording = response.ok ? ((await response.json()) as Recording) : null;
      if (recording?.format === RECORDING_FORMAT && recording.demo === this.demo) {
        this.#set({committed: {kind: 'ready', recording}});
      } else {
        this.#set({committed: {kind: 'none'}});
      }
    } catch {
      this.#set({committed: {kind: 'none'}});
    }
  }

  /** Opens the share link in the page's address, if it is one for this demo. */
  async openSharedFromLocation(): Promise<boolean> {
    if (typeof window === 'undefined') return false;
    const parsed = parseShareFragment(window.location.hash);
    if (parsed?.demo !== this.demo) return false;
    try {
      const recording = await decodeShare(this.demo, parsed.data);
      this.startReplay(recording, 'shared');
      return true;
    } catch (error) {
      this.#set({sharedError: error instanceof Error ? error.message : String(error)});
      return false;
    }
  }

  startReplay(recording: Recording, reason: ReplayReason): void {
    this.#clearTimer();
    this.#set({
      replay: {recording, reason, position: 0, playing: true, view: decodeView(viewAt(recording, 0))},
      announcement: `Playing a recording of this demo from ${formatDate(recording.recordedAt)}. It is not live.`,
    });
    this.#playFrom(0);
  }

  #playFrom(position: number): void {
    this.#clearTimer();
    this.#playStartedAt = Date.now() - position;
    this.#schedule();
  }

  #schedule(): void {
    const replay = this.#snapshot.replay;
    if (!replay?.playing) return;
    const {recording} = replay;
    const next = nextStepAfter(recording.steps, replay.position);
    const end = Math.max(recording.duration, recording.steps[recording.steps.length - 1]?.t ?? 0);
    if (next === null && replay.position >= end) {
      this.#set({
        replay: {...replay, playing: false, position: end},
        announcement: 'The recording has ended.',
      });
      return;
    }
    // Wake at the next change, or within a second to move the clock on.
    const target = Math.min(next ?? end, Math.floor(replay.position / 1000) * 1000 + 1000, end);
    this.#timer = setTimeout(
      () => {
        const now = this.#snapshot.replay;
        if (!now?.playing) return;
        const position = Math.min(Date.now() - this.#playStartedAt, end);
        const changed = recording.steps.some((step) => step.t > now.position && step.t <= position);
        this.#snapshot = {
          ...this.#snapshot,
          replay: {...now, position, view: changed ? decodeView(viewAt(recording, position)) : now.view},
        };
        for (const listener of this.#listeners) listener();
        this.#schedule();
      },
      Math.max(0, target - (Date.now() - this.#playStartedAt)),
    );
  }

  pause(): void {
    const replay = this.#snapshot.replay;
    if (!replay) return;
    this.#clearTimer();
    // Where the clock is now, between two ticks.
    const end = Math.max(replay.recording.duration, replay.recording.steps.at(-1)?.t ?? 0);
    const position = replay.playing ? Math.min(Date.now() - this.#playStartedAt, end) : replay.position;
    this.#set({
      replay: {...replay, playing: false, position, view: decodeView(viewAt(replay.recording, position))},
    });
  }

  resume(): void {
    const replay = this.#snapshot.replay;
    if (!replay || replay.playing) return;
    const end = Math.max(replay.recording.duration, replay.recording.steps.at(-1)?.t ?? 0);
    const position = replay.position >= end ? 0 : replay.position;
    this.#set({
      replay: {...replay, playing: true, position, view: decodeView(viewAt(replay.recording, position))},
    });
    this.#playFrom(position);
  }

  restart(): void {
    const replay = this.#snapshot.replay;
    if (!replay) return;
    this.#set({replay: {...replay, playing: true, position: 0, view: decodeView(viewAt(replay.recording, 0))}});
    this.#playFrom(0);
  }

  stopReplay(announcement = 'Back to the live demo.'): void {
    this.#clearTimer();
    if (this.#snapshot.replay?.reason === 'shared' && typeof window !== 'undefined') {
      if (window.location.hash.startsWith(SHARE_PREFIX)) {
        window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
      }
    }
    this.#set({replay: null, announcement});
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** The exchanges this demo had with the server (all of them when it named no paths), epoch-ms times. */
  wire(): WireEntry[] {
    const paths = this.#paths;
    const all = wireEntries();
    if (paths === null) return all;
    return all.filter((entry) => {
      const {pathname} = new URL(entry.url);
      return paths.some((path) => pathname.endsWith(path) || pathname.includes(`${path}/`));
    });
  }

  /** The live run so far as a recording (null before the demo first drew). */
  liveRecording(): Recording | null {
    this.#flush();
    if (!this.recorder.started) return null;
    const recorded = this.recorder.snapshot();
    const wire = this.wire().filter((entry) => entry.timings.start >= recorded.startedAt - 60_000);
    const last = recorded.steps.at(-1)?.t ?? 0;
    return {
      format: RECORDING_FORMAT,
      demo: this.demo,
      source: 'committed',
      recordedAt: new Date(recorded.startedAt).toISOString(),
      server: {version: null, url: this.#serverUrl},
      startedAt: recorded.startedAt,
      duration: Math.max(last, Date.now() - recorded.startedAt),
      view: recorded.view,
      steps: recorded.steps,
      wire: relativeWire(wire, recorded.startedAt),
    };
  }

  /** A share link for the live run: scrubbed, compressed, fitted. */
  async shareLink(): Promise<{url: string; chars: number; dropped: 'nothing' | 'wire' | 'older changes'} | null> {
    const recording = this.liveRecording();
    if (recording === null) return null;
    const scrubbed = scrubRecording(recording, navigator.userAgent);
    const {data, dropped} = await fitRecording(scrubbed, applyOps);
    const url = `${window.location.origin}${window.location.pathname}${SHARE_PREFIX}${this.demo}.${data}`;
    return {url, chars: data.length, dropped};
  }

  dispose(): void {
    this.#clearTimer();
    if (this.#recordTimer !== null) clearTimeout(this.#recordTimer);
    if (stores.get(this.demo) === this) stores.delete(this.demo);
  }
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'});
}
