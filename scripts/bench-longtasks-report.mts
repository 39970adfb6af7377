/**
 * The figures and the words of the long-task benchmark (scripts/bench-longtasks.mts): what one observation
 * of a running demo comes to, the medians over several runs, the console table, and the results partial
 * (docs/_demo-long-tasks.md) written from the measurement itself. Pure functions.
 */

/** A long task as `PerformanceObserver` reports it (entry type `longtask`), times in ms on the page's clock. */
export interface LongTask {
  startTime: number;
  duration: number;
}

/** The part of a task that blocks input beyond 50 ms, as Lighthouse's total blocking time counts it. */
export const BLOCKING_THRESHOLD_MS = 50;

/** What one run of one demo measured over its window. */
export interface RunFigures {
  count: number;
  /** Sum over the tasks of (duration − 50 ms), scaled to 30 s of watching. */
  blockingPer30s: number;
  longestMs: number;
}

/**
 * The figures of one run: the long tasks that started inside `[windowStart, windowStart + windowMs)`, their
 * number, their blocking time scaled to 30 s (so runs of another length stay comparable), and the longest.
 */
export function runFigures(tasks: readonly LongTask[], windowStart: number, windowMs: number): RunFigures {
  const inWindow = tasks.filter((task) => task.startTime >= windowStart && task.startTime < windowStart + windowMs);
  const blocking = inWindow.reduce((sum, task) => sum + Math.max(0, task.duration - BLOCKING_THRESHOLD_MS), 0);
  return {
    count: inWindow.length,
    blockingPer30s: (blocking * 30_000) / windowMs,
    longestMs: inWindow.reduce((longest, task) => Math.max(longest, task.duration), 0),
  };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** One demo's line of results: the medians of its runs, figure by figure. */
export interface DemoResult {
  name: string;
  /** The page the demo is on, as a site path. */
  path: string;
  /** What the benchmark did to start and drive it, as a reader would. */
  drive: string;
  runs: readonly RunFigures[];
  /** Whether the demo was in the viewport during every run (scrolled to it). */
  inView: boolean;
}

export interface DemoMedians {
  count: number;
  blockingPer30s: number;
  longestMs: number;
}

/** Each figure's median over the runs; the figures are taken one by one, not from one "median run". */
export function medians(runs: readonly RunFigures[]): DemoMedians {
  return {
    count: median(runs.map((run) => run.count)),
    blockingPer30s: median(runs.map((run) => run.blockingPer30s)),
    longestMs: median(runs.map((run) => run.longestMs)),
  };
}

/** The budget the issue sets: total blocking time under 200 ms per 30 s of a running demo. */
export const BLOCKING_BUDGET_MS = 200;

const HEADER = ['Demo', 'Page', 'Long tasks', 'Blocking time / 30 s', 'Longest task', 'In view'] as const;

function cells(result: DemoResult): string[] {
  const m = medians(result.runs);
  return [
    result.name,
    result.path,
    String(Math.round(m.count)),
    `${Math.round(m.blockingPer30s)} ms`,
    m.longestMs === 0 ? '—' : `${Math.round(m.longestMs)} ms`,
    result.inView ? 'yes' : 'no',
  ];
}

/** The table for the terminal, columns padded. */
export function consoleTable(results: readonly DemoResult[]): string {
  const rows = [[...HEADER], ...results.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '))
    .join('\n')
    .replace(/ +$/gm, '');
}

/** What the benchmark measured, as the results partial needs it. */
export interface LongTaskRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  seconds: number;
  runs: number;
  browserVersion: string;
  cpuCores: number;
  /** The lowest and highest one-minute load average (`os.loadavg()`) seen before and after each demo's runs. */
  loadAverage: {low: number; high: number};
  viewport: {width: number; height: number};
  /** The command that reproduces the run. */
  command: string;
  results: readonly DemoResult[];
}

function count(n: number, noun: string): string {
  const small = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  return `${small[n] ?? String(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** The sentence that says which demos are over the budget, from the medians. */
export function budgetSentence(results: readonly DemoResult[]): string {
  const over = results.filter((result) => medians(result.runs).blockingPer30s >= BLOCKING_BUDGET_MS);
  if (over.length === 0) {
    return `Every demo stayed under the budget of ${BLOCKING_BUDGET_MS} ms of blocking time per 30 s.`;
  }
  const names = over.map((result) => `"${result.name}"`);
  const list = names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const subject = over.length === 1 ? 'One demo is' : `${count(over.length, 'demo')} are`;
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} over the budget of ${BLOCKING_BUDGET_MS} ms of blocking time per 30 s: ${list}.`;
}

/** The whole results partial as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: LongTaskRun): string {
  const table = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i >= 2 && i <= 4 ? '---:' : '---')).join(' | ')} |`,
    ...run.results.map((result) => {
      const row = cells(result);
      row[1] = `\`${row[1]}\``;
      return `| ${row.join(' | ')} |`;
    }),
  ].join('\n');
  const drives = run.results.map((result) => `- **${result.name}**: ${result.drive}`).join('\n');
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-longtasks.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\`: the production build and the demo server on one machine ` +
      `(${count(run.cpuCores, 'CPU core')}, shared with other work: a one-minute load average between ` +
      `${run.loadAverage.low.toFixed(1)} and ${run.loadAverage.high.toFixed(1)} during the run), ` +
      `${run.browserVersion} headless at ` +
      `${run.viewport.width}×${run.viewport.height} without CPU throttling. Each demo was opened on its page, ` +
      `scrolled into view and started as a reader would, then watched for ${run.seconds} s with a ` +
      '`PerformanceObserver` for `longtask` registered before the page ran any script. A long task is one of 50 ms ' +
      "or more on the main thread; blocking time is the sum of each one's time beyond 50 ms, counted per 30 s. " +
      `Each figure is the median of ${count(run.runs, 'run')}.`,
    '',
    table,
    '',
    budgetSentence(run.results),
    '',
    'What each demo was doing while it was watched:',
    '',
    drives,
    '',
  ].join('\n');
}
