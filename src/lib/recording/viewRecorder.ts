/**
 * Records a demo's view as it changes (`ViewRecorder`) and plays a recorded one back (`viewAt`, `nextStepAfter`).
 * Framework-free: the React side (`useRecordable`) feeds it each new value of the demo's state hook.
 */
import {applyOps, diffView, encodeView} from './codec.ts';
import type {Encoded, ViewStep} from './format.ts';

/** Bounds of one live recording: older changes are folded into the first view once either is passed. */
export const VIEW_RECORDING_LIMITS = {
  /** Changes kept. */
  maxSteps: 2_000,
  /** Characters of JSON the kept changes may take. */
  maxChars: 2_000_000,
} as const;

export interface RecordedView {
  /** Epoch ms of the first view. */
  startedAt: number;
  view: Encoded;
  steps: ViewStep[];
}

export class ViewRecorder {
  #startedAt = 0;
  #base: Encoded = null;
  #last: Encoded = null;
  #steps: {step: ViewStep; chars: number}[] = [];
  #chars = 0;
  #started = false;
  readonly #now: () => number;
  readonly #limits: {maxSteps: number; maxChars: number};

  constructor(options: {now?: () => number; limits?: {maxSteps: number; maxChars: number}} = {}) {
    this.#now = options.now ?? Date.now;
    this.#limits = options.limits ?? VIEW_RECORDING_LIMITS;
  }

  get started(): boolean {
    return this.#started;
  }

  /** Takes the demo's current value; records a change when it differs from the last one. */
  observe(value: unknown): void {
    const encoded = encodeView(value) ?? null;
    const now = this.#now();
    if (!this.#started) {
      this.#started = true;
      this.#startedAt = now;
      this.#base = encoded;
      this.#last = encoded;
      return;
    }
    const ops = diffView(this.#last, encoded);
    if (ops.length === 0) return;
    this.#last = encoded;
    const step: ViewStep = {t: now - this.#startedAt, ops};
    const chars = JSON.stringify(ops).length;
    this.#steps.push({step, chars});
    this.#chars += chars;
    if (this.#steps.length > this.#limits.maxSteps || this.#chars > this.#limits.maxChars) this.#fold();
  }

  /** Folds the oldest quarter of the changes into the first view, so the recording keeps its most recent part. */
  #fold(): void {
    const count = Math.max(1, Math.ceil(this.#steps.length / 4));
    const folded = this.#steps.splice(0, count);
    for (const {step, chars} of folded) {
      this.#base = applyOps(this.#base, step.ops);
      this.#chars -= chars;
    }
    const shift = folded[folded.length - 1]?.step.t ?? 0;
    this.#startedAt += shift;
    for (const {step} of this.#steps) step.t -= shift;
  }

  /** Drops everything: the next value observed starts a new recording. */
  reset(): void {
    this.#started = false;
    this.#steps = [];
    this.#chars = 0;
    this.#base = null;
    this.#last = null;
  }

  /** What was recorded so far (a copy of the list; steps are not changed after they are recorded, except by a fold). */
  snapshot(): RecordedView {
    return {
      startedAt: this.#startedAt,
      view: this.#base,
      steps: this.#steps.map(({step}) => ({t: step.t, ops: step.ops})),
    };
  }
}

/** The view after every step at or before `t` ms. */
export function viewAt(recorded: {view: Encoded; steps: readonly ViewStep[]}, t: number): Encoded {
  let view = recorded.view;
  for (const step of recorded.steps) {
    if (step.t > t) break;
    view = applyOps(view, step.ops);
  }
  return view;
}

/** The time of the first step after `t`, or null when there is none. */
export function nextStepAfter(steps: readonly ViewStep[], t: number): number | null {
  for (const step of steps) if (step.t > t) return step.t;
  return null;
}
