/**
 * How much of the repository's history the build can read, to date each page ("Last updated on …" and the
 * sitemap's `lastmod`) by the last commit that changed its source. Runs in Node at build time.
 *
 * A shallow clone (CI often makes one) holds a single commit or a few, so every page would seem changed on the
 * day of the newest one: rather than a wrong date, the site is then built with none.
 */
import {execFileSync} from 'node:child_process';

/** `full`: every commit is here. `shallow`: a shallow clone. `none`: not a git work tree, or no git. */
export type GitHistory = 'full' | 'shallow' | 'none';

/** Runs git with `args` in `cwd` and returns its standard output; throws when git fails or is missing. */
export type RunGit = (args: readonly string[], cwd: string) => string;

const runGit: RunGit = (args, cwd) =>
  execFileSync('git', args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});

export function gitHistory(cwd: string, git: RunGit = runGit): GitHistory {
  try {
    if (git(['rev-parse', '--is-inside-work-tree'], cwd).trim() !== 'true') return 'none';
    return git(['rev-parse', '--is-shallow-repository'], cwd).trim() === 'false' ? 'full' : 'shallow';
  } catch {
    return 'none';
  }
}

/** What the build says when it leaves the dates out, or null when it dates pages. */
export function undatedBuildNotice(history: GitHistory): string | null {
  switch (history) {
    case 'full':
      return null;
    case 'shallow':
      return 'This clone is shallow, so it cannot tell when each page last changed: building without "Last updated" dates and sitemap lastmod. Run `git fetch --unshallow` to have them.';
    case 'none':
      return 'No git history here: building without "Last updated" dates and sitemap lastmod.';
  }
}
