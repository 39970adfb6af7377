/**
 * Each article and post says when it last changed, by the last commit that touched its source, and the sitemap
 * says the same in `lastmod`. A shallow clone cannot know those dates, so there the site must carry none rather
 * than the newest commit's date on every page (docusaurus.config.ts, src/lib/gitHistory.ts).
 */
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';
import {expect, test} from '@playwright/test';
import {gitHistory} from '../../src/lib/gitHistory.ts';
import {E2E_SITE_URL} from './ports.ts';
import {sitemapPaths} from './sitemap.ts';

const root = join(__dirname, '..', '..');
const dated = gitHistory(root) === 'full';

/** Pages and their sources: a docs article with a demo, one without, and a post. */
const SOURCES = [
  {path: '/docs/websocket/opening-handshake', source: 'docs/websocket/opening-handshake.mdx'},
  {path: '/docs/intro', source: 'docs/intro.mdx'},
  {path: '/blog/http-and-ftp', source: 'blog/2026-11-25-http-and-ftp/index.mdx'},
] as const;

/**
 * When the last commit that changed `source` was made, as an ISO instant in UTC (git's committer date). Merges do
 * not count, as in Docusaurus, which reads each commit's `--name-status` (empty for a merge): a page whose last
 * change was a merge's resolution of a conflict is dated by the newest commit on either side.
 */
function lastCommitOf(source: string): string {
  const date = execFileSync('git', ['log', '-1', '--no-merges', '--format=%cI', '--', source], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  return new Date(date).toISOString();
}

/** The sitemap's entries: path → lastmod (null when it has none). */
async function sitemapLastmods(): Promise<Map<string, string | null>> {
  const xml = await (await fetch(`${E2E_SITE_URL}/sitemap.xml`)).text();
  return new Map(
    [...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?/g)].map((match) => [
      new URL(match[1]!).pathname,
      match[2] ?? null,
    ]),
  );
}

/** The day `instant` falls on in UTC, as Docusaurus writes it under a page ("Dec 4, 2026"). */
function dayOf(instant: string): string {
  return new Intl.DateTimeFormat('en', {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'}).format(
    new Date(instant),
  );
}

/** The instant a built page says it was last updated (its `dateModified` time element), or null. */
function shownDate(html: string): string | null {
  return /<time datetime="?([^" >]+)"? itemprop="?dateModified/.exec(html)?.[1] ?? null;
}

for (const {path, source} of SOURCES) {
  test(`${path}: ${dated ? `shows when ${source} last changed, and the sitemap agrees` : 'no date (shallow clone), in the page or the sitemap'}`, async ({
    page,
  }) => {
    const changed = dated ? lastCommitOf(source) : null;
    await page.goto(path);
    const time = page.locator('main time[itemprop="dateModified"]');
    if (changed === null) {
      await expect(page.locator('main').getByRole('heading', {level: 1})).toBeVisible();
      await expect(time).toHaveCount(0);
    } else {
      await expect(time).toHaveAttribute('datetime', changed);
      await expect(time.locator('xpath=ancestor::footer[1]')).toContainText(`Last updated on ${dayOf(changed)}`);
    }
    expect((await sitemapLastmods()).get(path)).toBe(changed?.slice(0, 10) ?? null);
  });
}

test(`every article and post in the sitemap: ${dated ? 'a lastmod, the day its page shows' : 'no lastmod and no date (shallow clone)'}`, async () => {
  const lastmods = await sitemapLastmods();
  const articles = (await sitemapPaths()).filter(
    (path) => /^\/docs\/(?!category\/)/.test(path) || /^\/blog\/(?!tags$|authors$|archive$)[^/]+$/.test(path),
  );
  expect(articles.length, 'articles and posts in the sitemap').toBeGreaterThan(20);
  for (const path of articles) {
    const shown = shownDate(await (await fetch(`${E2E_SITE_URL}${path}`)).text());
    if (dated) expect(shown, `${path} shows a last-updated date`).not.toBeNull();
    expect(lastmods.get(path), `${path}'s lastmod`).toBe(shown?.slice(0, 10) ?? null);
  }
  if (!dated) expect([...lastmods.values()].filter((lastmod) => lastmod !== null)).toEqual([]);
});
