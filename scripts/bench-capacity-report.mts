/**
 * The capacity benchmark's figures and the words around them
 * (docs/operate/_capacity-results.md), computed from the measurement itself:
 * medians over rounds, ratios to the anchor, their spread and the targets.
 * Pure functions; scripts/bench-capacity.mts measures and calls them.
 */
import {percentile} from '../src/lib/realtime/delays.ts';
import type {CapacityTransport} from './capacity/protocol.mts';

/** What one phase (one server, one transport, one round) measured. */
export interface PhaseResult {
  /** Connections set up. */
  opened: number;
  /** Connections refused or failed during setup. */
  failed: number;
  /** Setups completed per second, from the first attempt to the last setup. */
  setupsPerSecond: number;
  /** The server's CPU time (user and system) per setup, in µs. */
  setupCpuUs: number;
  /** The server's CPU time from the emission until every connection had the event, in ms. */
  fanOutCpuMs: number;
  /** Server RSS before the setups (after the warm-up and a GC), in bytes. */
  rssIdle: number;
  /** Server RSS after the setups minus before, after a GC each time, per 1,000 connections, in bytes. */
  rssPer1000: number;
  /** Delay from the event's emission in the server to its arrival in the client, for each connection it reached. */
  delays: readonly number[];
}

/** One round of one transport: both servers, measured one after the other. */
export interface RoundResult {
  ours: PhaseResult;
  anchor: PhaseResult;
}

export const MEASURES = ['setupsPerSecond', 'setupCpu', 'rssPer1000', 'fanOutP50', 'fanOutP99', 'fanOutCpu'] as const;
export type Measure = (typeof MEASURES)[number];

/** The targets of issue #17: ours / anchor must stay on the right side of these. */
export const TARGETS: Readonly<Partial<Record<Measure, {atMost?: number; atLeast?: number}>>> = {
  setupsPerSecond: {atLeast: 0.8},
  rssPer1000: {atMost: 1.2},
  fanOutP99: {atMost: 1.0},
};

/** The median (the mean of the two middle values for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One measure of one phase. A fan-out that reached no connection has no delay (NaN). */
export function measureOf(phase: PhaseResult, measure: Measure): number {
  switch (measure) {
    case 'setupsPerSecond':
      return phase.setupsPerSecond;
    case 'setupCpu':
      return phase.setupCpuUs;
    case 'fanOutCpu':
      return phase.fanOutCpuMs;
    case 'rssPer1000':
      return phase.rssPer1000;
    case 'fanOutP50':
      return percentile(phase.delays, 50) ?? Number.NaN;
    case 'fanOutP99':
      return percentile(phase.delays, 99) ?? Number.NaN;
  }
}

export interface MeasureSummary {
  measure: Measure;
  /** Medians over the rounds. */
  ours: number;
  anchor: number;
  /** Median over the rounds of each round's ours / anchor: each ratio compares two phases run side by side. */
  ratio: number;
  /** Smallest and largest of the rounds' ratios. */
  ratioMin: number;
  ratioMax: number;
  /** Whether the ratio meets its target; undefined for a measure without one. */
  meetsTarget: boolean | undefined;
}

export function summarize(rounds: readonly RoundResult[], measure: Measure): MeasureSummary {
  const ours = rounds.map((round) => measureOf(round.ours, measure));
  const anchor = rounds.map((round) => measureOf(round.anchor, measure));
  const ratios = rounds.map((_, i) => (ours[i] ?? Number.NaN) / (anchor[i] ?? Number.NaN));
  const ratio = median(ratios);
  const target = TARGETS[measure];
  return {
    measure,
    ours: median(ours),
    anchor: median(anchor),
    ratio,
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    meetsTarget:
      target === undefined
        ? undefined
        : (target.atMost === undefined || ratio <= target.atMost) &&
          (target.atLeast === undefined || ratio >= target.atLeast),
  };
}

const TRANSPORT_NAMES: Record<CapacityTransport, string> = {
  ws: 'WebSocket (`/ws/events`)',
  sse: 'Server-Sent Events (`/events/stream`)',
  longPoll: 'Long polling (`/events/long-poll`)',
};

const MEASURE_NAMES: Record<Measure, string> = {
  setupsPerSecond: 'Setups per second',
  setupCpu: 'Server CPU per setup',
  fanOutCpu: 'Server CPU per fan-out',
  rssPer1000: 'RSS per 1,000 connections',
  fanOutP50: 'Fan-out delay p50',
  fanOutP99: 'Fan-out delay p99',
};

/** A measure's value with its unit, rounded as far as the machine's noise allows. */
export function formatValue(measure: Measure, value: number): string {
  if (Number.isNaN(value)) return '—';
  switch (measure) {
    case 'setupsPerSecond':
      return Math.round(value).toLocaleString('en-US');
    case 'setupCpu':
      return `${Math.round(value)} µs`;
    case 'fanOutCpu':
      return `${Math.round(value)} ms`;
    case 'rssPer1000':
      return `${(value / 1024 / 1024).toFixed(1)} MiB`;
    case 'fanOutP50':
    case 'fanOutP99':
      return `${Math.round(value)} ms`;
  }
}

