/**
 * npm 11 runs a dependency's install scripts only if package.json's `allowScripts` approves it, and ends every
 * install with a warning for each package it has no decision on. Every package the lock marks as having install
 * scripts gets a decision here, with its reason beside it (under the `"//"` key, which npm ignores), so a new
 * dependency that brings a script fails this test until someone reads the script and decides.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface PackageJson {
  allowScripts?: Record<string, boolean>;
  '//'?: {allowScripts?: Record<string, string>};
}

interface PackageLock {
  packages: Record<string, {hasInstallScript?: boolean; optional?: boolean}>;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as PackageLock;

/** The names of the locked packages with an install script, `node_modules/a/node_modules/b` naming `b`. */
function packagesWithInstallScripts(): string[] {
  const names = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

describe('install scripts', () => {
  it('are decided, one by one, for every locked package that has one, and for no other', () => {
    const withScripts = packagesWithInstallScripts();
    expect(withScripts.length, 'the lock marks packages with install scripts').toBeGreaterThan(0);
    expect(Object.keys(manifest.allowScripts ?? {}).sort()).toEqual(withScripts);
  });

  it('each decision says why', () => {
    const reasons = manifest['//']?.allowScripts ?? {};
    for (const [name, allowed] of Object.entries(manifest.allowScripts ?? {})) {
      expect(typeof allowed, name).toBe('boolean');
      expect(reasons[name], `the reason for ${name}'s decision, in package.json's "//".allowScripts`).toMatch(
        allowed ? /^allowed: .{20,}/ : /^denied: .{20,}/,
      );
    }
  });
});
