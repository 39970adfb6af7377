/**
 * The figures of the permessage-deflate benchmark (scripts/bench-deflate.mts) and the words around them
 * (docs/websocket/_deflate-results.md), computed from the measurement itself: the medians over the runs of
 * each mode, and what compression saves and costs against no compression. Pure functions;
 * scripts/bench-deflate.mts measures and calls them.
 */
import {busy, loadRange, type LoadRange} from './bench-run.mts';

/** What one run of one mode measured. */
export interface DeflateFigures {
  /** Bytes the client wrote to TCP per message, frame header and mask included. */
  wireBytesPerMessage: number;
  /** The server's CPU time (user and system) per message echoed, in µs. */
  serverCpuMicrosPerMessage: number;
  /** The server's RSS after the messages minus before the connections, per connection, in KiB. */
  serverKiBPerConnection: number;
}

/** The runs of each mode: without compression, and with it as the deflate endpoint has it. */
export interface DeflateRuns {
  off: readonly DeflateFigures[];
  deflate: readonly DeflateFigures[];
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Each figure's median over the runs, figure by figure. */
export function medians(runs: readonly DeflateFigures[]): DeflateFigures {
  return {
    wireBytesPerMessage: median(runs.map((run) => run.wireBytesPerMessage)),
    serverCpuMicrosPerMessage: median(runs.map((run) => run.serverCpuMicrosPerMessage)),
    serverKiBPerConnection: median(runs.map((run) => run.serverKiBPerConnection)),
  };
}

/** The table: a row per mode, the medians over the runs. */
export function resultsTable(runs: DeflateRuns): string {
  const header = [
    'permessage-deflate',
    'Bytes on the wire per message',
    'Server CPU per message (compress + decompress)',
    'Server memory per connection',
  ];
  const row = (mode: string, figures: DeflateFigures) =>
    `| ${mode} | ${Math.round(figures.wireBytesPerMessage).toLocaleString('en-US')} | ` +
    `${Math.round(figures.serverCpuMicrosPerMessage)} µs | ${Math.round(figures.serverKiBPerConnection)} KiB |`;
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    row('off', medians(runs.off)),
    row('on', medians(runs.deflate)),
  ].join('\n');
}

function times(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)} times` : `${ratio.toFixed(1)} times`;
}

/**
 * What compression trades, from the medians: how many times fewer bytes, how many times the CPU, how much more
 * memory each connection holds, and what that memory comes to for `connections` open at once.
 */
export function tradeSentence(runs: DeflateRuns, connections: number): string {
  const off = medians(runs.off);
  const on = medians(runs.deflate);
  const extraKiB = on.serverKiBPerConnection - off.serverKiBPerConnection;
  const extraTotal = (extraKiB * connections) / 1024 / 1024;
  return (
    `${times(off.wireBytesPerMessage / on.wireBytesPerMessage)} fewer bytes, for ` +
    `${times(on.serverCpuMicrosPerMessage / off.serverCpuMicrosPerMessage)} the CPU per message and ` +
    `${Math.round(extraKiB)} KiB more memory for every open connection — the compression windows that context ` +
    `takeover keeps. On a server holding ${connections.toLocaleString('en-US')} idle-but-open connections, that ` +
    `is ${extraTotal.toFixed(1)} GiB.`
  );
}

/** What the benchmark ran and on what, as the results partial says it. */
export interface DeflateRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  /** The command that reproduces the run. */
  command: string;
  nodeVersion: string;
  wsVersion: string;
  cpuCores: number;
  connections: number;
  messages: number;
  messageBytes: number;
  /** Whether every connection of the deflate runs negotiated permessage-deflate. */
  negotiated: boolean;
  loadAverage: LoadRange;
  runs: DeflateRuns;
}

/** The connections held open in the sentence on memory: the order of a busy server's. */
export const HELD_CONNECTIONS = 10_000;

/** The whole results partial as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: DeflateRun): string {
  const count = Math.min(run.runs.off.length, run.runs.deflate.length);
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-deflate.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\`: ${run.connections.toLocaleString('en-US')} connections, ` +
      `each sending ${run.messages} JSON updates of ${run.messageBytes.toLocaleString('en-US')} bytes and reading ` +
      `the echo; ${count === 1 ? 'one run' : `the median of ${count} runs`} of each mode. Node ${run.nodeVersion}, ` +
      `\`ws\` ${run.wsVersion}, Linux, ${run.cpuCores} CPU cores shared with other work (a one-minute load ` +
      `average ${loadRange(run.loadAverage)} during the run` +
      (busy(run.loadAverage, run.cpuCores) ? ', which weighs on the CPU times' : '') +
      ').' +
      (run.negotiated ? '' : ' **Some connections did not negotiate permessage-deflate.**'),
    '',
    resultsTable(run.runs),
    '',
    tradeSentence(run.runs, HELD_CONNECTIONS),
    '',
  ].join('\n');
}
