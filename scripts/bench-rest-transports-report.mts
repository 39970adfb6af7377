/**
 * The figures of the REST-transports benchmark (scripts/bench-rest-transports.mts) and the words around them
 * (docs/rest/_rest-transports-results.md), computed from the measurement itself: the median bytes and time of
 * each request over HTTP and over /ws/rest, the sequence's totals, and when the handshake is repaid.
 * Pure functions; scripts/bench-rest-transports.mts measures and calls them.
 */
import {percentile} from '../src/lib/realtime/delays.ts';
import {busy, loadRange, type LoadRange} from './bench-run.mts';

/** One request as measured over one transport: bytes on the wire each way, and the time to its whole answer. */
export interface RequestFigures {
  bytesUp: number;
  bytesDown: number;
  ms: number;
}

/** The medians of one step of the sequence over each transport. */
export interface StepMedians {
  name: string;
  http: RequestFigures;
  ws: RequestFigures;
}

function median(values: readonly number[]): number {
  const value = percentile(values, 50);
  if (value === null) throw new Error('no rounds measured');
  return value;
}

/** Each figure's median over the rounds, figure by figure (nearest rank). */
export function medians(rounds: readonly RequestFigures[]): RequestFigures {
  return {
    bytesUp: median(rounds.map((r) => r.bytesUp)),
    bytesDown: median(rounds.map((r) => r.bytesDown)),
    ms: median(rounds.map((r) => r.ms)),
  };
}

/** The sequence's totals over one transport: the sum of its steps' medians. */
export function sequenceTotals(steps: readonly StepMedians[], transport: 'http' | 'ws'): {bytes: number; ms: number} {
  return steps.reduce(
    (sum, step) => ({
      bytes: sum.bytes + step[transport].bytesUp + step[transport].bytesDown,
      ms: sum.ms + step[transport].ms,
    }),
    {bytes: 0, ms: 0},
  );
}

function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** The table: a row per step, then the sequence's totals in bold. */
export function resultsTable(steps: readonly StepMedians[]): string {
  const header = [
    'Request',
    'HTTP bytes up / down',
    'WebSocket bytes up / down',
    'HTTP time (median)',
    'WebSocket time (median)',
  ];
  const http = sequenceTotals(steps, 'http');
  const ws = sequenceTotals(steps, 'ws');
  const bytes = (n: number) => n.toLocaleString('en-US');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...steps.map(
      (step) =>
        `| ${step.name} | ${bytes(step.http.bytesUp)} / ${bytes(step.http.bytesDown)} | ` +
        `${bytes(step.ws.bytesUp)} / ${bytes(step.ws.bytesDown)} | ${ms(step.http.ms)} | ${ms(step.ws.ms)} |`,
    ),
    `| **Sequence** | **${bytes(http.bytes)}** | **${bytes(ws.bytes)}** | **${ms(http.ms)}** | **${ms(ws.ms)}** |`,
  ].join('\n');
}

/** What the handshake costs, and after how many sequences the bytes the WebSocket saves have paid for it. */
export function handshakeSentence(steps: readonly StepMedians[], handshakeBytes: number): string {
  const saved = sequenceTotals(steps, 'http').bytes - sequenceTotals(steps, 'ws').bytes;
  const took = `The WebSocket's opening handshake took ${handshakeBytes.toLocaleString('en-US')} bytes, once for the connection`;
  if (saved <= 0) return `${took}, and its sequence took no fewer bytes than HTTP's: it never repays the handshake.`;
  const sequences = Math.ceil(handshakeBytes / saved);
  return (
    `${took}; it saves ${saved.toLocaleString('en-US')} bytes a sequence, so it has repaid the handshake ` +
    (sequences <= 1 ? 'within the first sequence.' : `after ${sequences.toLocaleString('en-US')} sequences.`)
  );
}

/** What the benchmark ran and on what, as the results partial says it. */
export interface RestTransportsRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  /** The command that reproduces the run. */
  command: string;
  nodeVersion: string;
  cpuModel: string;
  cpuCores: number;
  /** Measured rounds of the sequence over each transport, and the rounds before them not counted. */
  rounds: number;
  warmUp: number;
  /** The lowest and highest one-minute load average (`os.loadavg()`) sampled during the run. */
  loadAverage: LoadRange;
  steps: readonly StepMedians[];
  handshakeBytes: number;
}

/** The whole results partial as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: RestTransportsRun): string {
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-rest-transports.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\`: the demo's sequence ${run.rounds} times over each transport, ` +
      `taking turns, after ${run.warmUp} rounds of each not counted; the medians of each request, and the ` +
      "sequence's row adds them up. Node " +
      `${run.nodeVersion}, ${run.cpuModel} (${run.cpuCores} CPU cores shared with other work: a one-minute load ` +
      `average ${loadRange(run.loadAverage)} during the run), loopback` +
      (busy(run.loadAverage, run.cpuCores)
        ? ', so the times say more about that load than about the two code paths:'
        : ':'),
    '',
    resultsTable(run.steps),
    '',
    handshakeSentence(run.steps, run.handshakeBytes),
    '',
  ].join('\n');
}