export function formatTarget(measure: Measure): string {
  const target = TARGETS[measure];
  if (target === undefined) return '—';
  return target.atMost === undefined ? `≥ ${target.atLeast?.toFixed(1)}×` : `≤ ${target.atMost.toFixed(1)}×`;
}

function formatRatio(ratio: number): string {
  return Number.isNaN(ratio) ? '—' : `${ratio.toFixed(2)}×`;
}

/** The table: a row per transport and measure. */
export function resultsTable(results: Readonly<Partial<Record<CapacityTransport, readonly RoundResult[]>>>): string {
  const header = ['Transport', 'Measure', 'Demo server', 'Anchor', 'Ratio', 'Rounds’ ratios', 'Target'];
  const rows: string[][] = [];
  for (const [transport, rounds] of Object.entries(results) as [CapacityTransport, readonly RoundResult[]][]) {
    for (const measure of MEASURES) {
      const summary = summarize(rounds, measure);
      const verdict = summary.meetsTarget === undefined ? '' : summary.meetsTarget ? ' met' : ' **missed**';
      rows.push([
        TRANSPORT_NAMES[transport],
        MEASURE_NAMES[measure],
        formatValue(measure, summary.ours),
        formatValue(measure, summary.anchor),
        formatRatio(summary.ratio),
        `${formatRatio(summary.ratioMin)}–${formatRatio(summary.ratioMax)}`,
        `${formatTarget(measure)}${verdict}`,
      ]);
    }
  }
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

const TRANSPORT_KINDS: Record<CapacityTransport, string> = {
  ws: 'WebSockets',
  sse: 'event streams',
  longPoll: 'parked long polls',
};

/** The memory of the small instance the sizing sentence speaks of. */
export const SMALL_INSTANCE_MIB = 512;

function joinOr(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * What the demo server's figures mean for sizing: its RSS at rest, what each 1,000 connections of each
 * kind add (medians over the rounds), and what `connections` of every kind at once come to.
 */
export function sizingSentence(
  results: Readonly<Partial<Record<CapacityTransport, readonly RoundResult[]>>>,
  connections: number,
): string {
  const entries = Object.entries(results) as [CapacityTransport, readonly RoundResult[]][];
  const idle = median(entries.flatMap(([, rounds]) => rounds.map((round) => round.ours.rssIdle)));
  const perKind = entries.map(([transport, rounds]) => ({
    transport,
    per1000: median(rounds.map((round) => round.ours.rssPer1000)),
  }));
  const total = idle + perKind.reduce((sum, {per1000}) => sum + (per1000 * connections) / 1000, 0);
  const parts = perKind.map(({transport, per1000}) => `${mebibytes(per1000)} per 1,000 ${TRANSPORT_KINDS[transport]}`);
  const all = entries.length === 1 ? 'of them' : 'of each kind';
  const budget = SMALL_INSTANCE_MIB * 1024 * 1024;
  const fits = perKind.map(
    ({transport, per1000}) =>
      `${(Math.floor((budget - idle) / per1000) * 1000).toLocaleString('en-US')} ${TRANSPORT_KINDS[transport]}`,
  );
  return (
    `For sizing: the demo server's process holds ${mebibytes(idle)} of RSS at rest (after the warm-up), and ` +
    `adds ${parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`}; ` +
    `${connections.toLocaleString('en-US')} ${all} at once come to about ${mebibytes(total)}. ` +
    `In ${SMALL_INSTANCE_MIB} MiB of RSS it holds about ${joinOr(fits)} alone ` +
    "(the kernel's socket buffers come on top, outside the process's RSS)."
  );
}

/** What the benchmark ran and on what, as the results file says it. */
export interface CapacityRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  command: string;
  nodeVersion: string;
  cpuCores: number;
  connections: number;
  rounds: number;
  seconds: number;
  /** One-minute load average when the run started and when it ended. */
  loadBefore: number;
  loadAfter: number;
  /** Setups refused or failed over the whole run, both servers. */
  failed: number;
  results: Readonly<Partial<Record<CapacityTransport, readonly RoundResult[]>>>;
}

/** The whole results file as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: CapacityRun): string {
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-capacity.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\`: ${run.connections.toLocaleString('en-US')} connections of each kind, ` +
      `${run.rounds} ${run.rounds === 1 ? 'round' : 'rounds'}, ${Math.round(run.seconds)} s in all; Node ${run.nodeVersion}; ${run.cpuCores} CPU cores shared ` +
      `by the servers, the clients and whatever else ran (load average ${run.loadBefore.toFixed(1)} at the start, ` +
      `${run.loadAfter.toFixed(1)} at the end). ` +
      (run.failed === 0
        ? 'Every connection was set up.'
        : `${run.failed.toLocaleString('en-US')} setups failed over the run; the figures count those that succeeded.`),
    '',
    resultsTable(run.results),
    '',
    sizingSentence(run.results, run.connections),
    '',
  ].join('\n');
}
