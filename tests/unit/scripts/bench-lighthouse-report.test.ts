/** The Lighthouse benchmark's results file comes from its data: medians, the table, the sentence about the goal. */
import {describe, expect, it} from 'vitest';
import {
  median,
  pageMedians,
  performanceSentence,
  resultsMarkdown,
  tableRow,
  type LighthouseRun,
  type PageMedians,
} from '../../../scripts/bench-lighthouse-report.mts';
import type {PageFigures} from '../../../scripts/lighthouse/audit.mts';

function figures(performance: number, lcpMs: number, tbtMs: number, script: number): PageFigures {
  return {
    scores: {performance, accessibility: 1, 'best-practices': 1, seo: 1},
    lcpMs,
    tbtMs,
    bytes: {total: script + 40_000, script, stylesheet: 21_091},
  };
}

function medians(performance: number): PageMedians {
  return pageMedians([figures(performance, 1800, 120, 150_000)]);
}

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even one, in any order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('pageMedians', () => {
  it('takes each figure’s median on its own, not the figures of the median run', () => {
    const result = pageMedians([
      figures(0.99, 2500, 90, 150_000),
      figures(0.9, 1500, 400, 160_000),
      figures(0.95, 2000, 100, 140_000),
    ]);
    expect(result.scores.performance).toBe(0.95);
    expect(result.lcpMs).toBe(2000);
    expect(result.tbtMs).toBe(100);
    expect(result.bytes.script).toBe(150_000);
  });

  it('refuses a run without the performance figures', () => {
    expect(() => pageMedians([{scores: {accessibility: 1}, bytes: {total: 1, script: 1, stylesheet: 1}}])).toThrow(
      'a run has no performance score',
    );
  });
});

describe('tableRow', () => {
  it('prints scores with two decimals, LCP in seconds, TBT in ms and bytes in KiB', () => {
    const row = tableRow(
      {path: '/docs/realtime/request-response', type: 'demo-article'},
      pageMedians([figures(0.978, 2460, 152.4, 192_716)]),
    );
    expect(row).toEqual([
      '`/docs/realtime/request-response` (demo)',
      '0.98',
      '1.00',
      '1.00',
      '1.00',
      '2.5 s',
      '152 ms',
      '227 KiB',
      '188 KiB',
      '21 KiB',
    ]);
  });
});

const run: LighthouseRun = {
  date: '2026-12-04',
  command: 'npm run bench:lighthouse',
  runsPerPage: 3,
  lighthouseVersion: '13.5.0',
  chromiumVersion: 'Chromium 142.0.0.0',
  nodeVersion: 'v24.21.0',
  cpuModel: 'Test CPU',
  cpuCores: 2,
  loadAverage: {start: 0.2, end: 0.4},
  performanceGoal: 0.98,
  pages: [
    {page: {path: '/', type: 'home'}, medians: medians(0.95)},
    {page: {path: '/docs/rest/stateless', type: 'demo-article'}, medians: medians(0.99)},
    {page: {path: '/blog/http-and-ftp', type: 'post'}, medians: medians(0.97)},
  ],
};

describe('performanceSentence', () => {
  it('names the demo articles and posts under the goal, not the home page', () => {
    expect(performanceSentence(run)).toBe(
      'Below 0.98 in performance: `/blog/http-and-ftp` (0.97) of the 2 demo articles and posts.',
    );
  });

  it('says so when every demo article and post reaches the goal', () => {
    const allFast = {...run, pages: run.pages.map((entry) => ({...entry, medians: medians(0.99)}))};
    expect(performanceSentence(allFast)).toBe('Every demo article and post scored at least 0.98 in performance.');
  });
});

describe('resultsMarkdown', () => {
  it('says how it was measured and how busy the machine was, then the table, one row per page', () => {
    const markdown = resultsMarkdown(run);
    expect(markdown).toContain('with `npm run bench:lighthouse`: Lighthouse 13.5.0, mobile');
    expect(markdown).toContain('the median of 3 runs per page');
    expect(markdown).toContain('load average was 0.2 when the runs began and 0.4 when they ended.');
    expect(markdown).not.toContain('noisier');
    expect(markdown.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(3);
  });

  it('warns that timing figures are noisy when the machine was busy', () => {
    const busy = resultsMarkdown({...run, loadAverage: {start: 6.5, end: 9}});
    expect(busy).toContain('load average was 6.5 when the runs began and 9.0 when they ended: other work');
  });
});
