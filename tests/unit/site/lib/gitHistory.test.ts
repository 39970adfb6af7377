import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {gitHistory, undatedBuildNotice} from '../../../../src/lib/gitHistory.ts';

const scratch = mkdtempSync(join(tmpdir(), 'git-history-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {cwd, stdio: 'ignore'});
}

/** A repository of three commits, one file changed in each. */
function repositoryWithHistory(): string {
  const dir = join(scratch, 'origin');
  git(scratch, 'init', '-q', '-b', 'main', dir);
  for (const n of [1, 2, 3]) {
    writeFileSync(join(dir, `page-${n}.md`), `# Page ${n}\n`);
    git(dir, 'add', '.');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', `page ${n}`);
  }
  return dir;
}

describe('gitHistory', () => {
  const origin = repositoryWithHistory();

  it('is full in a repository with all its commits, and in a full clone of it', () => {
    expect(gitHistory(origin)).toBe('full');
    const clone = join(scratch, 'full-clone');
    git(scratch, 'clone', '-q', origin, clone);
    expect(gitHistory(clone)).toBe('full');
  });

  it('is shallow in a clone of depth 1, the kind CI makes, until its history is fetched', () => {
    const clone = join(scratch, 'shallow-clone');
    git(scratch, 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    expect(gitHistory(clone)).toBe('shallow');
    git(clone, 'fetch', '-q', '--unshallow');
    expect(gitHistory(clone)).toBe('full');
  });

  it('is none outside a work tree, and when git cannot run', () => {
    const plain = mkdtempSync(join(scratch, 'plain-'));
    expect(gitHistory(plain)).toBe('none');
    expect(
      gitHistory(plain, () => {
        throw Object.assign(new Error('spawn git ENOENT'), {code: 'ENOENT'});
      }),
    ).toBe('none');
  });
});

describe('undatedBuildNotice', () => {
  it('says nothing when pages are dated, and how to get the dates from a shallow clone', () => {
    expect(undatedBuildNotice('full')).toBeNull();
    expect(undatedBuildNotice('shallow')).toMatch(/shallow.*git fetch --unshallow/);
    expect(undatedBuildNotice('none')).toMatch(/without "Last updated" dates/);
  });
});
