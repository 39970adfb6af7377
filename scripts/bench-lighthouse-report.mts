/**
 * The words and table of the Lighthouse benchmark's results file (docs/_lighthouse-results.md), written from the
 * measurement itself. Pure functions; scripts/bench-lighthouse.mts measures and calls them.
 */
import type {Category, PageFigures} from './lighthouse/audit.mts';
import type {SitePage} from './lighthouse/pages.mts';

/** The middle value (the mean of the two middle ones for an even count); throws on an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** A page's medians over its runs. */
export interface PageMedians {
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  bytes: {total: number; script: number; stylesheet: number};
}

const CATEGORIES: readonly Category[] = ['performance', 'accessibility', 'best-practices', 'seo'];

/** The median of every figure over a page's runs, each figure on its own (the runs' medians may differ). */
export function pageMedians(runs: readonly PageFigures[]): PageMedians {
  const of = (pick: (run: PageFigures) => number | undefined, what: string) =>
    median(
      runs.map((run) => {
        const value = pick(run);
        if (value === undefined) throw new Error(`a run has no ${what}`);
        return value;
      }),
    );
  return {
    scores: {
      performance: of((run) => run.scores.performance, 'performance score'),
      accessibility: of((run) => run.scores.accessibility, 'accessibility score'),
      'best-practices': of((run) => run.scores['best-practices'], 'best practices score'),
      seo: of((run) => run.scores.seo, 'SEO score'),
    },
    lcpMs: of((run) => run.lcpMs, 'LCP'),
    tbtMs: of((run) => run.tbtMs, 'TBT'),
    bytes: {
      total: of((run) => run.bytes.total, 'total bytes'),
      script: of((run) => run.bytes.script, 'script bytes'),
      stylesheet: of((run) => run.bytes.stylesheet, 'stylesheet bytes'),
    },
  };
}

/** A score as Lighthouse shows it out of 1, two decimals. */
export function formatScore(score: number): string {
  return score.toFixed(2);
}

export function formatKib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export const TABLE_HEADER = [
  'Page',
  'Performance',
  'Accessibility',
  'Best practices',
  'SEO',
  'LCP',
  'TBT',
  'Transferred',
  'JS',
  'CSS',
] as const;

const TYPE_NAMES: Readonly<Record<SitePage['type'], string>> = {
  home: 'home',
  'demo-article': 'demo',
  article: 'article',
  post: 'post',
};

/** One table row: the page (and its type), the four scores, LCP, TBT and the bytes. */
export function tableRow(page: SitePage, medians: PageMedians): string[] {
  return [
    `\`${page.path}\` (${TYPE_NAMES[page.type]})`,
    ...CATEGORIES.map((category) => formatScore(medians.scores[category])),
    formatMs(medians.lcpMs),
    formatMs(medians.tbtMs),
    formatKib(medians.bytes.total),
    formatKib(medians.bytes.script),
    formatKib(medians.bytes.stylesheet),
  ];
}

/** What the benchmark measured, as the results file needs it. */
export interface LighthouseRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  /** The command that reproduces the run. */
  command: string;
  runsPerPage: number;
  lighthouseVersion: string;
  chromiumVersion: string;
  nodeVersion: string;
  cpuModel: string;
  cpuCores: number;
  /** One-minute load average when the runs began and when they ended: how busy the machine was. */
  loadAverage: {start: number; end: number};
  pages: readonly {page: SitePage; medians: PageMedians}[];
  /** The lowest performance score a demo article or post may have (the goal). */
  performanceGoal: number;
}

/** The sentence that names the pages under the performance goal, or says none is. */
export function performanceSentence(run: LighthouseRun): string {
  const gated = run.pages.filter(({page}) => page.type === 'demo-article' || page.type === 'post');
  const below = gated.filter(({medians}) => medians.scores.performance < run.performanceGoal);
  if (below.length === 0) {
    return `Every demo article and post scored at least ${formatScore(run.performanceGoal)} in performance.`;
  }
  const names = below.map(({page, medians}) => `\`${page.path}\` (${formatScore(medians.scores.performance)})`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `Below ${formatScore(run.performanceGoal)} in performance: ${list} of the ${gated.length} demo articles and posts.`;
}

/** The whole results file as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: LighthouseRun): string {
  const table = [
    `| ${TABLE_HEADER.join(' | ')} |`,
    `| ${TABLE_HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...run.pages.map(({page, medians}) => `| ${tableRow(page, medians).join(' | ')} |`),
  ].join('\n');
  const busy = Math.max(run.loadAverage.start, run.loadAverage.end) > run.cpuCores * 0.5;
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-lighthouse.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\`: Lighthouse ${run.lighthouseVersion}, mobile with its default ` +
      `simulated throttling, the median of ${run.runsPerPage} runs per page, in ${run.chromiumVersion} (headless) ` +
      `on ${run.cpuCores} cores of ${run.cpuModel}, Node ${run.nodeVersion}. The production build was served with ` +
      'brotli and long-lived caching for `/assets/` (scripts/serve-build.mts), the demo server was running, and ' +
      `every demo was live. The machine's load average was ${run.loadAverage.start.toFixed(1)} when the runs began ` +
      `and ${run.loadAverage.end.toFixed(1)} when they ended` +
      (busy
        ? ': other work was competing for the CPU, so the performance scores, LCP and TBT are noisier (and lower) ' +
          'than on an idle machine. The other scores and the bytes do not depend on the load.'
        : '.'),
    '',
    'LCP is Largest Contentful Paint and TBT Total Blocking Time, both as Lighthouse simulates them on a mid-range ' +
      'phone over slow 4G. Bytes are what crossed the network, compressed, headers included; JS and CSS are part ' +
      'of the total. A page marked "demo" is an article with a live demo.',
    '',
    table,
    '',
    performanceSentence(run),
    '',
  ].join('\n');
}
