/**
 * Runs fuzz inputs against the server under fuzzing, one at a time so each
 * cost is the input's own, and turns what happened into findings:
 *
 * - crash: the process was gone after the input (its stderr is kept);
 * - stall: the event loop was blocked for more than STALL_MS while it was served;
 * - memory: resident memory rose by more than MEMORY_GROWTH_BYTES while it was served;
 * - answer: the answer was not of the documented kind (a 500, a refusal that is
 *   not problem details, a close 1011 saying the server failed, no answer at all);
 * - not serving: the server did not answer a health check right after.
 *
 * A machine this size is noisy, so a stall or a memory rise counts only when
 * the same input does it again in at least one of two replays; a crash is
 * replayed too, to say whether it reproduces.
 */
import fc from 'fast-check';
import {ServerUnderFuzz} from './harness.ts';
import {MEMORY_GROWTH_BYTES, RETAINED_HEAP_BYTES, STALL_MS, type Probe} from './protocol.ts';
import type {Target} from './targets.ts';
import {exchange} from './wire.ts';

export type FindingKind = 'crash' | 'stall' | 'memory' | 'answer' | 'not serving';

export interface Finding {
  target: string;
  kind: FindingKind;
  detail: string;
  /** The input, exactly (Latin-1 strings for bytes). */
  input: unknown;
  /** How to generate it again: the target's arbitrary sampled with this seed, at this index. */
  seed: number;
  index: number;
}

export interface Tally {
  inputs: number;
  /** The longest event-loop block and the largest memory rise any input caused, confirmed or not. */
  maxDelayMs: number;
  maxRssRiseBytes: number;
  /** Stalls and rises that did not happen again on replay (noise). */
  unconfirmed: number;
  /** The first few of those, described, so noise can be told from a rare real stall. */
  noise: string[];
  elapsedMs: number;
}

/** Keeps one server under fuzzing running: a crashed one is replaced before the next input. */
export class Fuzzer {
  #server: ServerUnderFuzz | null = null;
  readonly tally: Tally = {
    inputs: 0,
    maxDelayMs: 0,
    maxRssRiseBytes: 0,
    unconfirmed: 0,
    noise: [],
    elapsedMs: 0,
  };

  async server(): Promise<ServerUnderFuzz> {
    if (this.#server === null || !this.#server.alive) {
      this.#server?.kill();
      this.#server = await ServerUnderFuzz.start();
    }
    return this.#server;
  }

