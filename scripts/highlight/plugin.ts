/**
 * Docusaurus plugin: with code blocks highlighted at build time (remarkHighlight.ts), the browser needs no Prism.
 * The classic theme still loads it on every page, in a client module that registers the extra languages
 * (`prism-include-languages`); this drops that module from the browser's bundle, which leaves nothing there that
 * imports prism-react-renderer. The server render keeps it: it costs readers nothing.
 */
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import type {Plugin} from '@docusaurus/types';

const require = createRequire(import.meta.url);

/** The request by which Docusaurus's generated client-modules.js loads the module (an absolute path, no extension). */
export const PRISM_CLIENT_MODULE = join(
  dirname(require.resolve('@docusaurus/theme-classic/package.json')),
  'lib',
  'prism-include-languages',
);

export default function buildTimeHighlighting(): Plugin {
  return {
    name: 'build-time-highlighting',
    configureWebpack(_config, isServer) {
      if (isServer) return {};
      return {resolve: {alias: {[`${PRISM_CLIENT_MODULE}$`]: false}}};
    },
  };
}
