/**
 * Remark plugin: replaces each Mermaid code fence with `<Diagram>` (see
 * src/components/Diagram), carrying the fence's two SVGs that
 * `npm run diagrams` rendered and committed. The build reads files only: no
 * browser, no Mermaid in the page. A fence whose SVGs are missing, because it
 * is new or was changed since they were rendered, fails the build with the
 * command that fixes it.
 */
import {readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {COLOUR_MODES, DIAGRAMS_DIR, diagramKey, svgFileName, svgTextAlternative} from './diagrams.ts';

/** The repository root, where `src/diagrams/` is. */
const siteDir = fileURLToPath(new URL('../..', import.meta.url));

interface VFileLike {
  path?: string;
}

/*
 * The few shapes of the Markdown syntax tree (mdast, with MDX's JSX nodes) this plugin reads and writes, written
 * here rather than imported from packages the project does not depend on directly.
 */
interface Position {
  start: {line: number};
}
interface MdastNode {
  type: string;
  children?: MdastNode[];
  position?: Position;
}
interface Code extends MdastNode {
  type: 'code';
  lang?: string | null;
  value: string;
}
interface MdxJsxFlowElement extends MdastNode {
  type: 'mdxJsxFlowElement';
  name: string;
  attributes: {type: 'mdxJsxAttribute'; name: string; value: string}[];
  children: MdastNode[];
}

function isMermaidFence(node: MdastNode): node is Code {
  return node.type === 'code' && (node as Code).lang === 'mermaid';
}

/** The SVG's markup without the comment `npm run diagrams` puts above it. */
function readSvg(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/^<!--[\s\S]*?-->\s*/, '')
    .trim();
}

function diagramElement(code: Code, siteDir: string, file: string): MdxJsxFlowElement {
  const key = diagramKey(code.value);
  const [light, dark] = COLOUR_MODES.map((mode) => {
    const path = join(siteDir, DIAGRAMS_DIR, svgFileName(key, mode));
    try {
      return readSvg(path);
    } catch {
      const line = code.position?.start.line ?? '?';
      throw new Error(
        `The Mermaid diagram at ${file}:${line} has not been rendered since it last changed ` +
          `(no ${relative(siteDir, path)}). Run \`npm run diagrams\` and commit src/diagrams/.`,
      );
    }
  }) as [string, string];
  const {title} = svgTextAlternative(light);
  const attribute = (name: string, value: string) => ({type: 'mdxJsxAttribute' as const, name, value});
  return {
    type: 'mdxJsxFlowElement',
    name: 'Diagram',
    attributes: [attribute('title', title), attribute('light', light), attribute('dark', dark)],
    children: [],
    ...(code.position ? {position: code.position} : {}),
  };
}

function replaceFences(node: MdastNode, siteDir: string, file: string): void {
  const children = node.children ?? [];
  children.forEach((child, index) => {
    if (isMermaidFence(child)) children[index] = diagramElement(child, siteDir, file);
    else replaceFences(child, siteDir, file);
  });
}

/** Docusaurus's docs, blog and pages plugins run it on every Markdown and MDX file (docusaurus.config.ts). */
export default function remarkDiagrams() {
  return (tree: MdastNode, vfile: VFileLike): void => {
    replaceFences(tree, siteDir, vfile.path === undefined ? '(unknown file)' : relative(siteDir, vfile.path));
  };
}
