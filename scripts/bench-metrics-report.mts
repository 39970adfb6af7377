/**
 * The figures of the scrape benchmark (scripts/bench-metrics.mts) and the words around them
 * (docs/operate/_metrics-results.md), computed from the measurement itself: the size of the text, the
 * time to build it in the server and to fetch it, and whether it grew with the connections.
 * Pure functions; scripts/bench-metrics.mts measures and calls them.
 */
import {percentile} from '../src/lib/realtime/delays.ts';
import {busy, loadRange, type LoadRange} from './bench-run.mts';

/** What the scrapes of one state of the server (how many WebSockets open) measured. */
export interface ScrapeSeries {
  /** WebSockets open on the server while it was scraped. */
  connections: number;
  /** Samples in the last scrape's text: its lines that are neither empty nor a comment. */
  samples: number;
  /** Bytes of the last scrape's text. */
  bytes: number;
  /** Time to build each counted scrape inside the server (its `scrape` debug line), in ms. */
  builtMs: readonly number[];
  /** Time to fetch each counted scrape over loopback, from the request to the last byte, in ms. */
  fetchedMs: readonly number[];
}

/** The lines of an exposition that are samples: neither empty nor a comment (`# HELP`, `# TYPE`). */
export function countSamples(text: string): number {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
}

function ms(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

/** "p50 / p95" of a list of times, nearest rank. */
export function medianAndP95(values: readonly number[]): string {
  return `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`;
}

function openLabel(connections: number): string {
  return connections === 0 ? '0 connections' : `${connections.toLocaleString('en-US')} WebSockets`;
}

const HEADER = [
  'Open',
  'Samples',
  'Bytes',
  'Built in the server, ms (p50 / p95)',
  'Fetched over loopback, ms (p50 / p95)',
] as const;

/** The table: a row per state of the server. */
export function resultsTable(series: readonly ScrapeSeries[]): string {
  return [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...series.map(
      (row) =>
        `| ${[
          openLabel(row.connections),
          row.samples.toLocaleString('en-US'),
          row.bytes.toLocaleString('en-US'),
          medianAndP95(row.builtMs),
          medianAndP95(row.fetchedMs),
        ].join(' | ')} |`,
    ),
  ].join('\n');
}

function kibibytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * What the table says about the text's size: whether it grew with the connections (it should not: no
 * label comes from a client), and what one scrape weighs.
 */
export function sizeSentence(series: readonly ScrapeSeries[]): string {
  const first = series[0];
  const last = series.at(-1);
  if (first === undefined || last === undefined) throw new Error('no scrapes measured');
  if (first === last) {
    return `A scrape is ${first.samples.toLocaleString('en-US')} samples, ${kibibytes(first.bytes)} of text.`;
  }
  const from = openLabel(first.connections).replace(/^0 connections$/, 'no connection');
  const to = openLabel(last.connections);
  if (first.samples === last.samples) {
    const grew = last.bytes - first.bytes;
    return (
      `A scrape is ${first.samples.toLocaleString('en-US')} samples, about ${kibibytes(first.bytes)}, whether ${from} ` +
      `is open or ${to} are: the same series, ` +
      (grew === 0
        ? 'to the byte.'
        : `${Math.abs(grew).toLocaleString('en-US')} bytes ${grew > 0 ? 'more' : 'fewer'} with the connections, ` +
          "from the counters' values.")
    );
  }
  return (
    `A scrape is ${first.samples.toLocaleString('en-US')} samples (${kibibytes(first.bytes)}) with ${from} open ` +
    `and ${last.samples.toLocaleString('en-US')} (${kibibytes(last.bytes)}) with ${to}: the number of series ` +
    'grew with the connections.'
  );
}

/** What building the text costs with the most connections open: its median, in ms of one core. */
export function costSentence(series: readonly ScrapeSeries[]): string {
  const last = series.at(-1);
  if (last === undefined) throw new Error('no scrapes measured');
  const built = percentile(last.builtMs, 50);
  if (built === null) throw new Error('no scrape was built');
  return (
    `With ${openLabel(last.connections)} open, the median scrape took ${ms(built)} ms of the server's one thread ` +
    'to build.'
  );
}

/** What the benchmark ran and on what, as the results partial says it. */
export interface MetricsRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  /** The command that reproduces the run. */
  command: string;
  nodeVersion: string;
  cpuCores: number;
  /** Scrapes counted per state, and those made before them and not counted. */
  scrapes: number;
  warmUp: number;
  /** The least time from the start of one counted scrape to the start of the next, in ms. */
  intervalMs: number;
  seconds: number;
  /** The lowest and highest one-minute load average (`os.loadavg()`) sampled during the run. */
  loadAverage: LoadRange;
  series: readonly ScrapeSeries[];
}

/** The whole results partial as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: MetricsRun): string {
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-metrics.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\`: the demo server and its clients on one machine ` +
      `(Node ${run.nodeVersion}, ${run.cpuCores} CPU cores shared with other work: a one-minute load average ` +
      `${loadRange(run.loadAverage)} during the run, ` +
      `${Math.round(run.seconds)} s in all), ${run.scrapes} scrapes in each state, started at least ` +
      `${run.intervalMs} ms apart, after ${run.warmUp} not counted` +
      (busy(run.loadAverage, run.cpuCores)
        ? ', so the 95th percentiles say more about that load than about a scrape:'
        : ':'),
    '',
    resultsTable(run.series),
    '',
    `${sizeSentence(run.series)} ${costSentence(run.series)}`,
    '',
  ].join('\n');
}
