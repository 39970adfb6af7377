/** Which pages the Lighthouse benchmark and gate look at, and as what type, from the built HTML. */
import {describe, expect, it} from 'vitest';
import {pageType, sitemapPaths} from '../../../../scripts/lighthouse/pages.mts';

const docsHtml = (id: string, body = '') =>
  `<!doctype html><html lang=en dir=ltr class="docs-wrapper plugin-docs plugin-id-default docs-version-current docs-doc-page docs-doc-id-${id}" data-has-hydrated=false><body>${body}</body></html>`;

describe('pageType', () => {
  it('calls / the home page', () => {
    expect(pageType('/', '<html lang=en class="plugin-pages plugin-id-default">')).toBe('home');
  });

  it('tells a docs article with a demo placeholder from one without', () => {
    expect(pageType('/docs/rest/stateless', docsHtml('rest/stateless', '<section class=x aria-busy=true>'))).toBe(
      'demo-article',
    );
    expect(pageType('/docs/intro', docsHtml('intro', '<section aria-busy="false">'))).toBe('article');
  });

  it('calls a blog post a post, demo or not', () => {
    const post = '<html lang=en dir=ltr class="blog-wrapper blog-post-page plugin-blog plugin-id-default">';
    expect(pageType('/blog/http-and-ftp', `${post}<section aria-busy=true>`)).toBe('post');
  });

  it('leaves out lists, tags and category indexes', () => {
    expect(pageType('/blog', '<html class="blog-wrapper blog-list-page plugin-blog">')).toBeNull();
    expect(pageType('/blog/tags', '<html class="blog-wrapper blog-tags-list-page plugin-blog">')).toBeNull();
    const category = '<html class="docs-wrapper plugin-docs plugin-id-default docs-version-current docs-doc-page">';
    expect(pageType('/docs/category/rest', category)).toBeNull();
  });
});

describe('sitemapPaths', () => {
  it('reads the paths of every <loc>, whatever host the sitemap names', () => {
    const xml =
      '<urlset><url><loc>https://example.org/docs/intro</loc></url><url><loc>https://example.org/</loc></url></urlset>';
    expect(sitemapPaths(xml)).toEqual(['/docs/intro', '/']);
  });
});
