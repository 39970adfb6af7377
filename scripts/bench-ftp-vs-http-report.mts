/**
 * The figures of the FTP-against-HTTP benchmark (scripts/bench-ftp-vs-http.mts) and the words around them
 * (blog/2026-11-25-http-and-ftp/_ftp-vs-http-results.md), computed from the measurement itself: per file and
 * protocol, the connections, round trips and bytes the server counted (their range over the runs) and the
 * median time. Pure functions; scripts/bench-ftp-vs-http.mts measures and calls them.
 */
import {busy, loadRange, type LoadRange} from './bench-run.mts';

/** What the server counted for one protocol in one run (a part of the `summary` message's tally). */
export interface Tally {
  connections: number;
  roundTrips: number;
  /** Commands (FTP) or requests (HTTP) the client sent. */
  messages: number;
  /** Bytes on all its connections, both directions. */
  bytes: number;
  durationMs: number;
}

/** Every measured run of one file. */
export interface FileRuns {
  file: string;
  ftp: readonly Tally[];
  http: readonly Tally[];
}

/** The middle value (the lower of the two middle ones for an even count); NaN for none. */
export function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** "642", or "641–643" when the runs differed; grouped by thousands. */
export function range(numbers: readonly number[]): string {
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const n = (value: number) => value.toLocaleString('en-US');
  return low === high ? n(low) : `${n(low)}–${n(high)}`;
}

function of(tallies: readonly Tally[], key: keyof Tally): number[] {
  return tallies.map((tally) => tally[key]);
}

/** The table: a row per file, FTP's figures beside HTTP's. */
export function resultsTable(files: readonly FileRuns[]): string {
  const header = [
    'File',
    'FTP: connections, round trips',
    'FTP: bytes on the wire',
    'HTTP: connections, round trips',
    'HTTP: bytes on the wire',
    'Median time, FTP against HTTP',
  ];
  const counts = (tallies: readonly Tally[]) =>
    `${range(of(tallies, 'connections'))}, ${range(of(tallies, 'roundTrips'))}`;
  const ms = (tallies: readonly Tally[]) => `${median(of(tallies, 'durationMs')).toFixed(1)} ms`;
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 2 || i === 4 ? '---:' : '---')).join(' | ')} |`,
    ...files.map(
      ({file, ftp, http}) =>
        `| \`${file}\` | ${counts(ftp)} | ${range(of(ftp, 'bytes'))} | ${counts(http)} | ` +
        `${range(of(http, 'bytes'))} | ${ms(ftp)} against ${ms(http)} |`,
    ),
  ].join('\n');
}

function plural(count: string, noun: string): string {
  return `${count} ${noun}${count === '1' ? '' : 's'}`;
}

/** How many commands, requests, round trips and connections each protocol took, over every file and run. */
export function countsSentence(files: readonly FileRuns[]): string {
  const ftp = files.flatMap((file) => file.ftp);
  const http = files.flatMap((file) => file.http);
  return (
    `Over every file and run, FTP sent ${plural(range(of(ftp, 'messages')), 'command')} and waited on ` +
    `${plural(range(of(ftp, 'roundTrips')), 'round trip')} over ${plural(range(of(ftp, 'connections')), 'connection')}; ` +
    `HTTP sent ${plural(range(of(http, 'messages')), 'request')} and waited on ` +
    `${plural(range(of(http, 'roundTrips')), 'round trip')} over ${plural(range(of(http, 'connections')), 'connection')}.`
  );
}

/** What the benchmark ran and on what, as the results partial says it. */
export interface FtpVsHttpRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  /** The command that reproduces the run. */
  command: string;
  nodeVersion: string;
  platform: string;
  cpuModel: string;
  cpuCores: number;
  runs: number;
  loadAverage: LoadRange;
  files: readonly FileRuns[];
}

/** The whole results partial as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: FtpVsHttpRun): string {
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-ftp-vs-http.mts); re-run it rather than edit this file. */}`,
    '',
    `Run on ${run.date} with \`${run.command}\` (Node.js ${run.nodeVersion} on ${run.platform}, ${run.cpuModel}, ` +
      `${run.cpuCores} CPU cores shared with other work at a one-minute load average ${loadRange(run.loadAverage)}` +
      (busy(run.loadAverage, run.cpuCores) ? ', which slows the times' : '') +
      '; everything on loopback; the server’s own counts, the range over ' +
      `${run.runs} ${run.runs === 1 ? 'run' : 'runs'} per file after one warm-up run, and the median time), ` +
      'each file took:',
    '',
    resultsTable(run.files),
    '',
    `${countsSentence(run.files)} Every run delivered the same bytes both ways.`,
    '',
  ].join('\n');
}
