/**
 * Lighthouse 13 through its Node API, for the benchmark (scripts/bench-lighthouse.mts) and the CI gate
 * (tests/e2e/lighthouse.spec.ts): one Chromium launched with chrome-launcher, Lighthouse run against it page after
 * page, and the figures both of them read out of a report.
 *
 * chrome-launcher is the launcher Lighthouse itself depends on (and its CLI uses); it comes with `lighthouse`.
 */
import {launch, type LaunchedChrome} from 'chrome-launcher';
import lighthouse, {type Config, type Flags, type Result} from 'lighthouse';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../chromium.mts';

/** Starts this project's headless Chromium (scripts/chromium.mts) for Lighthouse; without a path, chrome-launcher finds one. */
export function launchChromium(): Promise<LaunchedChrome> {
  return launch({
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
    ...(CHROMIUM_PATH ? {chromePath: CHROMIUM_PATH} : {}),
    logLevel: 'error',
  });
}

export type Category = 'performance' | 'accessibility' | 'best-practices' | 'seo';
export const ALL_CATEGORIES: readonly Category[] = ['performance', 'accessibility', 'best-practices', 'seo'];

export interface AuditOptions {
  /** The debugging port of the Chromium to use (`launchChromium().port`). */
  port: number;
  categories: readonly Category[];
  /**
   * `simulate`: Lighthouse's default mobile run (Moto G Power-class CPU slowdown, slow 4G simulated from an
   * unthrottled load). `none`: no throttling at all, for the gate, whose categories do not depend on speed.
   */
  throttling: 'simulate' | 'none';
}

/** How long the gate's runs wait for a page to settle: a demo's code is loaded and rendered well within it. */
export const GATE_MAX_WAIT_FOR_LOAD_MS = 8_000;

/** Runs Lighthouse (mobile form factor, its default) on one URL and returns its report. */
export async function audit(url: string, {port, categories, throttling}: AuditOptions): Promise<Result> {
  const flags: Flags = {
    port,
    logLevel: 'error',
    output: 'json',
    onlyCategories: [...categories],
    // Not in any category's score, but the byte figures come from it: added to the categories' audits.
    onlyAudits: ['network-requests'],
  };
  if (throttling === 'none') {
    flags.throttlingMethod = 'provided';
    flags.throttling = {
      cpuSlowdownMultiplier: 1,
      requestLatencyMs: 0,
      downloadThroughputKbps: 0,
      uploadThroughputKbps: 0,
    };
    // Without performance, nothing needs the load to settle completely or a picture of the page. A live demo that
    // polls never lets the network fall quiet, so the load would otherwise always run to maxWaitForLoad (45 s).
    flags.disableFullPageScreenshot = true;
    flags.maxWaitForLoad = GATE_MAX_WAIT_FOR_LOAD_MS;
    flags.skipAboutBlank = true;
    // `baseline` weighs 0 in best practices (informative) and is the one audit left that needs a trace: without
    // it Lighthouse does not trace the load, which was the slowest part of a run.
    flags.skipAudits = ['baseline'];
  }
  const config: Config = {extends: 'lighthouse:default'};
  const result = await lighthouse(url, flags, config);
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const {lhr} = result;
  if (lhr.runtimeError)
    throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  return lhr;
}

/** Bytes a page transferred (compressed, headers included, as the network saw them), in total and by type. */
export interface TransferredBytes {
  total: number;
  script: number;
  stylesheet: number;
}

/** One page's figures out of one Lighthouse report. */
export interface PageFigures {
  /** Category scores 0–1; absent for a category the run did not include. */
  scores: Partial<Record<Category, number>>;
  /** Largest Contentful Paint, ms (performance runs only). */
  lcpMs?: number;
  /** Total Blocking Time, ms (performance runs only). */
  tbtMs?: number;
  bytes: TransferredBytes;
}

interface NetworkRequestItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
}

/** The `network-requests` audit's rows: every request of the page load, with what it transferred. */
export function networkRequests(lhr: Result): NetworkRequestItem[] {
  const details = lhr.audits['network-requests']?.details;
  if (details?.type !== 'table') throw new Error('The report has no network-requests table');
  return details.items as unknown as NetworkRequestItem[];
}

export function transferredBytes(lhr: Result): TransferredBytes {
  const bytes: TransferredBytes = {total: 0, script: 0, stylesheet: 0};
  for (const request of networkRequests(lhr)) {
    const size = request.transferSize ?? 0;
    bytes.total += size;
    if (request.resourceType === 'Script') bytes.script += size;
    if (request.resourceType === 'Stylesheet') bytes.stylesheet += size;
  }
  return bytes;
}

export function pageFigures(lhr: Result): PageFigures {
  const scores: Partial<Record<Category, number>> = {};
  for (const category of ALL_CATEGORIES) {
    const score = lhr.categories[category]?.score;
    if (typeof score === 'number') scores[category] = score;
  }
  const figures: PageFigures = {scores, bytes: transferredBytes(lhr)};
  const lcp = lhr.audits['largest-contentful-paint']?.numericValue;
  const tbt = lhr.audits['total-blocking-time']?.numericValue;
  if (typeof lcp === 'number') figures.lcpMs = lcp;
  if (typeof tbt === 'number') figures.tbtMs = tbt;
  return figures;
}

/**
 * The audits that cost a category its full score: each with its score and its title, and for a table the first
 * few items (the elements or URLs at fault), so that a failure says what to fix without opening the report.
 */
export function failingAudits(lhr: Result, category: Category): string[] {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  const lines: string[] = [];
  for (const ref of refs) {
    if (ref.weight === 0) continue;
    const result = lhr.audits[ref.id];
    if (!result || result.score === null || result.score >= 1) continue;
    lines.push(
      `${ref.id} (score ${result.score}): ${result.title}${result.displayValue ? ` — ${result.displayValue}` : ''}`,
    );
    const details = result.details;
    if (details && (details.type === 'table' || details.type === 'list')) {
      const items = (details.items as unknown as Record<string, unknown>[]).slice(0, 5);
      for (const item of items) lines.push(`    ${describeItem(item)}`);
    }
  }
  return lines;
}

function describeItem(item: Record<string, unknown>): string {
  const node = item.node as {selector?: string; snippet?: string} | undefined;
  if (node?.selector) return `${node.selector} ${node.snippet ?? ''}`.trim();
  if (typeof item.url === 'string') return item.url;
  if (typeof item.description === 'string') return item.description;
  if (typeof item.source === 'string') return item.source;
  return JSON.stringify(item).slice(0, 200);
}
