/**
 * Carries a code block's build-time tokens (src/lib/codeTokens.ts) from `@theme/CodeBlock/Content/String`, which
 * receives them as a prop, down to `@theme/CodeBlock/Content`, which draws them.
 */
import {createContext, useContext} from 'react';
import type {BuildHighlight} from './codeTokens.ts';

export const BuildHighlightContext = createContext<BuildHighlight | undefined>(undefined);

export function useBuildHighlight(): BuildHighlight | undefined {
  return useContext(BuildHighlightContext);
}
