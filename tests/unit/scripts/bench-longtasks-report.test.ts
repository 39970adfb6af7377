/** The long-task benchmark's figures and words come from its data: blocking time, medians, the budget. */
import {describe, expect, it} from 'vitest';
import {
  budgetSentence,
  consoleTable,
  median,
  medians,
  resultsMarkdown,
  runFigures,
  type DemoResult,
  type LongTask,
} from '../../../scripts/bench-longtasks-report.mts';

const task = (startTime: number, duration: number): LongTask => ({startTime, duration});

function result(name: string, blocking: readonly number[], inView = true): DemoResult {
  return {
    name,
    path: `/docs/${name.toLowerCase().replace(/\W+/g, '-')}`,
    drive: 'runs by itself.',
    runs: blocking.map((blockingPer30s, i) => ({count: i + 1, blockingPer30s, longestMs: 50 + blockingPer30s})),
    inView,
  };
}

describe('runFigures', () => {
  it('counts only the tasks that start inside the window, and only their time beyond 50 ms', () => {
    const tasks = [task(900, 400), task(1000, 120), task(5000, 50), task(30_999, 60), task(31_000, 300)];
    expect(runFigures(tasks, 1000, 30_000)).toEqual({count: 3, blockingPer30s: 70 + 0 + 10, longestMs: 120});
  });

  it('scales blocking time to 30 s when the window is another length', () => {
    expect(runFigures([task(0, 150)], 0, 60_000).blockingPer30s).toBe(50);
    expect(runFigures([task(0, 150)], 0, 10_000).blockingPer30s).toBe(300);
  });

  it('gives zeros for a window without a long task', () => {
    expect(runFigures([], 0, 30_000)).toEqual({count: 0, blockingPer30s: 0, longestMs: 0});
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow('median of no values');
  });

  it('takes each figure on its own across runs', () => {
    const runs = [
      {count: 1, blockingPer30s: 300, longestMs: 60},
      {count: 5, blockingPer30s: 10, longestMs: 200},
      {count: 3, blockingPer30s: 40, longestMs: 90},
    ];
    expect(medians(runs)).toEqual({count: 3, blockingPer30s: 40, longestMs: 90});
  });
});

describe('budgetSentence', () => {
  it('says every demo is under the budget when none reaches 200 ms', () => {
    expect(budgetSentence([result('A', [10, 199, 0]), result('B', [0, 0, 0])])).toBe(
      'Every demo stayed under the budget of 200 ms of blocking time per 30 s.',
    );
  });

  it('names the demos whose median reaches the budget', () => {
    expect(budgetSentence([result('A', [250, 199, 300]), result('B', [0, 0, 0])])).toBe(
      'One demo is over the budget of 200 ms of blocking time per 30 s: "A".',
    );
    expect(budgetSentence([result('A', [200]), result('B', [500]), result('C', [900])])).toBe(
      'Three demos are over the budget of 200 ms of blocking time per 30 s: "A", "B" and "C".',
    );
  });
});

describe('consoleTable', () => {
  it('prints one padded line per demo with its medians', () => {
    const lines = consoleTable([result('Race', [120.4, 80, 300]), result('SSE', [0, 0, 0], false)]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Demo +Page +Long tasks +Blocking time \/ 30 s +Longest task +In view$/);
    expect(lines[1]).toMatch(/^Race +\/docs\/race +2 +120 ms +170 ms +yes$/);
    expect(lines[2]).toMatch(/^SSE +\/docs\/sse +2 +0 ms +50 ms +no$/);
  });
});

describe('resultsMarkdown', () => {
  const markdown = resultsMarkdown({
    date: '2026-12-04',
    seconds: 30,
    runs: 3,
    browserVersion: 'Chromium 156.0.0.0',
    cpuCores: 2,
    loadAverage: {low: 3.14, high: 10.5},
    viewport: {width: 1280, height: 720},
    command: 'npm run bench:longtasks',
    results: [result('The polling race', [40, 20, 60]), result('Long polling', [300, 250, 210])],
  });

  it('says which command wrote it, when, on what machine and how', () => {
    expect(markdown).toContain('Written by `npm run bench:longtasks` (scripts/bench-longtasks.mts)');
    expect(markdown).toContain('Measured on 2026-12-04 with `npm run bench:longtasks`');
    expect(markdown).toContain(
      'two CPU cores, shared with other work: a one-minute load average between 3.1 and 10.5 during the run',
    );
    expect(markdown).toContain('Chromium 156.0.0.0 headless at 1280×720');
    expect(markdown).toContain('watched for 30 s');
    expect(markdown).toContain('the median of three runs');
  });

  it('has one table row per demo, with its page and medians', () => {
    expect(markdown).toContain('| The polling race | `/docs/the-polling-race` | 2 | 40 ms | 90 ms | yes |');
    expect(markdown).toContain('| Long polling | `/docs/long-polling` | 2 | 250 ms | 300 ms | yes |');
  });

  it('names the demos over the budget and says what each demo was doing', () => {
    expect(markdown).toContain('One demo is over the budget of 200 ms of blocking time per 30 s: "Long polling".');
    expect(markdown).toContain('- **The polling race**: runs by itself.');
  });
});
