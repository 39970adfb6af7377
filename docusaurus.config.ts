import type * as Preset from '@docusaurus/preset-classic';
import type {PluginOptions as SearchOptions} from '@easyops-cn/docusaurus-search-local';
import type {Config} from '@docusaurus/types';
import {themes as prismThemes, type PrismTheme} from 'prism-react-renderer';
import {PRODUCTION_SITE_URL} from './demo-server/src/contract/deployment.ts';
import {gitHistory, undatedBuildNotice} from './src/lib/gitHistory.ts';
import remarkDiagrams from './scripts/diagrams/remarkDiagrams.ts';
import buildTimeHighlighting from './scripts/highlight/plugin.ts';
import routeChunksInHtml from './scripts/routeChunks/plugin.ts';
import bundlerCachePerGeneratedFolder from './scripts/bundlerCache/plugin.ts';
import remarkHighlight, {type RemarkHighlightOptions} from './scripts/highlight/remarkHighlight.ts';
import {VERSION} from './demo-server/src/version.ts';
import {parseDemoServerUrl} from './src/lib/siteConfig.ts';

// Runs in Node at build time. Everything a page needs from the environment is
// read here once and handed to the browser through `customFields`.

/** Where the demo server answers; demos derive their ws:// or wss:// URLs from it. */
const demoServerUrl = parseDemoServerUrl(process.env.DEMO_SERVER_URL);

export interface SiteCustomFields {
  demoServerUrl: string;
  /** The project's version (package.json), named as the creator of the HAR files the demos export. */
  siteVersion: string;
  [key: string]: unknown;
}

const customFields: SiteCustomFields = {demoServerUrl, siteVersion: VERSION};

/**
 * The public repository, for "Edit this page" and the source link. A fork
 * that publishes its own copy sets REPOSITORY_URL so edits go to the fork.
 */
const repositoryUrl = (process.env.REPOSITORY_URL ?? 'https://github.com/over-the-wire/over-the-wire').replace(
  /\/+$/,
  '',
);
const editUrl = `${repositoryUrl}/edit/main/`;

/**
 * Each page is dated by the last commit that changed its source ("Last updated on …", the sitemap's lastmod),
 * read from git once per build (and in `npm start` too, where Docusaurus would otherwise show made-up dates). A
 * shallow clone, or a copy without git, gets no dates rather than wrong ones.
 */
// The config is compiled to CommonJS when Docusaurus loads it (jiti), so `import.meta` is not available here.
const history = gitHistory(__dirname);
const datedByGit = history === 'full';
const undatedNotice = undatedBuildNotice(history);
// Docusaurus loads this file more than once per build: say it once.
const noticeShown = Symbol.for('over-the-wire.undated-notice');
if (undatedNotice !== null && !(noticeShown in globalThis)) {
  Object.assign(globalThis, {[noticeShown]: true});
  console.warn(`[over-the-wire] ${undatedNotice}`);
}

/** `theme` with some of its token colours replaced: `colours` maps a colour, as the theme writes it, to its substitute. */
function recolour(theme: PrismTheme, colours: Record<string, string>): PrismTheme {
  const swap = (color: string | undefined) => (color === undefined ? undefined : (colours[color] ?? color));
  return {
    ...theme,
    styles: theme.styles.map((entry) => ({...entry, style: {...entry.style, color: swap(entry.style.color)}})),
  };
}

/**
 * Code colours: GitHub's light and Dracula's dark Prism themes, with every token that fell short of 4.5:1 on its
 * block's background (WCAG 2.2 §1.4.3) darkened or lightened along its own hue until it reaches 4.6:1. Ratios
 * measured with the WCAG relative-luminance formula, before → after.
 */
const lightCodeTheme = recolour(prismThemes.github, {
  '#999988': '#717161', // comment: 2.71 → 4.66 on #f6f8fa
  '#e3116c': '#da1067', // string: 4.32 → 4.64
  '#36acaa': '#277b7a', // number, property, constant…: 2.58 → 4.70
  '#00a4db': '#0078a0', // keyword, attribute name: 2.69 → 4.70
  '#d73a49': '#d42d3d', // function, tag: 4.30 → 4.65
});
const darkCodeTheme = recolour(prismThemes.dracula, {
  'rgb(98, 114, 164)': '#8692b9', // comment: 3.03 → 4.63 on #282a36
});

// Code is highlighted when the site is built (scripts/highlight/): the same Prism and languages the theme would
// have run in every reader's browser, which now loads no Prism at all.
const additionalPrismLanguages = ['bash', 'http', 'json'];
const highlightOptions: RemarkHighlightOptions = {additionalLanguages: additionalPrismLanguages};

