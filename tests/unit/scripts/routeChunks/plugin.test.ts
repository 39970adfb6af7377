import {describe, expect, it} from 'vitest';
import {addRequestKeys, parseRegistry, type ClientManifest} from '../../../../scripts/routeChunks/plugin.ts';

// Two lines as Docusaurus 3.10 writes .docusaurus/registry.js.
const REGISTRY = `export default {
  "0058b4c6": [() => import(/* webpackChunkName: "0058b4c6" */ "@generated/docusaurus-plugin-content-docs/default/p/docs-175.json"), "@generated/docusaurus-plugin-content-docs/default/p/docs-175.json", require.resolveWeak("@generated/docusaurus-plugin-content-docs/default/p/docs-175.json")],
  "17896441": [() => import(/* webpackChunkName: "17896441" */ "@theme/DocItem"), "@theme/DocItem", require.resolveWeak("@theme/DocItem")],
  "5e95c892": [() => import(/* webpackChunkName: "5e95c892" */ "@theme/DocsRoot"), "@theme/DocsRoot", require.resolveWeak("@theme/DocsRoot")],};
`;

const MANIFEST: ClientManifest = {
  entrypoints: ['main'],
  origins: {main: ['runtime~main', 'main'], '0058b4c6': ['0058b4c6'], '17896441': ['4014', '695', '17896441']},
  assets: {},
};

describe('parseRegistry', () => {
  it('reads each chunk name and the request that loads it', () => {
    expect([...parseRegistry(REGISTRY)]).toEqual([
      ['0058b4c6', '@generated/docusaurus-plugin-content-docs/default/p/docs-175.json'],
      ['17896441', '@theme/DocItem'],
      ['5e95c892', '@theme/DocsRoot'],
    ]);
  });

  it('fails the build on an entry it cannot read', () => {
    const changed = REGISTRY.replace('[() => import(', '[async () => import(');
    expect(() => parseRegistry(changed)).toThrow(/read 2 of the 3 entries/);
  });
});

describe('addRequestKeys', () => {
  it('keys each chunk also by its request, keeping the chunk names', () => {
    const {origins} = addRequestKeys(MANIFEST, parseRegistry(REGISTRY));
    expect(origins['@theme/DocItem']).toEqual(['4014', '695', '17896441']);
    expect(origins['@generated/docusaurus-plugin-content-docs/default/p/docs-175.json']).toEqual(['0058b4c6']);
    expect(origins['17896441']).toEqual(['4014', '695', '17896441']);
    expect(origins.main).toEqual(['runtime~main', 'main']);
    // A registry entry with no chunk of its own (merged into another by the bundler) adds nothing.
    expect(origins['@theme/DocsRoot']).toBeUndefined();
  });

  it('fails the build when the registry no longer parses or matches nothing', () => {
    expect(() => addRequestKeys(MANIFEST, new Map())).toThrow(/found 0 registry entries/);
    expect(() => addRequestKeys(MANIFEST, new Map([['ffffffff', '@theme/Nothing']]))).toThrow(/matched 0/);
  });
});
