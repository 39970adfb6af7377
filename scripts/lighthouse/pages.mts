/**
 * The pages Lighthouse looks at, by type, read from a served build: the sitemap lists them, and each page's
 * HTML says what it is (Docusaurus marks `<html>` with `blog-post-page` or `docs-doc-page docs-doc-id-…`; a demo's
 * server-rendered placeholder is an `aria-busy` section, see tests/e2e/sitemap.ts).
 */

/**
 * `home`; `demo-article`: a docs article that embeds a live demo; `article`: a docs article without one;
 * `post`: a blog post (with or without a demo). Other pages (lists, tags, archive, category indexes) are none.
 */
export type PageType = 'home' | 'demo-article' | 'article' | 'post';
export const PAGE_TYPES: readonly PageType[] = ['home', 'demo-article', 'article', 'post'];

export interface SitePage {
  path: string;
  type: PageType;
}

/** What a page is, from its path and its built HTML; `null` for pages that are none of the types. */
export function pageType(path: string, html: string): PageType | null {
  if (path === '/') return 'home';
  const htmlClass = /<html [^>]*class="?([^">]*)/.exec(html)?.[1] ?? '';
  const classes = new Set(htmlClass.split(/\s+/));
  if (classes.has('blog-post-page')) return 'post';
  const isArticle = classes.has('docs-doc-page') && [...classes].some((name) => name.startsWith('docs-doc-id-'));
  if (!isArticle) return null;
  // The built HTML is minified: attribute quotes are dropped where they can be.
  return /<section [^>]*aria-busy="?true/.test(html) ? 'demo-article' : 'article';
}

/** The paths a sitemap lists, as paths on whatever host serves it. */
export function sitemapPaths(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1] ?? '').pathname);
}

/** Every page of the site at `siteUrl` that has a type, in sitemap order with the home page first. */
export async function sitePages(siteUrl: string): Promise<SitePage[]> {
  const text = async (path: string) => {
    const response = await fetch(`${siteUrl}${path}`);
    if (!response.ok) throw new Error(`${siteUrl}${path} answered ${response.status}`);
    return response.text();
  };
  const paths = sitemapPaths(await text('/sitemap.xml'));
  const pages = await Promise.all(
    paths.map(async (path) => {
      const type = pageType(path, await text(path));
      return type ? {path, type} : null;
    }),
  );
  return pages.filter((page) => page !== null).sort((a, b) => Number(b.type === 'home') - Number(a.type === 'home'));
}
