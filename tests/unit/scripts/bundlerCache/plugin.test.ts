import {describe, expect, it} from 'vitest';
import {cacheDirectory, cacheIn} from '../../../../scripts/bundlerCache/plugin.ts';

describe('cacheDirectory', () => {
  it('names the cache after the generated-files folder, inside node_modules/.cache', () => {
    expect(cacheDirectory('/site', 'rspack', '/site/.docusaurus-e2e')).toBe(
      '/site/node_modules/.cache/rspack/.docusaurus-e2e',
    );
    expect(cacheDirectory('/site', 'webpack', '/site/.docusaurus')).toBe(
      '/site/node_modules/.cache/webpack/.docusaurus',
    );
  });
});

describe('cacheIn', () => {
  // As Docusaurus 3.10 configures rspack's persistent cache (core/lib/webpack/base.js).
  const rspack = {
    cache: true,
    experiments: {cache: {type: 'persistent', version: 'client-production-en-3.10.2-abc', buildDependencies: ['a']}},
  };

  it('moves rspack’s persistent cache and keeps its version and dependencies', () => {
    expect(cacheIn(rspack, 'rspack', '/c')).toEqual({
      experiments: {
        cache: {
          type: 'persistent',
          version: 'client-production-en-3.10.2-abc',
          buildDependencies: ['a'],
          storage: {type: 'filesystem', directory: '/c'},
        },
      },
    });
  });

  it('moves webpack’s filesystem cache', () => {
    expect(cacheIn({cache: {type: 'filesystem', name: 'client-production-en'}}, 'webpack', '/c')).toEqual({
      cache: {type: 'filesystem', name: 'client-production-en', cacheDirectory: '/c'},
    });
  });

  it('turns no cache on: with DOCUSAURUS_NO_PERSISTENT_CACHE, or in memory, it changes nothing', () => {
    expect(cacheIn({cache: undefined, experiments: {}}, 'rspack', '/c')).toEqual({});
    expect(cacheIn({cache: {type: 'memory'}}, 'webpack', '/c')).toEqual({});
  });
});
