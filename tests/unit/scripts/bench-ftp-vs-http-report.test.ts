/** The FTP-against-HTTP benchmark's figures and words come from its runs: ranges, medians, the counts. */
import {describe, expect, it} from 'vitest';
import {
  countsSentence,
  median,
  range,
  resultsMarkdown,
  resultsTable,
  type FileRuns,
  type FtpVsHttpRun,
  type Tally,
} from '../../../scripts/bench-ftp-vs-http-report.mts';

const ftp = (bytes: number, durationMs: number): Tally => ({
  connections: 2,
  roundTrips: 12,
  messages: 10,
  bytes,
  durationMs,
});
const http = (bytes: number, durationMs: number): Tally => ({
  connections: 1,
  roundTrips: 2,
  messages: 1,
  bytes,
  durationMs,
});

const files: FileRuns[] = [
  {
    file: 'welcome.txt',
    ftp: [ftp(946, 2.5), ftp(946, 3.1), ftp(946, 2.2)],
    http: [http(772, 0.6), http(772, 0.7), http(772, 0.5)],
  },
  {file: 'checker.png', ftp: [ftp(1641, 2), ftp(1643, 2.4)], http: [http(452, 0.5), http(452, 0.9)]},
];

const run: FtpVsHttpRun = {
  date: '2026-12-05',
  command: 'npm run bench:ftp-vs-http -- --runs 50',
  nodeVersion: 'v24.21.0',
  platform: 'Linux',
  cpuModel: 'AMD EPYC',
  cpuCores: 2,
  runs: 50,
  loadAverage: {low: 0.1, high: 0.3},
  files,
};

describe('median and range', () => {
  it('takes the lower middle value for an even count, and a range only when the runs differed', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(range([642, 642])).toBe('642');
    expect(range([1643, 1641, 1642])).toBe('1,641–1,643');
  });
});

describe('resultsTable', () => {
  it('makes a row per file, FTP beside HTTP, with the median times', () => {
    const rows = resultsTable(files).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toBe('| `welcome.txt` | 2, 12 | 946 | 1, 2 | 772 | 2.5 ms against 0.6 ms |');
    expect(rows[3]).toBe('| `checker.png` | 2, 12 | 1,641–1,643 | 1, 2 | 452 | 2.0 ms against 0.5 ms |');
  });
});

describe('countsSentence', () => {
  it('counts commands, requests, round trips and connections over every file and run', () => {
    expect(countsSentence(files)).toBe(
      'Over every file and run, FTP sent 10 commands and waited on 12 round trips over 2 connections; HTTP sent ' +
        '1 request and waited on 2 round trips over 1 connection.',
    );
    const varied: FileRuns[] = [{file: 'a', ftp: [ftp(1, 1), {...ftp(1, 1), messages: 11}], http: [http(1, 1)]}];
    expect(countsSentence(varied)).toContain('FTP sent 10–11 commands');
  });
});

describe('resultsMarkdown', () => {
  it('says when, with what and on what it ran, then the table and the counts', () => {
    const markdown = resultsMarkdown(run);
    expect(markdown).toContain(
      '{/* Written by `npm run bench:ftp-vs-http -- --runs 50` (scripts/bench-ftp-vs-http.mts)',
    );
    expect(markdown).toContain(
      'Run on 2026-12-05 with `npm run bench:ftp-vs-http -- --runs 50` (Node.js v24.21.0 on Linux, AMD EPYC, 2 CPU ' +
        'cores shared with other work at a one-minute load average between 0.1 and 0.3; everything on loopback;',
    );
    expect(markdown).toContain('the range over 50 runs per file after one warm-up run');
    expect(markdown).toContain(resultsTable(files));
    expect(markdown).toContain(`${countsSentence(files)} Every run delivered the same bytes both ways.`);
    expect(markdown).not.toMatch(/^#/m);
    expect(resultsMarkdown({...run, loadAverage: {low: 4, high: 6}})).toContain(
      'load average between 4.0 and 6.0, which slows the times;',
    );
  });
});
