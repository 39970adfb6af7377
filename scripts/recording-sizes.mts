/**
 * How large each demo's share link gets (issue 20 §3): every committed recording (static/recordings/) is made into
 * a link exactly as the page makes one (`scrubRecording`, then `fitRecording`: deflate-raw and base64url in the URL
 * fragment, the wire half dropped first and then the oldest changes when it does not fit), and its size written to
 * docs/_recording-sizes.md, which the intro's section on recordings shows.
 *
 *   npm run recording-sizes            writes the table
 *   npm run recording-sizes -- --check exits 1 when the table is not what the recordings give
 *
 * Deterministic: the same recordings give the same table (Node's deflate at its default level), so
 * tests/unit/docs/recordingSizes.test.ts checks the table against the recordings in `npm test`.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {applyOps} from '../src/lib/recording/codec.ts';
import type {Recording} from '../src/lib/recording/format.ts';
import {fitRecording, MAX_SHARE_CHARS, scrubRecording} from '../src/lib/recording/share.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = `${root}static/recordings/`;
const out = `${root}docs/_recording-sizes.md`;
/** A user agent to scrub, as a reader's page would (the committed recordings hold Chromium's headless one). */
const USER_AGENT = 'HeadlessChrome';

/** Demo names and titles, in the registry's order (src/theme/MDXComponents.tsx). */
function registry(): {demo: string; title: string}[] {
  const text = readFileSync(`${root}src/theme/MDXComponents.tsx`, 'utf8');
  return [...text.matchAll(/(\w+): lazyDemo\(\s*'(\w+)',\s*'([^']+)'/g)].map((m) => ({
    demo: m[2] ?? '',
    title: m[3] ?? '',
  }));
}

const number = (value: number) => value.toLocaleString('en-US');

export async function recordingSizes(): Promise<string> {
  const files = new Set(readdirSync(folder).filter((name) => name.endsWith('.json')));
  const rows: string[] = [];
  let fitted = 0;
  let largest = 0;
  for (const {demo, title} of registry()) {
    if (!files.has(`${demo}.json`)) continue;
    const recording = JSON.parse(readFileSync(`${folder}${demo}.json`, 'utf8')) as Recording;
    const json = Buffer.byteLength(JSON.stringify(recording));
    const link = await fitRecording(scrubRecording(recording, USER_AGENT), applyOps);
    if (link.dropped === 'nothing') fitted++;
    largest = Math.max(largest, link.data.length);
    const kept =
      link.dropped === 'nothing' ? 'all of it' : link.dropped === 'wire' ? 'the view, not the exchanges' : 'its end';
    rows.push(
      `| ${title} | ${(recording.duration / 1000).toFixed(1)} s | ${number(recording.steps.length)} | ` +
        `${number(recording.wire.length)} | ${number(json)} | ${number(link.data.length)} | ${kept} |`,
    );
  }
  const table = [
    `{/* Written by \`npm run recording-sizes\` (scripts/recording-sizes.mts) from static/recordings/; re-run it rather than edit this file. */}`,
    '',
    `Each demo's recorded session (\`npm run record\`), made into a share link as the page makes one. A link carries at most ${number(MAX_SHARE_CHARS)} characters after its \`#\`; ${fitted} of ${rows.length} runs fit whole, and the longest link is ${number(largest)} characters.`,
    '',
    '| Demo | Run | Changes | Exchanges | Recording (bytes of JSON) | Link (characters after `#`) | The link keeps |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
  return format(table, {...(await resolveConfig(out)), filepath: out});
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {values} = parseArgs({options: {check: {type: 'boolean', default: false}}});
  const table = await recordingSizes();
  if (values.check) {
    const current = readFileSync(out, 'utf8');
    if (current !== table) {
      console.error('docs/_recording-sizes.md is not what the recordings give: run `npm run recording-sizes`.');
      process.exitCode = 1;
    }
  } else {
    await writeFile(out, table);
    console.log(table);
  }
}
