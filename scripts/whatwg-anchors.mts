/**
 * Writes the committed list of the anchors of a WHATWG standard that links in docs/ and blog/ may use; the
 * citation check (tests/unit/scripts/citations/articles.test.ts) fails on a link to any other anchor:
 *
 *   node scripts/whatwg-anchors.mts --host websockets.spec.whatwg.org --origin <where> websockets.bs
 *   node scripts/whatwg-anchors.mts --host html.spec.whatwg.org --origin <where> <built pages>/server-sent-events.html …
 *
 * A `.bs` file is a one-page Bikeshed standard (WebSockets, Fetch); `.html` files are built pages of the HTML
 * Standard's multipage edition, one list per page. Writes scripts/citations/whatwg/<name>.json with the sources'
 * names, SHA-256 and origin.
 */
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import type {WhatwgAnchors} from './citations/check.mts';
import {bikeshedAnchors, builtPageAnchors} from './citations/whatwgAnchors.mts';

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {host: {type: 'string'}, origin: {type: 'string'}},
});
if (values.host === undefined || values.origin === undefined || positionals.length === 0) {
  console.error(
    'usage: node scripts/whatwg-anchors.mts --host <x.spec.whatwg.org> --origin <where> <file.bs | page.html …>',
  );
  process.exit(2);
}
const files = positionals.map((path) => ({path, bytes: readFileSync(path)}));
const pages: Record<string, string[]> = {};
for (const {path, bytes} of files) {
  const text = bytes.toString('utf8');
  if (path.endsWith('.bs')) pages[''] = bikeshedAnchors(text);
  else pages[basename(path)] = builtPageAnchors(text);
}
const list: WhatwgAnchors & {generatedFrom: {origin: string; files: {file: string; sha256: string}[]}} = {
  host: values.host,
  generatedFrom: {
    origin: values.origin,
    files: files.map(({path, bytes}) => ({
      file: basename(path),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })),
  },
  pages,
};
const name = values.host.split('.')[0] ?? values.host;
const out = join(dirname(fileURLToPath(import.meta.url)), 'citations', 'whatwg', `${name}.json`);
// Formatted as Prettier formats it, so that `npm run lint` passes on the file as written.
writeFileSync(out, await format(JSON.stringify(list), {...(await resolveConfig(out)), filepath: out}));
const count = Object.values(pages).reduce((total, anchors) => total + anchors.length, 0);
console.log(`${out}: ${count} anchors on ${Object.keys(pages).length} page(s)`);
