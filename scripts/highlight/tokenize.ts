/**
 * Prism, at build time: the same Prism the code block used in the browser before (prism-react-renderer's, with
 * the languages it bundles), plus the site's `additionalLanguages` from prismjs, added the way Docusaurus's
 * prism-include-languages adds them. Tokens come out in prism-react-renderer's normalised form, line by line.
 */
import {createRequire} from 'node:module';
import {normalizeTokens, Prism} from 'prism-react-renderer';
import type {CodeToken} from '../../src/lib/codeTokens.ts';

const require = createRequire(import.meta.url);
const added = new Set<string>();

/** Adds prismjs's grammar for each language to the shared Prism, once. */
export function addLanguages(languages: readonly string[]): void {
  const pending = languages.filter((language) => !added.has(language));
  if (pending.length === 0) return;
  // prismjs's language files extend the Prism they find on the global object.
  const global = globalThis as {Prism?: unknown};
  const before = global.Prism;
  global.Prism = Prism;
  try {
    for (const language of pending) {
      if (language === 'php') require('prismjs/components/prism-markup-templating.js');
      require(`prismjs/components/prism-${language}.js`);
      added.add(language);
    }
  } finally {
    if (before === undefined) delete global.Prism;
    else global.Prism = before;
  }
}

/** Whether Prism has a grammar for the language; without one, a block is a single plain token per line. */
export function hasGrammar(language: string): boolean {
  return Prism.languages[language] !== undefined;
}

/** Tokenises as prism-react-renderer's Highlight does: the language lower-cased, plain text when it has no grammar. */
export function tokenize(code: string, language: string): CodeToken[][] {
  const grammar = Prism.languages[language.toLowerCase()];
  if (grammar === undefined) return normalizeTokens([code]);
  const config = {code, grammar, language, tokens: [] as ReturnType<typeof Prism.tokenize>};
  Prism.hooks.run('before-tokenize', config);
  config.tokens = Prism.tokenize(code, grammar);
  Prism.hooks.run('after-tokenize', config);
  return normalizeTokens(config.tokens);
}