const config: Config = {
  title: 'Over the Wire',
  tagline: 'Watch HTTP, WebSocket, polling and REST happen live, byte by byte.',
  favicon: 'img/favicon.svg',

  future: {
    v4: true,
    experimental_vcs: datedByGit ? 'git-eager' : 'disabled',
  },

  url: process.env.SITE_URL ?? PRODUCTION_SITE_URL,
  baseUrl: process.env.BASE_URL ?? '/',
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',

  markdown: {
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },
  plugins: [buildTimeHighlighting, routeChunksInHtml, bundlerCachePerGeneratedFolder],
  clientModules: ['./src/clientModules/idlePrefetch.ts'],

  themes: [
    // Search runs in the reader's browser: the build writes an index of the docs and the blog next to the pages,
    // and the search bar fetches it from this site, in a worker, when the reader first focuses the search box (or
    // rests the pointer on it: the plugin preloads then). No other host is involved. `npm start` has no index;
    // search works in `npm run build`'s output.
    [
      '@easyops-cn/docusaurus-search-local',
      {
        indexDocs: true,
        indexBlog: true,
        indexPages: false,
        language: ['en'],
        // The index's name carries a hash of the docs and posts, so a host can cache it for good like /assets/.
        hashed: 'filename',
        // The blog's lists repeat the posts' openings; only the posts themselves are results.
        ignoreFiles: [/^blog\/(archive|authors|page)(\/|$)/],
        // Marking the words on the page a result leads to would put mark.js in every page's bundle.
        highlightSearchTermsOnTargetPage: false,
        searchResultLimits: 8,
        // Ctrl+K (⌘K) still focuses the search box. The hint would draw the keys in the box at 1.5:1, and in its
        // place, once something is typed, a 11 × 16 px clear button named "✕": no hint, no such button.
        searchBarShortcutHint: false,
      } satisfies SearchOptions,
    ],
  ],

  i18n: {
    defaultLocale: 'en',
    locales: ['en'],
  },

  customFields,

  presets: [
    [
      'classic',
      {
        docs: {
          sidebarPath: './sidebars.ts',
          remarkPlugins: [remarkDiagrams, [remarkHighlight, highlightOptions]],
          showLastUpdateTime: datedByGit,
          editUrl,
        },
        blog: {
          showReadingTime: true,
          remarkPlugins: [remarkDiagrams, [remarkHighlight, highlightOptions]],
          showLastUpdateTime: datedByGit,
          editUrl,
          blogSidebarTitle: 'All posts',
          blogSidebarCount: 'ALL',
          feedOptions: {
            type: ['rss', 'atom'],
            xslt: true,
            copyright: `Copyright © ${new Date().getFullYear()} the Over the Wire contributors. MIT licensed.`,
            // Feed readers run no scripts: each live demo's "Loading…" placeholder becomes a line that
            // names the demo and links to the post, where it runs.
            createFeedItems: async ({blogPosts, defaultCreateFeedItems, ...rest}) => {
              const items = await defaultCreateFeedItems({blogPosts, ...rest});
              return items.map((item) => ({
                ...item,
                content: item.content?.replace(
                  /<section class="frame_[^"]*" aria-label="([^"]+)" aria-busy="true">[\s\S]*?<\/section>/g,
                  (_match, title: string) =>
                    `<p><em>Live demo: ${title}.</em> It runs in your browser against the demo server; <a href="${item.link}">open the post</a> to use it.</p>`,
                ),
              }));
            },
          },
          onInlineTags: 'throw',
          onInlineAuthors: 'throw',
          onUntruncatedBlogPosts: 'throw',
        },
        pages: {
          remarkPlugins: [remarkDiagrams, [remarkHighlight, highlightOptions]],
        },
        theme: {
          customCss: './src/css/custom.css',
        },
        sitemap: {
          // The search page is a tool, not an article (its own robots meta says noindex as well).
          ignorePatterns: ['/search'],
          lastmod: datedByGit ? 'date' : null,
          changefreq: null,
          priority: null,
        },
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    image: 'img/social-card.png',
    colorMode: {
      respectPrefersColorScheme: true,
    },
    metadata: [
      {name: 'description', content: 'Watch HTTP, WebSocket, polling and REST happen live in your own browser.'},
    ],
    navbar: {
      title: 'Over the Wire',
      logo: {
        alt: '',
        src: 'img/logo.svg',
        width: 32,
        height: 32,
      },
      items: [
        {type: 'docSidebar', sidebarId: 'learn', position: 'left', label: 'Learn'},
        {to: '/blog', label: 'Blog', position: 'left'},
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Learn',
          items: [
            {label: 'Start here', to: '/docs/intro'},
            {label: 'The WebSocket opening handshake', to: '/docs/websocket/opening-handshake'},
            {label: 'Frames and masking', to: '/docs/websocket/frames-and-masking'},
          ],
        },
        {
          title: 'Primary sources',
          items: [
            {label: 'RFC 6455: The WebSocket Protocol', href: 'https://www.rfc-editor.org/rfc/rfc6455'},
            {label: 'RFC 9110: HTTP Semantics', href: 'https://www.rfc-editor.org/rfc/rfc9110'},
            {
              label: 'Fielding (2000), chapter 5',
              href: 'https://ics.uci.edu/~fielding/pubs/dissertation/rest_arch_style.htm',
            },
          ],
        },
        {
          title: 'More',
          items: [
            {label: 'Blog', to: '/blog'},
            {label: 'RSS feed', href: 'pathname:///blog/rss.xml'},
            {label: 'Atom feed', href: 'pathname:///blog/atom.xml'},
            {label: 'Source code', href: repositoryUrl},
          ],
        },
      ],
      copyright: `Copyright © ${new Date().getFullYear()} the Over the Wire contributors. Text and code MIT licensed.`,
    },
    prism: {
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      additionalLanguages: additionalPrismLanguages,
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
