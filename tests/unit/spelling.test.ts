/**
 * The spelling check (`npm run spell`, cspell with cspell.config.yaml): what it refuses and lets through, and the
 * project's word list kept as a list of real terms that the checked files still use.
 *
 * The probes are files in a scratch copy of the repository's layout, beside copies of the config and the word
 * list, checked by one run of the real cspell command (starting it costs seconds, so it runs once).
 */
// The probes' misspellings are on purpose: cspell:ignore recieve occured
import {execFileSync, spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const words = readFileSync(join(root, 'cspell-words.txt'), 'utf8').split('\n').slice(0, -1);

const probes = {
  'docs/websocket/probe.mdx': 'The server will recieve the behavior of the frame.\n',
  'src/lib/probe.ts': 'const behavior = {color: 1}; // occured twice\n',
  'docs/websocket/values.mdx': [
    'The accept value is `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`; the key `dGhlIHNhbXBsZSBub25jZQ==`.',
    'A request for /files/..%2Fpackage.json is refused; so is PASV after EPSV ALL.',
    'Reschke and Melnikov wrote it; websocat speaks permessage-deflate.',
    '',
  ].join('\n'),
  'tests/integration/probe.test.ts': "send('XYZZY'); send('superchat');\n",
  'src/lib/inputs.ts': "send('XYZZY'); send('superchat');\n",
};
type Probe = keyof typeof probes;

const scratch = mkdtempSync(join(tmpdir(), 'spelling-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

/** The words cspell reported as unknown, by probe. */
const unknown = new Map<string, string[]>();

beforeAll(() => {
  for (const file of ['cspell.config.yaml', 'cspell-words.txt']) copyFileSync(join(root, file), join(scratch, file));
  for (const [path, text] of Object.entries(probes)) {
    mkdirSync(dirname(join(scratch, path)), {recursive: true});
    writeFileSync(join(scratch, path), text);
  }
  const cspell = join(root, 'node_modules', 'cspell', 'bin.mjs');
  const result = spawnSync(process.execPath, [cspell, '--no-progress', '--no-summary', '--no-color'], {
    cwd: scratch,
    encoding: 'utf8',
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`cspell exited ${result.status}: ${result.stderr}`);
  for (const match of result.stdout.matchAll(/^(.+?):\d+:\d+ - Unknown word \((.+?)\)/gm)) {
    const [, path = '', word = ''] = match;
    unknown.set(path, [...(unknown.get(path) ?? []), word]);
  }
}, 60_000);

const unknownIn = (probe: Probe) => unknown.get(probe) ?? [];

describe('the spelling check', () => {
  it('refuses a misspelling in an article, and an American spelling in its prose', () => {
    expect(unknownIn('docs/websocket/probe.mdx')).toEqual(['recieve', 'behavior']);
  });

  it('refuses a misspelling in code, where the American spellings of web APIs pass', () => {
    expect(unknownIn('src/lib/probe.ts')).toEqual(['occured']);
  });

  it('passes base64 values, percent-encoded paths and the terms of the word list', () => {
    expect(unknownIn('docs/websocket/values.mdx')).toEqual([]);
  });

  it("lets the tests' made-up inputs through in tests alone", () => {
    expect(unknownIn('tests/integration/probe.test.ts')).toEqual([]);
    expect(unknownIn('src/lib/inputs.ts')).toEqual(['XYZZY', 'superchat']);
  });
});

describe('cspell-words.txt', () => {
  it('has one word a line, sorted without regard to case, none twice', () => {
    for (const word of words) expect(word, 'one word of letters a line').toMatch(/^\p{L}+$/u);
    const sorted = [...words].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en'));
    expect(words).toEqual(sorted);
    expect(new Set(words.map((word) => word.toLowerCase())).size).toBe(words.length);
  });

  it('has no word that the checked files no longer use', () => {
    const paths = ['docs', 'blog', 'src', 'demo-server', 'scripts', 'tests', '.github', '.ci', '*.md', '*.ts', '*.mts'];
    const files = execFileSync('git', ['ls-files', '-z', '--', ...paths], {cwd: root, encoding: 'utf8'})
      .split('\0')
      .filter((path) => path !== '' && !/\.(png|svg)$/.test(path));
    const text = files
      .map((path) => readFileSync(join(root, path), 'utf8'))
      .join('\n')
      .toLowerCase();
    expect(words.filter((word) => !text.includes(word.toLowerCase()))).toEqual([]);
  });
});
