/**
 * Diagrams are Mermaid code fences in the articles, rendered ahead of time to
 * SVG (one for each colour mode) by `npm run diagrams` and committed under
 * `src/diagrams/`. The build inlines those SVGs (see `remarkDiagrams.ts`), so
 * no reader downloads Mermaid and no contributor needs a browser to build.
 *
 * This module is the one place that knows where a fence's SVGs live: the
 * render script, the remark plugin and the test that checks the SVGs are up
 * to date all name a diagram by the hash of its source.
 */
import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';

export const COLOUR_MODES = ['light', 'dark'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

/** Mermaid's theme for each colour mode (the ones `@docusaurus/theme-mermaid` used here). */
export const MERMAID_THEMES: Readonly<Record<ColourMode, string>> = {light: 'neutral', dark: 'dark'};

/** Folders whose `.md`/`.mdx` files may hold diagrams. */
export const CONTENT_DIRS = ['docs', 'blog', 'src/pages'] as const;

/** Where the rendered SVGs are committed, relative to the repository root. */
export const DIAGRAMS_DIR = 'src/diagrams';

export interface DiagramSource {
  /** The file it is in, relative to the repository root. */
  file: string;
  /** The fence's content, as Markdown hands it to a remark plugin (no final newline). */
  source: string;
  key: string;
}

/** The name a diagram's SVGs go by: a hash of its source and of the themes it is drawn in. */
export function diagramKey(source: string): string {
  return createHash('sha256')
    .update(JSON.stringify([source, MERMAID_THEMES]))
    .digest('hex')
    .slice(0, 16);
}

export function svgFileName(key: string, mode: ColourMode): string {
  return `${key}.${mode}.svg`;
}

const FENCE = /^(`{3,}|~{3,})mermaid[^\S\n]*\n([\s\S]*?)\n?^\1[^\S\n]*$/gm;

/** Every Mermaid fence in `text`, in order. Fences must start at the left margin. */
export function mermaidFences(text: string): string[] {
  return [...text.matchAll(FENCE)].map((match) => match[2] ?? '');
}

function markdownFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, {withFileTypes: true, recursive: true});
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Every diagram in the site's content, found from the repository root `root`. */
export function findDiagrams(root: string): DiagramSource[] {
  return CONTENT_DIRS.flatMap((dir) =>
    markdownFiles(join(root, dir)).flatMap((path) =>
      mermaidFences(readFileSync(path, 'utf8')).map((source) => ({
        file: relative(root, path),
        source,
        key: diagramKey(source),
      })),
    ),
  );
}

/** The `<title>` and `<desc>` of an SVG Mermaid drew, from the diagram's `accTitle` and `accDescr`. */
export function svgTextAlternative(svg: string): {title: string; description: string} {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/.exec(svg)?.[1]?.trim() ?? '';
  const description = /<desc[^>]*>([\s\S]*?)<\/desc>/.exec(svg)?.[1]?.trim() ?? '';
  return {title, description};
}
