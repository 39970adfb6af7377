/**
 * Benchmark (not a test): Lighthouse 13 on the pages readers land on.
 *
 *   npm run bench:lighthouse                          (builds, then 3 runs per page)
 *   npm run bench:lighthouse -- --skip-build          (uses the build-e2e directory as it is)
 *   npm run bench:lighthouse -- --runs 5 --page /docs/rest/stateless --out /tmp/results.md
 *
 * Builds the site as `npm run build:e2e` does (pointed at the end-to-end demo server's port, tests/e2e/ports.ts),
 * starts the real demo server (tests/e2e/demoServerHarness.mts) and serves the build compressed and cached as a
 * real host does (scripts/serve-build.mts), each in a process of its own so that Lighthouse's own work cannot
 * delay their answers. Then runs Lighthouse 13 (mobile, default simulated throttling, all four categories) on the
 * home page, every docs article with a live demo and every blog post, `--runs` times each, prints each run and
 * every page's medians, and writes docs/_lighthouse-results.md (or `--out`): the table and the sentences about
 * it (scripts/bench-lighthouse-report.mts).
 *
 * The ports are the end-to-end tests' (E2E_SITE_PORT, E2E_DEMO_SERVER_PORT, E2E_CONTROL_PORT move them); with
 * --skip-build, the build must have been made for the same demo server port, which the script checks.
 *
 * Performance, LCP and TBT depend on how busy the machine is; the file states the load average.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {cpus, loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {
  E2E_CONTROL_PORT,
  E2E_DEMO_SERVER_PORT,
  E2E_DEMO_SERVER_URL,
  E2E_SITE_PORT,
  E2E_SITE_URL,
} from '../tests/e2e/ports.ts';
import {pageMedians, resultsMarkdown, tableRow, TABLE_HEADER} from './bench-lighthouse-report.mts';
import {
  ALL_CATEGORIES,
  audit,
  failingAudits,
  launchChromium,
  pageFigures,
  type PageFigures,
} from './lighthouse/audit.mts';
import {sitePages} from './lighthouse/pages.mts';
import {CHROMIUM_PATH} from './chromium.mts';

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultOut = fileURLToPath(new URL('../docs/_lighthouse-results.md', import.meta.url));
const {values} = parseArgs({
  options: {
    'skip-build': {type: 'boolean', default: false},
    runs: {type: 'string', default: '3'},
    page: {type: 'string', multiple: true},
    out: {type: 'string', default: defaultOut},
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const commandArgs = [...(runs === 3 ? [] : [`--runs ${runs}`]), ...(values.page ?? []).map((path) => `--page ${path}`)];
const command = `npm run bench:lighthouse${commandArgs.length ? ` -- ${commandArgs.join(' ')}` : ''}`;

if (!values['skip-build']) {
  console.log(`Building into build-e2e (demo server at ${E2E_DEMO_SERVER_URL})…`);
  execFileSync('npm', ['run', 'build:e2e'], {
    cwd: root,
    stdio: 'inherit',
    env: {...process.env, E2E_DEMO_SERVER_PORT: String(E2E_DEMO_SERVER_PORT)},
  });
}

const children: ChildProcess[] = [];
function start(args: string[], env: Record<string, string> = {}): void {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {...process.env, ...env},
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
}
function stopAll(): void {
  for (const child of children) child.kill('SIGTERM');
}
process.on('exit', stopAll);

async function waitFor(url: string, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

start(['tests/e2e/demoServerHarness.mts'], {
  E2E_DEMO_SERVER_PORT: String(E2E_DEMO_SERVER_PORT),
  E2E_CONTROL_PORT: String(E2E_CONTROL_PORT),
  E2E_SITE_ORIGINS: `${E2E_SITE_URL},http://127.0.0.1:${E2E_SITE_PORT}`,
});
start(['scripts/serve-build.mts', '--dir', 'build-e2e', '--port', String(E2E_SITE_PORT), '--host', 'localhost']);
await Promise.all([waitFor(`${E2E_DEMO_SERVER_URL}/health`, 30), waitFor(`${E2E_SITE_URL}/`, 120)]);

// The build carries the demo server's URL (DEMO_SERVER_URL at build time, in the main bundle): with a build made
// for another port, every demo would be offline and the figures would not be those of a page with live demos.
const homeHtml = await (await fetch(`${E2E_SITE_URL}/`)).text();
const mainBundle = /\/assets\/js\/main\.[0-9a-f]+\.js/.exec(homeHtml)?.[0];
if (!mainBundle || !(await (await fetch(`${E2E_SITE_URL}${mainBundle}`)).text()).includes(E2E_DEMO_SERVER_URL)) {
  stopAll();
  throw new Error(
    `build-e2e was not built for a demo server at ${E2E_DEMO_SERVER_URL}: drop --skip-build, or set the ` +
      'E2E_DEMO_SERVER_PORT it was built with',
  );
}

const pages = (await sitePages(E2E_SITE_URL)).filter(
  ({path, type}) => type !== 'article' && (!values.page || values.page.includes(path)),
);
if (pages.length === 0) throw new Error(`No page to measure (--page ${values.page?.join(', ')})`);

const chrome = await launchChromium();
const chromiumVersion = execFileSync(CHROMIUM_PATH ?? chrome.process.spawnfile, ['--version'], {
  encoding: 'utf8',
}).trim();
const loadStart = loadavg()[0] ?? 0;
const results: {page: (typeof pages)[number]; medians: ReturnType<typeof pageMedians>}[] = [];
try {
  for (const page of pages) {
    const pageRuns: PageFigures[] = [];
    for (let run = 1; run <= runs; run++) {
      const lhr = await audit(`${E2E_SITE_URL}${page.path}`, {
        port: chrome.port,
        categories: ALL_CATEGORIES,
        throttling: 'simulate',
      });
      const figures = pageFigures(lhr);
      pageRuns.push(figures);
      // What cost a category other than performance its full score (the gate in tests/e2e holds them at 1.00).
      for (const category of ALL_CATEGORIES.filter((c) => c !== 'performance' && (figures.scores[c] ?? 1) < 1)) {
        console.log(`  ${category}:\n    ${failingAudits(lhr, category).join('\n    ')}`);
      }
      console.log(
        `${page.path} run ${run}/${runs}: ${ALL_CATEGORIES.map((c) => `${c} ${figures.scores[c]?.toFixed(2)}`).join(', ')}; ` +
          `LCP ${Math.round(figures.lcpMs ?? NaN)} ms, TBT ${Math.round(figures.tbtMs ?? NaN)} ms, ` +
          `${figures.bytes.total} B (JS ${figures.bytes.script}, CSS ${figures.bytes.stylesheet})`,
      );
    }
    results.push({page, medians: pageMedians(pageRuns)});
  }
} finally {
  chrome.kill();
  stopAll();
}
const loadEnd = loadavg()[0] ?? 0;

console.log(`\nMedians of ${runs} run${runs === 1 ? '' : 's'} per page:\n`);
const rows = [[...TABLE_HEADER], ...results.map(({page, medians}) => tableRow(page, medians))];
const widths = TABLE_HEADER.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
for (const row of rows)
  console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));

const lighthouseVersion = (
  JSON.parse(readFileSync(new URL('../node_modules/lighthouse/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
const markdown = resultsMarkdown({
  date: new Date().toISOString().slice(0, 10),
  command,
  runsPerPage: runs,
  lighthouseVersion,
  chromiumVersion,
  nodeVersion: process.version,
  cpuModel: cpus()[0]?.model.trim() ?? 'an unknown CPU',
  cpuCores: cpus().length,
  loadAverage: {start: loadStart, end: loadEnd},
  pages: results,
  performanceGoal: 0.98,
});
await writeFile(values.out, await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out}));
console.log(`\nWrote ${values.out}`);
