/**
 * Renders a blog cover drawn as SVG to the PNG that social cards use:
 *
 *   node scripts/render-cover.mts static/img/blog/<slug>.svg
 *
 * Writes static/img/blog/<slug>.png at the SVG's own width and height (covers
 * are 1200×630), rendered by Chromium (CHROMIUM_PATH, else Debian's
 * /usr/bin/chromium, else Playwright's own), then shrinks it with pngquant
 * when that is installed (`apt-get install pngquant`): covers are flat
 * colours, so a 256-colour palette loses nothing visible.
 */
import {chromium} from '@playwright/test';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';
import {execFileSync} from 'node:child_process';
import {readFileSync, statSync} from 'node:fs';
import {resolve} from 'node:path';

const [input] = process.argv.slice(2);
if (input === undefined || !input.endsWith('.svg')) {
  console.error('usage: node scripts/render-cover.mts <cover>.svg');
  process.exit(2);
}
const svgPath = resolve(input);
const pngPath = svgPath.replace(/\.svg$/, '.png');
const svg = readFileSync(svgPath, 'utf8');
const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1] ?? 1200);
const height = Number(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1] ?? 630);

const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
try {
  const page = await browser.newPage({viewport: {width, height}});
  await page.goto(`file://${svgPath}`);
  await page.screenshot({path: pngPath});
} finally {
  await browser.close();
}

try {
  execFileSync('pngquant', ['--quality', '70-95', '--strip', '--force', '--output', pngPath, pngPath]);
} catch {
  console.warn('pngquant is not installed: the PNG is not optimised');
}
console.log(`${pngPath}: ${width}×${height}, ${statSync(pngPath).size} bytes`);
