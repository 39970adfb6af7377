// @vitest-environment jsdom
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {Highlight, Prism, themes, type PrismTheme} from 'prism-react-renderer';
import {cleanup, render} from '@testing-library/react';
import type {ReactNode} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {PRISM_CLIENT_MODULE} from '../../../scripts/highlight/plugin.ts';
import remarkHighlight from '../../../scripts/highlight/remarkHighlight.ts';
import {addLanguages, tokenize} from '../../../scripts/highlight/tokenize.ts';
import {
  decodeLines,
  encodeLines,
  HIGHLIGHT_PROP,
  lineProps,
  linesText,
  parseBuildHighlight,
  plainLines,
  themeToDict,
  tokenProps,
  type CodeToken,
} from '../../../src/lib/codeTokens.ts';

const root = join(import.meta.dirname, '../../../');
addLanguages(['bash', 'http', 'json']);

const samples: [language: string, code: string][] = [
  ['json', '{\n  "id": 7,\n  "tags": ["a", "b"],\n  "done": false\n}'],
  ['http', 'GET /chat HTTP/1.1\nHost: example.com\nUpgrade: websocket\n\n'],
  ['bash', '# comment\ncurl -i -N "http://localhost:8787/events?since=$ID" | head -n 3'],
  ['ts', 'const x: number = 1; // one\n\nexport function f(a: string) {\n  return `${a}!`;\n}'],
  ['js', 'const socket = new WebSocket("ws://localhost");\nsocket.onmessage = ({data}) => console.log(data);'],
  ['text', 'plain\n\ntext'],
  ['nosuchlanguage', 'no grammar\nat all'],
  ['jsx', '<div className="a">{value}</div>'],
];

afterEach(cleanup);

/** Draws lines as Docusaurus's CodeBlock/Line does, with whichever line and token props it is given. */
function Lines({
  lines,
  getLineProps,
  getTokenProps,
}: {
  lines: CodeToken[][];
  getLineProps: (input: {line: CodeToken[]}) => object;
  getTokenProps: (input: {token: CodeToken}) => {children?: ReactNode};
}): ReactNode {
  return (
    <code>
      {lines.map((line, i) => (
        <div key={i} {...getLineProps({line})}>
          {line.map((token, j) => {
            const {children, ...props} = getTokenProps({token});
            return (
              <span key={j} {...props}>
                {children}
              </span>
            );
          })}
          <br />
        </div>
      ))}
    </code>
  );
}

function markup(node: ReactNode): string {
  const {container} = render(node);
  const html = container.innerHTML;
  cleanup();
  return html;
}

describe('build-time tokens', () => {
  // prism-react-renderer's Highlight, as Docusaurus's code block used it in the browser, is the reference: the
  // build's tokens, carried through the page and coloured by src/lib/codeTokens.ts, must draw the same markup.
  describe.each([
    ['light', themes.github],
    ['dark', themes.dracula],
  ] as const)('draw what prism-react-renderer drew, %s theme', (_mode, theme: PrismTheme) => {
    it.each(samples)('%s', (language, code) => {
      const expected = markup(
        <Highlight prism={Prism} theme={theme} code={code} language={language}>
          {({tokens, getLineProps, getTokenProps, style}) => (
            <pre style={style}>
              <Lines lines={tokens} getLineProps={getLineProps} getTokenProps={getTokenProps} />
            </pre>
          )}
        </Highlight>,
      );
      const lines = decodeLines(encodeLines(tokenize(code, language)));
      const dict = themeToDict(theme, language);
      const actual = markup(
        <pre style={dict.root}>
          <Lines
            lines={lines}
            getLineProps={(input) => lineProps(dict, input)}
            getTokenProps={(input) => tokenProps(dict, input)}
          />
        </pre>,
      );
      expect(actual).toBe(expected);
    });
  });

  it.each(samples)('spell out the code they were made from (%s)', (language, code) => {
    expect(linesText(tokenize(code, language))).toBe(code);
  });

  it('draws code without tokens as prism-react-renderer draws a language it has no grammar for', () => {
    const code = 'one\n\nthree\n';
    expect(plainLines(code)).toEqual(tokenize(code, 'nosuchlanguage'));
  });

  it('reads back only what the build writes', () => {
    const written = {language: 'json', lines: encodeLines(tokenize('{"a": 1}', 'json'))};
    expect(parseBuildHighlight(JSON.stringify(written))).toEqual(written);
    for (const bad of [
      undefined,
      3,
      '',
      '{',
      'null',
      '{"language":"json"}',
      '{"language":"json","lines":[["x"]]}',
      '{"language":"json","lines":[[["a","b",2]]]}',
    ])
      expect(parseBuildHighlight(bad)).toBeUndefined();
  });
});