  /** One input, measured: its problems, what it cost, and whether the server survived. */
  async #attempt<I>(
    target: Target<I>,
    input: I,
  ): Promise<{problems: string[]; probe: Probe | null; death: string | null}> {
    const server = await this.server();
    await server.reset();
    let problems: string[];
    try {
      problems = await target.run(input, {port: server.port, server});
    } catch (error) {
      problems = [`the fuzzer could not send it: ${error instanceof Error ? error.message : String(error)}`];
    }
    const probe = await server.read();
    if (probe === null || !server.alive) {
      // Give the process a moment to be reaped, so its stderr is complete.
      await new Promise((resolve) => setTimeout(resolve, 100));
      server.kill();
      return {problems, probe: null, death: server.death};
    }
    const health = await exchange(server.port, [Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\n\r\n')], {
      deadlineMs: 3_000,
      settleMs: 5,
    });
    if (health.answers[0]?.status !== 200)
      problems.push(`not serving: /health got ${health.answers[0]?.status ?? 'no answer'}`);
    return {problems, probe, death: null};
  }

  /** Runs one input and returns its findings (confirmed by replay where the measure is noisy). */
  async run<I>(target: Target<I>, input: I, seed: number, index: number): Promise<Finding[]> {
    const started = Date.now();
    const finding = (kind: FindingKind, detail: string): Finding => ({
      target: target.name,
      kind,
      detail,
      input,
      seed,
      index,
    });
    const first = await this.#attempt(target, input);
    this.tally.inputs += 1;
    const findings: Finding[] = [];
    if (first.death !== null) {
      const again = await this.#attempt(target, input);
      findings.push(finding('crash', `${again.death === null ? 'once, not on replay' : 'every time'}: ${first.death}`));
    } else if (first.probe !== null) {
      const delay = first.probe.maxDelayMs;
      const rise = first.probe.peakRssBytes - first.probe.baseRssBytes;
      this.tally.maxDelayMs = Math.max(this.tally.maxDelayMs, delay);
      this.tally.maxRssRiseBytes = Math.max(this.tally.maxRssRiseBytes, rise);
      if (delay > STALL_MS || rise > MEMORY_GROWTH_BYTES) {
        const replays = [await this.#attempt(target, input), await this.#attempt(target, input)];
        const stalls = replays
          .filter((r) => (r.probe?.maxDelayMs ?? 0) > STALL_MS)
          .map((r) => r.probe?.maxDelayMs ?? 0);
        const rises = replays
          .filter((r) => r.probe !== null && r.probe.peakRssBytes - r.probe.baseRssBytes > MEMORY_GROWTH_BYTES)
          .map((r) => (r.probe ? r.probe.peakRssBytes - r.probe.baseRssBytes : 0));
        if (delay > STALL_MS && stalls.length > 0) {
          findings.push(
            finding(
              'stall',
              `blocked the event loop ${[delay, ...stalls].map((d) => `${Math.round(d)} ms`).join(', ')}`,
            ),
          );
        } else if (delay > STALL_MS)
          this.#noise(
            finding(
              'stall',
              `${Math.round(delay)} ms once, then ${replays.map((r) => `${Math.round(r.probe?.maxDelayMs ?? 0)} ms`).join(', ')}`,
            ),
          );
        if (rise > MEMORY_GROWTH_BYTES && rises.length > 0) {
          findings.push(
            finding(
              'memory',
              `raised resident memory by ${[rise, ...rises].map((r) => `${(r / 2 ** 20).toFixed(0)} MiB`).join(', ')}`,
            ),
          );
        } else if (rise > MEMORY_GROWTH_BYTES)
          this.#noise(finding('memory', `${(rise / 2 ** 20).toFixed(0)} MiB once`));
      }
    }
    for (const problem of first.problems)
      findings.push(finding(problem.startsWith('not serving') ? 'not serving' : 'answer', problem));
    this.tally.elapsedMs += Date.now() - started;
    return findings;
  }

  #noise(finding: Finding): void {
    this.tally.unconfirmed += 1;
    if (this.tally.noise.length < 20) this.tally.noise.push(describeFinding(finding));
  }

  /** `count` inputs of one target, generated from `seed`: every finding. */
  async runTarget(target: Target<unknown>, seed: number, count: number): Promise<Finding[]> {
    const inputs = fc.sample(target.input, {seed, numRuns: count});
    const findings: Finding[] = [];
    for (const [index, input] of inputs.entries()) findings.push(...(await this.run(target, input, seed, index)));
    return findings;
  }

  /**
   * After a full collection, what the server still holds; a finding when that
   * is past RETAINED_HEAP_BYTES (memory that grows with the inputs sent, not
   * with any one of them).
   */
  async retained(): Promise<{heapUsedBytes: number; finding: Finding | null}> {
    const probe = await (await this.server()).collect();
    const heapUsedBytes = probe?.heapUsedBytes ?? 0;
    const finding: Finding | null =
      heapUsedBytes > RETAINED_HEAP_BYTES
        ? {
            target: 'all',
            kind: 'memory',
            detail: `after ${this.tally.inputs} inputs the server holds ${(heapUsedBytes / 2 ** 20).toFixed(0)} MiB of heap after a full collection`,
            input: null,
            seed: 0,
            index: 0,
          }
        : null;
    return {heapUsedBytes, finding};
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
    this.#server = null;
  }
}

/** A finding as text: what, where, and the input (bytes escaped, long runs shortened). */
export function describeFinding(finding: Finding): string {
  if (finding.input === null) return `[${finding.kind}] ${finding.target}: ${finding.detail}`;
  const input = JSON.stringify(finding.input, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 400 ? `${value.slice(0, 300)}… (${value.length} characters)` : value,
  );
  return [
    `[${finding.kind}] ${finding.target}: ${finding.detail}`,
    `  input: ${input.length > 3_000 ? `${input.slice(0, 3_000)}…` : input}`,
    `  replay: npm run fuzz -- --replay ${finding.target} ${finding.seed} ${finding.index}`,
  ].join('\n');
}
