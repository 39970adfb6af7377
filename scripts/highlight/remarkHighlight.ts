/**
 * Remark plugin: highlights every fenced code block when the site is built. Each block's tokens travel to
 * `@theme/CodeBlock` as a prop (src/lib/codeTokens.ts), and src/theme/CodeBlock/Content draws them, so no page
 * loads Prism. The language is the fence's, as Docusaurus reads it (lower-cased; the theme's default language,
 * then plain text, when the fence names none).
 *
 * Docusaurus's magic comments (`// highlight-next-line` and the like) remove lines from the code in the browser,
 * which would no longer match the tokens: a block that uses one fails the build with the alternative (a line
 * range in the fence's metastring, `{2-3}`, highlights the same lines without changing the code).
 */
import {encodeLines, HIGHLIGHT_PROP, type BuildHighlight} from '../../src/lib/codeTokens.ts';
import {addLanguages, tokenize} from './tokenize.ts';

export interface RemarkHighlightOptions {
  /** prismjs languages to add to the ones prism-react-renderer bundles (the theme's `prism.additionalLanguages`). */
  additionalLanguages?: readonly string[];
  /** The theme's `prism.defaultLanguage`. */
  defaultLanguage?: string;
}

interface MdastNode {
  type: string;
  children?: MdastNode[];
  position?: {start: {line: number}};
}
interface Code extends MdastNode {
  type: 'code';
  lang?: string | null;
  value: string;
  data?: {hProperties?: Record<string, unknown>};
}
interface VFileLike {
  path?: string;
}

const MAGIC_COMMENT = /(?:\/\/|\/\*|#|<!--|\{\s*\/\*)\s*highlight-(?:next-line|start|end)\b/;

function codeNodes(node: MdastNode, found: Code[] = []): Code[] {
  if (node.type === 'code') found.push(node as Code);
  for (const child of node.children ?? []) codeNodes(child, found);
  return found;
}

/** What the plugin attaches to one block: the tokens of the code exactly as the code block will show it. */
export function buildHighlight(code: string, language: string): BuildHighlight {
  return {language, lines: encodeLines(tokenize(code, language))};
}

export default function remarkHighlight(options: RemarkHighlightOptions = {}) {
  addLanguages(options.additionalLanguages ?? []);
  return (tree: MdastNode, file: VFileLike): void => {
    for (const node of codeNodes(tree)) {
      const language = (node.lang ?? options.defaultLanguage ?? 'text').toLowerCase();
      // The code block drops one final line break before it draws the code (Docusaurus's parseLines).
      const code = node.value.replace(/\r?\n$/, '');
      if (MAGIC_COMMENT.test(code)) {
        throw new Error(
          `${file.path ?? 'A Markdown file'}:${node.position?.start.line ?? '?'}: this code block uses a magic ` +
            'comment (highlight-next-line, -start or -end), which build-time highlighting does not support. ' +
            'Highlight the lines with a range in the fence instead, for example ```js {2-3}.',
        );
      }
      node.data = {
        ...node.data,
        hProperties: {...node.data?.hProperties, [HIGHLIGHT_PROP]: JSON.stringify(buildHighlight(code, language))},
      };
    }
  };
}
