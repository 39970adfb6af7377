/**
 * Docusaurus plugin: each generated-files folder gets a bundler cache of its own, beside it in `node_modules/.cache`.
 *
 * Runs that must not disturb one another (`npm start`'s dev server, `npm run build`, the end-to-end build) each
 * write their generated files to their own folder (`DOCUSAURUS_GENERATED_FILES_DIR_NAME`, scripts/siteFolders.mts).
 * Their bundler caches, though, all live in one folder by default (`node_modules/.cache/rspack`), keyed by a name
 * that says production or development but not which build: `npm run build` and `npm run build:e2e` would read and
 * write the very same cache, at the same time when both run. This moves the cache to
 * `node_modules/.cache/rspack/<generated-files folder>` (`…/webpack/<folder>` without Docusaurus Faster), so a run
 * reuses only its own cache. `npm run clear` still removes them all (`docusaurus clear` empties `node_modules/.cache`).
 */
import {basename, join} from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';

export const PLUGIN_NAME = 'bundler-cache-per-generated-folder';

/** The part of a bundler configuration this reads: rspack's persistent cache, or webpack's filesystem cache. */
export interface CacheConfig {
  cache?: unknown;
  experiments?: object;
}

/** Where the bundler cache of the run that writes its generated files to `generatedFilesDir` lives. */
export function cacheDirectory(siteDir: string, bundler: 'rspack' | 'webpack', generatedFilesDir: string): string {
  return join(siteDir, 'node_modules', '.cache', bundler, basename(generatedFilesDir));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The configuration to merge into `config` so that its persistent cache, if it has one, is kept in `directory`;
 * nothing when the cache is off (`DOCUSAURUS_NO_PERSISTENT_CACHE`) or in memory only.
 */
export function cacheIn(
  config: CacheConfig,
  bundler: 'rspack' | 'webpack',
  directory: string,
): Record<string, unknown> {
  if (bundler === 'rspack') {
    const cache: unknown = config.experiments && 'cache' in config.experiments ? config.experiments.cache : undefined;
    if (!isObject(cache) || cache.type !== 'persistent') return {};
    return {experiments: {cache: {...cache, storage: {type: 'filesystem', directory}}}};
  }
  if (!isObject(config.cache) || config.cache.type !== 'filesystem') return {};
  return {cache: {...config.cache, cacheDirectory: directory}};
}

export default function bundlerCachePerGeneratedFolder(context: LoadContext): Plugin {
  const bundler = context.currentBundler.name;
  const directory = cacheDirectory(context.siteDir, bundler, context.generatedFilesDir);
  return {
    name: PLUGIN_NAME,
    configureWebpack: (config) => cacheIn(config, bundler, directory),
  };
}
