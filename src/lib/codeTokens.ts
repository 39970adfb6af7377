/**
 * Code blocks are highlighted when the site is built, not in the reader's browser: the remark plugin in
 * scripts/highlight/ runs Prism over each fenced block and hands the tokens to the code block as a prop, in the
 * compact form defined here. The page then carries no Prism at all (about 26 KiB of compressed script and, on a
 * mid-range phone, a third of a second of main thread at start-up, on every page).
 *
 * Everything below works on tokens only, so it runs the same at build time, in the server render and in the
 * browser. The colouring mirrors prism-react-renderer 2.4 (MIT, which Docusaurus's code block used before):
 * `themeToDict`, the line props and the token props, so the markup is the same as before, byte for byte.
 */
import type {CSSProperties} from 'react';

/** One token of one line, as prism-react-renderer's `normalizeTokens` makes it. */
export interface CodeToken {
  types: string[];
  content: string;
  /** Set on the one token of an empty line, whose content is then "\n". */
  empty?: boolean;
}

/** A token as the page carries it: its types joined by spaces, its text, and 1 when it stands for an empty line. */
export type EncodedToken = [types: string, content: string] | [types: string, content: string, empty: 1];

/** What the build hands to a code block: the language it tokenised with, and the lines. */
export interface BuildHighlight {
  language: string;
  lines: EncodedToken[][];
}

/** The prop (a JSON string of a BuildHighlight) by which the build's tokens reach `@theme/CodeBlock`. */
export const HIGHLIGHT_PROP = 'data-highlight';

export function encodeLines(lines: readonly CodeToken[][]): EncodedToken[][] {
  return lines.map((line) =>
    line.map(({types, content, empty}): EncodedToken =>
      empty ? [types.join(' '), content, 1] : [types.join(' '), content],
    ),
  );
}

export function decodeLines(lines: readonly EncodedToken[][]): CodeToken[][] {
  return lines.map((line) =>
    line.map(([types, content, empty]) =>
      empty ? {types: types.split(' '), content, empty: true} : {types: types.split(' '), content},
    ),
  );
}

/** The code the lines spell out, to check that tokens belong to the code a block shows. */
export function linesText(lines: readonly CodeToken[][]): string {
  return lines.map((line) => line.map((token) => (token.empty ? '' : token.content)).join('')).join('\n');
}

/** Reads the prop the build wrote; undefined when it is absent or not what the build writes. */
export function parseBuildHighlight(prop: unknown): BuildHighlight | undefined {
  if (typeof prop !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(prop);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const {language, lines} = value as Partial<BuildHighlight>;
  const isToken = (token: unknown): boolean =>
    Array.isArray(token) &&
    (token.length === 2 || (token.length === 3 && token[2] === 1)) &&
    typeof token[0] === 'string' &&
    typeof token[1] === 'string';
  if (typeof language !== 'string' || !Array.isArray(lines)) return undefined;
  if (!lines.every((line) => Array.isArray(line) && line.every(isToken))) return undefined;
  return {language, lines};
}

/** A line of plain text per line of code: what a block shows when no tokens fit it. */
export function plainLines(code: string): CodeToken[][] {
  return code
    .split(/\r\n|\r|\n/)
    .map((text) =>
      text === '' ? [{types: ['plain'], content: '\n', empty: true}] : [{types: ['plain'], content: text}],
    );
}

/** The parts of a Prism theme (prism-react-renderer's `PrismTheme`) the colouring reads. */
export interface CodeTheme {
  plain: CSSProperties;
  styles: readonly {types: readonly string[]; style: CSSProperties; languages?: readonly string[]}[];
}

export type ThemeDictionary = Record<string, CSSProperties | undefined> & {root: CSSProperties; plain: CSSProperties};

/** prism-react-renderer's themeToDict: each token type's style for one language. */
export function themeToDict(theme: CodeTheme, language: string): ThemeDictionary {
  const dict: Record<string, CSSProperties | undefined> = {};
  for (const {languages, style, types} of theme.styles) {
    if (languages && !languages.includes(language)) continue;
    for (const type of types) dict[type] = {...dict[type], ...style};
  }
  return {...dict, root: theme.plain, plain: {...theme.plain, backgroundColor: undefined}};
}

export interface LineInputProps {
  className?: string;
  style?: CSSProperties;
  line: CodeToken[];
  [other: string]: unknown;
}

export interface LineOutputProps {
  className: string;
  style?: CSSProperties;
  [other: string]: unknown;
}

export interface TokenInputProps {
  token: CodeToken;
  className?: string;
  style?: CSSProperties;
  [other: string]: unknown;
}

export interface TokenOutputProps {
  className: string;
  style?: CSSProperties;
  children: string;
  [other: string]: unknown;
}

function classNames(...names: (string | undefined | false)[]): string {
  return names.filter(Boolean).join(' ');
}

export function lineProps(
  dict: ThemeDictionary,
  {className, style, line: _line, ...rest}: LineInputProps,
): LineOutputProps {
  const output: LineOutputProps = {...rest, className: classNames('token-line', className)};
  output.style = dict.plain;
  if (typeof style === 'object') output.style = {...output.style, ...style};
  return output;
}

function tokenStyle(dict: ThemeDictionary, {types, empty}: CodeToken): CSSProperties | undefined {
  if (types.length === 1 && types[0] === 'plain') return empty ? {display: 'inline-block'} : undefined;
  if (types.length === 1 && empty) return dict[types[0] ?? ''];
  const base: CSSProperties = empty ? {display: 'inline-block'} : {};
  return types.reduce<CSSProperties>((style, type) => ({...style, ...dict[type]}), base);
}

export function tokenProps(
  dict: ThemeDictionary,
  {token, className, style, ...rest}: TokenInputProps,
): TokenOutputProps {
  const output: TokenOutputProps = {
    ...rest,
    className: classNames('token', ...token.types, className),
    children: token.content,
  };
  const themed = tokenStyle(dict, token);
  if (themed !== undefined) output.style = themed;
  if (style !== undefined) output.style = {...output.style, ...style};
  return output;
}
