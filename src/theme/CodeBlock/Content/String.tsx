/**
 * Docusaurus's string code block, handed the tokens the build made for it (scripts/highlight/remarkHighlight.ts)
 * through a context, for `@theme/CodeBlock/Content` to draw.
 */
import type {ReactNode} from 'react';
import {BuildHighlightContext} from '@site/src/lib/buildHighlightContext';
import {HIGHLIGHT_PROP, parseBuildHighlight} from '@site/src/lib/codeTokens';
import CodeBlockString from '@theme-original/CodeBlock/Content/String';
import type {Props} from '@theme/CodeBlock/Content/String';

export default function CodeBlockStringWithTokens(props: Props): ReactNode {
  const highlight = parseBuildHighlight((props as Props & Record<string, unknown>)[HIGHLIGHT_PROP]);
  return (
    <BuildHighlightContext.Provider value={highlight}>
      <CodeBlockString {...props} />
    </BuildHighlightContext.Provider>
  );
}
