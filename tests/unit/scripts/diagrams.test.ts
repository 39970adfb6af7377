import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {
  COLOUR_MODES,
  DIAGRAMS_DIR,
  diagramKey,
  findDiagrams,
  mermaidFences,
  svgFileName,
  svgTextAlternative,
} from '../../../scripts/diagrams/diagrams.ts';
import remarkDiagrams from '../../../scripts/diagrams/remarkDiagrams.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const diagrams = findDiagrams(root);
const committed = readdirSync(join(root, DIAGRAMS_DIR)).filter((name) => name.endsWith('.svg'));

describe('the committed diagram SVGs', () => {
  it('finds the diagrams in the articles', () => {
    expect(diagrams.map(({file}) => file)).toContain('docs/websocket/opening-handshake.mdx');
  });

  // A diagram's SVGs are named by the hash of its source: a changed diagram has none until `npm run diagrams` runs.
  it.each(diagrams)('are up to date with the diagram in $file ($key)', ({key}) => {
    for (const mode of COLOUR_MODES) expect(committed).toContain(svgFileName(key, mode));
  });

  it('are all used by some diagram (npm run diagrams deletes the others)', () => {
    const used = diagrams.flatMap(({key}) => COLOUR_MODES.map((mode) => svgFileName(key, mode)));
    expect(committed.filter((name) => !used.includes(name))).toEqual([]);
  });

  it.each(committed)('%s has a title and a description, as an image', (name) => {
    const svg = readFileSync(join(root, DIAGRAMS_DIR, name), 'utf8');
    const {title, description} = svgTextAlternative(svg);
    expect(title).not.toBe('');
    expect(description.length).toBeGreaterThan(title.length);
    expect(svg).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="chart-title-[^"]+"[^>]*aria-describedby=/);
  });
});

describe('mermaidFences', () => {
  it('finds fenced Mermaid and only Mermaid, as Markdown hands a fence to a plugin', () => {
    const text = [
      '```js',
      'a()',
      '```',
      '',
      '```mermaid',
      'sequenceDiagram',
      '  A->>B: hi',
      '```',
      '',
      '~~~mermaid',
      'x',
      '~~~',
    ];
    expect(mermaidFences(text.join('\n'))).toEqual(['sequenceDiagram\n  A->>B: hi', 'x']);
  });
});

describe('remarkDiagrams', () => {
  const transform = remarkDiagrams();
  const fence = (value: string) => ({type: 'code', lang: 'mermaid', value, position: {start: {line: 7}}});

  it('puts both committed SVGs of a fence in a Diagram element named by its title', () => {
    const [diagram] = diagrams;
    if (diagram === undefined) throw new Error('no diagram in the articles');
    const tree = {type: 'root', children: [{type: 'blockquote', children: [fence(diagram.source)]}]};
    transform(tree, {path: join(root, diagram.file)});
    const element = tree.children[0]?.children[0] as unknown as {
      type: string;
      name: string;
      attributes: {name: string; value: string}[];
    };
    expect(element.type).toBe('mdxJsxFlowElement');
    expect(element.name).toBe('Diagram');
    const attributes = Object.fromEntries(element.attributes.map(({name, value}) => [name, value]));
    expect(attributes.light).toContain(`id="diagram-${diagram.key}-light"`);
    expect(attributes.dark).toContain(`id="diagram-${diagram.key}-dark"`);
    expect(attributes.title).toBe(svgTextAlternative(attributes.light ?? '').title);
  });

  it('fails the build with the command to run when a fence has not been rendered', () => {
    const tree = {type: 'root', children: [fence('sequenceDiagram\n  A->>B: never rendered')]};
    expect(() => transform(tree, {path: join(root, 'docs/example.mdx')})).toThrow(
      /docs\/example\.mdx:7 has not been rendered.*npm run diagrams/,
    );
  });

  it('names a diagram by its source', () => {
    expect(diagramKey('a')).not.toBe(diagramKey('b'));
    expect(diagramKey('a')).toMatch(/^[0-9a-f]{16}$/);
  });
});
