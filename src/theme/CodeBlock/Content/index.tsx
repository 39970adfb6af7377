/**
 * Draws a code block from the tokens the build made (src/lib/codeTokens.ts) instead of running Prism in the
 * browser. The markup is Docusaurus 3.10's CodeBlock/Content with prism-react-renderer's Highlight, unchanged:
 * the same elements, classes and inline theme colours.
 *
 * The tokens are used only if they spell exactly the code the block shows, in its language; otherwise (a code
 * block made outside Markdown, which the build never saw) the code is drawn as plain text.
 */
import clsx from 'clsx';
import {forwardRef, useMemo, type ComponentProps, type ReactNode} from 'react';
import {useCodeBlockContext} from '@docusaurus/theme-common/internal';
import {usePrismTheme} from '@docusaurus/theme-common';
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';
import Line from '@theme/CodeBlock/Line';
import type {Props} from '@theme/CodeBlock/Content';
import {useBuildHighlight} from '@site/src/lib/buildHighlightContext';
import {
  decodeLines,
  lineProps,
  linesText,
  plainLines,
  themeToDict,
  tokenProps,
  type CodeTheme,
  type LineInputProps,
  type TokenInputProps,
} from '@site/src/lib/codeTokens';

const Pre = forwardRef<HTMLPreElement, ComponentProps<'pre'>>(function Pre(props, ref) {
  return (
    <pre
      ref={ref}
      // Scrollable code must be reachable by keyboard, as in Docusaurus's own code block.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      {...props}
      className={clsx(props.className, styles.codeBlock, 'thin-scrollbar')}
    />
  );
});

function Code(props: ComponentProps<'code'>): ReactNode {
  const {metadata} = useCodeBlockContext();
  return (
    <code
      {...props}
      className={clsx(
        props.className,
        styles.codeBlockLines,
        metadata.lineNumbersStart !== undefined && styles.codeBlockLinesWithNumbering,
      )}
      style={{
        ...props.style,
        counterReset:
          metadata.lineNumbersStart === undefined ? undefined : `line-count ${metadata.lineNumbersStart - 1}`,
      }}
    />
  );
}

export default function CodeBlockContent({className: classNameProp}: Props): ReactNode {
  const {metadata, wordWrap} = useCodeBlockContext();
  const built = useBuildHighlight();
  const prismTheme = usePrismTheme() as CodeTheme;
  const {code, lineNumbersStart, lineClassNames} = metadata;
  // Highlight lower-cases the language it is given.
  const language = metadata.language.toLowerCase();
  const lines = useMemo(() => {
    const decoded = built && built.language === language ? decodeLines(built.lines) : undefined;
    return decoded && linesText(decoded) === code ? decoded : plainLines(code);
  }, [built, code, language]);
  const dict = useMemo(() => themeToDict(prismTheme, language), [prismTheme, language]);
  const getLineProps = (input: LineInputProps) => lineProps(dict, input);
  const getTokenProps = (input: TokenInputProps) => tokenProps(dict, input);
  return (
    <Pre
      // Handing the ref object to the element reads nothing during render; the rule cannot tell it from `.current`.
      // eslint-disable-next-line react-hooks/refs
      ref={wordWrap.codeBlockRef}
      className={clsx(classNameProp, `prism-code language-${language}`)}
      style={dict.root}
    >
      <Code>
        {lines.map((line, i) => (
          <Line
            key={i}
            line={line}
            getLineProps={getLineProps}
            getTokenProps={getTokenProps}
            classNames={lineClassNames[i]}
            showLineNumbers={lineNumbersStart !== undefined}
          />
        ))}
      </Code>
    </Pre>
  );
}
