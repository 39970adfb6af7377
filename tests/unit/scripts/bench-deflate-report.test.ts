/** The deflate benchmark's figures and words come from its runs: medians, and what compression trades. */
import {describe, expect, it} from 'vitest';
import {
  median,
  medians,
  resultsMarkdown,
  resultsTable,
  tradeSentence,
  type DeflateFigures,
  type DeflateRun,
} from '../../../scripts/bench-deflate-report.mts';

const figures = (wire: number, cpu: number, kib: number): DeflateFigures => ({
  wireBytesPerMessage: wire,
  serverCpuMicrosPerMessage: cpu,
  serverKiBPerConnection: kib,
});

const runs = {
  off: [figures(1815, 60, 130), figures(1815, 54, 136), figures(1815, 57, 133)],
  deflate: [figures(181.4, 280, 540), figures(180.6, 260, 520), figures(181, 270, 530)],
};

const run: DeflateRun = {
  date: '2026-12-05',
  command: 'npm run bench:deflate',
  nodeVersion: 'v24.21.0',
  wsVersion: '8.23.0',
  cpuCores: 2,
  connections: 100,
  messages: 50,
  messageBytes: 1809,
  negotiated: true,
  loadAverage: {low: 0.2, high: 0.4},
  runs,
};

describe('medians', () => {
  it('takes each figure’s median over the runs on its own', () => {
    expect(medians(runs.off)).toEqual(figures(1815, 57, 133));
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('resultsTable', () => {
  it('makes a row per mode, rounded to whole bytes, µs and KiB', () => {
    const rows = resultsTable(runs).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toBe('| off | 1,815 | 57 µs | 133 KiB |');
    expect(rows[3]).toBe('| on | 181 | 270 µs | 530 KiB |');
  });
});

describe('tradeSentence', () => {
  it('gives the ratios and the extra memory from the medians, and what it comes to for many connections', () => {
    expect(tradeSentence(runs, 10_000)).toBe(
      '10 times fewer bytes, for 4.7 times the CPU per message and 397 KiB more memory for every open ' +
        'connection — the compression windows that context takeover keeps. On a server holding 10,000 ' +
        'idle-but-open connections, that is 3.8 GiB.',
    );
  });
});

describe('resultsMarkdown', () => {
  it('says what was sent, how many runs, on what, and under which load', () => {
    const markdown = resultsMarkdown(run);
    expect(markdown).toContain('{/* Written by `npm run bench:deflate` (scripts/bench-deflate.mts)');
    expect(markdown).toContain(
      '100 connections, each sending 50 JSON updates of 1,809 bytes and reading the echo; the median of 3 runs',
    );
    expect(markdown).toContain('Node v24.21.0, `ws` 8.23.0, Linux, 2 CPU cores');
    expect(markdown).toContain('load average between 0.2 and 0.4 during the run).');
    expect(markdown).toContain(resultsTable(runs));
    expect(markdown).toContain(tradeSentence(runs, 10_000));
    expect(markdown).not.toMatch(/^#/m);
  });

  it('says when there was one run, when the load weighed, and when deflate was not negotiated', () => {
    const one = resultsMarkdown({...run, runs: {off: runs.off.slice(0, 1), deflate: runs.deflate.slice(0, 1)}});
    expect(one).toContain('reading the echo; one run of each mode.');
    expect(resultsMarkdown({...run, loadAverage: {low: 5, high: 5}})).toContain(
      'load average of 5.0 during the run, which weighs on the CPU times).',
    );
    expect(resultsMarkdown({...run, negotiated: false})).toContain(
      '**Some connections did not negotiate permessage-deflate.**',
    );
  });
});