interface Node {
  type: string;
  lang?: string | null;
  value?: string;
  children?: Node[];
  data?: {hProperties?: Record<string, unknown>};
  position?: {start: {line: number}};
}

describe('remarkHighlight', () => {
  const run = (tree: Node, options = {}) => remarkHighlight(options)(tree, {path: 'docs/x.mdx'});

  it('gives each fenced block its tokens, as the code block will show the code', () => {
    const code: Node = {type: 'code', lang: 'JSON', value: '{"a": 1}\n'};
    run({type: 'root', children: [{type: 'paragraph', children: []}, code]});
    const built = parseBuildHighlight(code.data?.hProperties?.[HIGHLIGHT_PROP]);
    expect(built?.language).toBe('json');
    expect(linesText(decodeLines(built?.lines ?? []))).toBe('{"a": 1}');
    expect(built?.lines[0]?.some(([types]) => types.includes('property'))).toBe(true);
  });

  it('falls back to the default language, then to plain text', () => {
    const bare: Node = {type: 'code', value: 'x = 1'};
    run({type: 'root', children: [bare]}, {defaultLanguage: 'js'});
    expect(parseBuildHighlight(bare.data?.hProperties?.[HIGHLIGHT_PROP])?.language).toBe('js');
    const plain: Node = {type: 'code', value: 'x = 1'};
    run({type: 'root', children: [plain]});
    expect(parseBuildHighlight(plain.data?.hProperties?.[HIGHLIGHT_PROP])?.language).toBe('text');
  });

  it('fails the build on a magic comment, naming the file, the line and the alternative', () => {
    const code: Node = {
      type: 'code',
      lang: 'js',
      value: 'a();\n// highlight-next-line\nb();',
      position: {start: {line: 12}},
    };
    expect(() => run({type: 'root', children: [code]})).toThrow(/docs\/x\.mdx:12: .*magic comment.*\{2-3\}/);
  });

  // Every fence in the articles: tokens that spell the code exactly (the block would otherwise be drawn plain).
  const fences = markdownFiles(root).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^( *)```(\w+)[^\n]*\n([\s\S]*?)^\1```$/gm)]
      .filter(([, , lang]) => lang !== 'mermaid')
      .map(([, indent = '', lang = '', body = '']) => ({
        file: file.slice(root.length),
        lang,
        code: body.replace(/\n$/, '').replace(new RegExp(`^${indent}`, 'gm'), ''),
      })),
  );
  it('finds the articles’ code blocks', () => expect(fences.length).toBeGreaterThanOrEqual(10));
  it.each(fences)('$file ($lang): tokens in a language Prism knows, which spell the code', ({lang, code}) => {
    expect(Prism.languages[lang], `no Prism grammar for ${lang}`).toBeDefined();
    expect(linesText(tokenize(code, lang))).toBe(code);
  });
});

describe('the browser bundle', () => {
  it('drops the request Docusaurus loads Prism by (the path its generated client-modules.js requires)', () => {
    expect(statSync(`${PRISM_CLIENT_MODULE}.js`).isFile()).toBe(true);
  });
});

function markdownFiles(dir: string): string[] {
  return ['docs', 'blog'].flatMap((top) => walk(join(dir, top)));
}
function walk(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return /\.mdx?$/.test(entry.name) ? [path] : [];
  });
}
