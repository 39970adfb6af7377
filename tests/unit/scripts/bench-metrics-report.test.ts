/** The scrape benchmark's figures and words come from its scrapes: sizes, percentiles, the load, growth. */
import {describe, expect, it} from 'vitest';
import {
  costSentence,
  countSamples,
  medianAndP95,
  resultsMarkdown,
  resultsTable,
  sizeSentence,
  type MetricsRun,
  type ScrapeSeries,
} from '../../../scripts/bench-metrics-report.mts';

/** 1, 2, … 100 ms, shuffled: the percentiles must not depend on the order the scrapes came in. */
const hundred = Array.from({length: 100}, (_, i) => ((i * 37) % 100) + 1);

function series(connections: number, samples: number, bytes: number, builtMs = hundred): ScrapeSeries {
  return {connections, samples, bytes, builtMs, fetchedMs: builtMs.map((ms) => ms * 2)};
}

const run: MetricsRun = {
  date: '2026-12-05',
  command: 'npm run bench:metrics',
  nodeVersion: 'v24.21.0',
  cpuCores: 2,
  scrapes: 100,
  warmUp: 10,
  intervalMs: 100,
  seconds: 83.6,
  loadAverage: {low: 0.42, high: 0.96},
  series: [series(0, 181, 17_011), series(10_000, 181, 17_034)],
};

describe('countSamples', () => {
  it('counts the lines that are neither empty nor a comment', () => {
    const text = '# HELP up Whether it is up\n# TYPE up gauge\nup 1\nother{a="#"} 2\n\n';
    expect(countSamples(text)).toBe(2);
    expect(countSamples('')).toBe(0);
  });
});

describe('medianAndP95', () => {
  it('takes both by nearest rank, whatever the order, to two decimals', () => {
    expect(medianAndP95(hundred)).toBe('50.00 / 95.00');
    expect(medianAndP95([0.123])).toBe('0.12 / 0.12');
    expect(medianAndP95([])).toBe('— / —');
  });
});

describe('resultsTable', () => {
  it('makes a row per state, with the counts and bytes grouped and the times right-aligned', () => {
    const rows = resultsTable(run.series).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toBe('| --- | ---: | ---: | ---: | ---: |');
    expect(rows[2]).toBe('| 0 connections | 181 | 17,011 | 50.00 / 95.00 | 100.00 / 190.00 |');
    expect(rows[3]).toBe('| 10,000 WebSockets | 181 | 17,034 | 50.00 / 95.00 | 100.00 / 190.00 |');
  });
});

describe('sizeSentence', () => {
  it('says the series stayed the same when the samples did, and by how many bytes the text grew', () => {
    expect(sizeSentence(run.series)).toBe(
      'A scrape is 181 samples, about 16.6 KiB, whether no connection is open or 10,000 WebSockets are: the same ' +
        "series, 23 bytes more with the connections, from the counters' values.",
    );
    expect(sizeSentence([series(0, 181, 17_011), series(10, 181, 17_011)])).toContain('the same series, to the byte.');
  });

  it('says so when the number of series grew with the connections', () => {
    expect(sizeSentence([series(0, 181, 17_011), series(10_000, 10_181, 900_000)])).toBe(
      'A scrape is 181 samples (16.6 KiB) with no connection open and 10,181 (878.9 KiB) with 10,000 WebSockets: ' +
        'the number of series grew with the connections.',
    );
  });

  it('describes a single state on its own, and refuses none', () => {
    expect(sizeSentence([series(0, 181, 17_011)])).toBe('A scrape is 181 samples, 16.6 KiB of text.');
    expect(() => sizeSentence([])).toThrow(/no scrapes/);
  });
});

describe('costSentence', () => {
  it('gives the median build time with the most connections open', () => {
    const built = [series(0, 1, 1, [1, 1, 1]), series(10_000, 1, 1, [9, 2.345, 3])];
    expect(costSentence(built)).toBe(
      "With 10,000 WebSockets open, the median scrape took 3.00 ms of the server's one thread to build.",
    );
    expect(() => costSentence([series(10, 1, 1, [])])).toThrow(/no scrape/);
  });
});

describe('resultsMarkdown', () => {
  it('says how the run went: the command, the machine, its load over the run, the scrapes counted', () => {
    const markdown = resultsMarkdown(run);
    expect(markdown).toContain('{/* Written by `npm run bench:metrics` (scripts/bench-metrics.mts)');
    expect(markdown).toContain('Measured on 2026-12-05 with `npm run bench:metrics`');
    expect(markdown).toContain('Node v24.21.0, 2 CPU cores');
    expect(markdown).toContain('a one-minute load average between 0.4 and 1.0 during the run, 84 s in all');
    expect(markdown).toContain('100 scrapes in each state, started at least 100 ms apart, after 10 not counted:');
    expect(markdown).toContain(resultsTable(run.series));
    expect(markdown).toContain(`${sizeSentence(run.series)} ${costSentence(run.series)}`);
  });

  it('warns that the tail is the load’s when the machine was busy', () => {
    expect(resultsMarkdown(run)).not.toContain('95th');
    const loaded = {...run, loadAverage: {low: 0.5, high: 1.2}};
    expect(resultsMarkdown(loaded)).toContain('so the 95th percentiles say more about that load than about a scrape:');
  });

  it('adds no heading to the page that shows it', () => {
    expect(resultsMarkdown(run)).not.toMatch(/^#/m);
  });
});
