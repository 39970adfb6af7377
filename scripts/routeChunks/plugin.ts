/**
 * Docusaurus plugin: each page's HTML names the script chunks its route needs, so the browser fetches them while
 * it parses the page instead of after main.js has run.
 *
 * Docusaurus means to do this already. While it renders a page at build time it records, through react-loadable,
 * the modules the route loaded, and looks each one up in the client manifest to write a `<script defer>` per chunk.
 * But it records modules by their request (`@site/docs/rest/cacheable.mdx`) while the manifest keys chunks by the
 * name the registry gave them (`0058b4c6`), so nothing is found and every page ships with `runtime~main` and `main`
 * alone. main.js then discovers the route's chunks, appends a script element for each (about 19 ms of its start-up
 * task in Chromium here, ×4 on Lighthouse's simulated phone) and waits another round trip for them before React
 * can hydrate the page.
 *
 * This adds the missing keys: once the client build has written its manifest, every chunk the registry names is
 * also listed under the request that loads it. The build fails if the registry's format ever changes under it.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {LoadContext, Plugin} from '@docusaurus/types';

export const PLUGIN_NAME = 'route-chunks-in-html';

/** The part of react-loadable-ssr-addon's manifest this reads and writes. */
export interface ClientManifest {
  entrypoints: string[];
  /** A chunk's name (or a request) → the ids of the chunks it needs. */
  origins: Record<string, (string | number)[]>;
  assets: Record<string, unknown>;
}

/**
 * Each registry entry as chunk name → request. Docusaurus writes `.docusaurus/registry.js` as lines of
 * `"<name>": [() => import(/* webpackChunkName: "<name>" *\/ "<request>"), "<request>", require.resolveWeak(…)],`.
 */
export function parseRegistry(source: string): Map<string, string> {
  const entries = new Map<string, string>();
  const entry = /^\s*"([^"]+)":\s*\[\(\)\s*=>\s*import\([^)]*?\),\s*"((?:[^"\\]|\\.)+)"/gm;
  for (const [, name = '', request = ''] of source.matchAll(entry))
    entries.set(name, JSON.parse(`"${request}"`) as string);
  const lines = source.match(/^\s*"[^"]+":\s*\[/gm)?.length ?? 0;
  if (lines !== entries.size) {
    throw new Error(
      `${PLUGIN_NAME}: read ${entries.size} of the ${lines} entries of .docusaurus/registry.js; Docusaurus has ` +
        'changed how it writes them. Update parseRegistry in scripts/routeChunks/plugin.ts.',
    );
  }
  return entries;
}

/** The manifest with each registry request also keyed to its chunk's origins. */
export function addRequestKeys(manifest: ClientManifest, registry: Map<string, string>): ClientManifest {
  const origins = {...manifest.origins};
  let added = 0;
  for (const [name, request] of registry) {
    const chunks = manifest.origins[name];
    if (chunks === undefined) continue;
    origins[request] = [...new Set([...(origins[request] ?? []), ...chunks])];
    added += 1;
  }
  if (registry.size === 0 || added === 0) {
    throw new Error(
      `${PLUGIN_NAME}: found ${registry.size} registry entries and matched ${added} to the client manifest; ` +
        'Docusaurus has changed how it writes .docusaurus/registry.js or client-manifest.json, and pages would ' +
        'ship without their route chunks. Update scripts/routeChunks/plugin.ts.',
    );
  }
  return {...manifest, origins};
}

export default function routeChunksInHtml(context: LoadContext): Plugin {
  const manifestPath = join(context.generatedFilesDir, 'client-manifest.json');
  const registryPath = join(context.generatedFilesDir, 'registry.js');
  return {
    name: PLUGIN_NAME,
    configureWebpack(config, isServer) {
      // Only a production build renders pages from the manifest; the dev server has no use for it.
      if (isServer || config.mode !== 'production') return {};
      return {
        plugins: [
          {
            // The manifest is written in the `emit` hook (react-loadable-ssr-addon); pages are rendered from it
            // after the compilation is done.
            apply(compiler: {hooks: {afterEmit: {tap(name: string, fn: () => void): void}}}) {
              compiler.hooks.afterEmit.tap(PLUGIN_NAME, () => {
                const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ClientManifest;
                const registry = parseRegistry(readFileSync(registryPath, 'utf8'));
                writeFileSync(manifestPath, JSON.stringify(addRequestKeys(manifest, registry), null, 2));
              });
            },
          },
        ],
      };
    },
  };
}
