/**
 * Benchmark (not a test): the figures "Compression and negotiation" (docs/http/compression.mdx) states, written to
 * docs/http/_compression.json, whose strings the article puts in its sentences and its tables.
 *
 *   npm run bench:compression                 (the demo server on port 8882)
 *   npm run bench:compression -- --port 8883
 *
 * Starts the demo server in this process and measures, on loopback:
 * - with Node's own HTTP client (no `Origin`, no decoding, as `curl`): the document's size in each coding, the
 *   head of the `br` answer, and how long the server took to compress each coding when it started, all read from
 *   the server's record of each request;
 * - in Chromium (CHROMIUM_PATH, else /usr/bin/chromium), from a page on each of three host names mapped to the
 *   loopback address (the server's own `/health`, so every request is same-origin): the `Accept-Encoding` it sent,
 *   what it did with each coding the server forced, and what a `fetch` that sets `Accept-Encoding` itself sent.
 * It stops with an error when Chromium no longer does what the article's prose says it does.
 */
import {writeFile} from 'node:fs/promises';
import {Agent, request} from 'node:http';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium} from '@playwright/test';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {
  NEGOTIATE_CHOICES,
  NEGOTIATE_CODINGS,
  NEGOTIATE_DOCUMENT,
  NEGOTIATE_RECORDS,
  NegotiationRecord,
} from '../demo-server/src/contract/negotiate.ts';
import {parseJson} from '../demo-server/src/contract/schema.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {loadRange, sampleLoadAverage} from './bench-run.mts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';

const out = fileURLToPath(new URL('../docs/http/_compression.json', import.meta.url));
const {values} = parseArgs({options: {port: {type: 'string', default: '8882'}}});
const loadSampler = sampleLoadAverage();

/** A host name other than `localhost`, mapped to the loopback address: Chromium treats it as any other site. */
const OTHER_HOST = 'demo.example';
/** The host names a page is opened on, by the name the results give each. */
const HOSTS = {localhost: 'localhost', loopback: '127.0.0.1', other: OTHER_HOST} as const;
const documentPath = `${ENDPOINTS.negotiate}/${NEGOTIATE_DOCUMENT}`;
const recordsPath = `${ENDPOINTS.negotiate}/${NEGOTIATE_RECORDS}`;

const server = await startServer(
  loadConfig({PORT: values.port, HOST: '127.0.0.1', METRICS_PORT: 'off', ALLOWED_ORIGINS: 'http://localhost:3000'}),
  {logger: silentLogger},
);
const {port} = new URL(server.url);

// Kept alive, as `curl` leaves a connection: the answer's head then says so, as it does to curl.
const agent = new Agent({keepAlive: true});
/** A GET on loopback with Node's client, which sends no `Origin` and decodes nothing: the body's text, undecoded. */
function get(path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    request({host: '127.0.0.1', port, path, headers, agent}, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
const recordOf = async (id: string) => {
  const record = parseJson(NegotiationRecord, await get(`${recordsPath}/${id}`));
  if (record === null) throw new Error(`The server's record ${id} does not fit NegotiationRecord`);
  return record;
};

// 1. Each coding, asked for alone, as `curl -H "Accept-Encoding: …"` would.
const variants: NegotiationRecord[] = [];
for (const coding of ['identity', ...NEGOTIATE_CODINGS] as const) {
  const id = `bench-${coding}-${Date.now()}`;
  await get(`${documentPath}?id=${id}`, {'Accept-Encoding': coding});
  const record = await recordOf(id);
  if (record.coding !== coding) throw new Error(`Accept-Encoding: ${coding} got ${record.coding}`);
  variants.push(record);
}
agent.destroy();

// 2. Chromium, on each host name.
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`],
});
const browserVersion = `Chromium ${browser.version()}`;
/** One host name's page: each `?coding=` it fetched, and the request that set `Accept-Encoding` itself. */
interface HostRun {
  key: keyof typeof HOSTS;
  host: string;
  forced: {coding: string; decoded: boolean; error: string | null; record: NegotiationRecord}[];
  set: NegotiationRecord;
}
const hosts: HostRun[] = [];
for (const [key, host] of Object.entries(HOSTS) as [keyof typeof HOSTS, string][]) {
  const page = await browser.newPage();
  await page.goto(`http://${host}:${port}${ENDPOINTS.health}`);
  const result = await page.evaluate(
    async ({choices, documentPath, recordsPath}) => {
      const recordOf = async (id: string) => (await (await fetch(`${recordsPath}/${id}`)).json()) as unknown;
      const forced = [];
      for (const coding of choices) {
        const id = `bench-${coding}-${Date.now()}`;
        let error: string | null = null;
        let decoded = false;
        try {
          const text = await (await fetch(`${documentPath}?coding=${coding}&id=${id}`, {cache: 'no-store'})).text();
          decoded = text.startsWith('RFC 9110');
        } catch (caught) {
          error = String(caught);
        }
        forced.push({coding, decoded, error, record: await recordOf(id)});
      }
      // A page that sets Accept-Encoding itself: the Fetch standard makes it a forbidden request-header.
      const id = `bench-set-${Date.now()}`;
      const set = {'Accept-Encoding': 'identity'};
      await (await fetch(`${documentPath}?id=${id}`, {cache: 'no-store', headers: set})).arrayBuffer();
      return {forced, set: await recordOf(id)};
    },
    {choices: NEGOTIATE_CHOICES, documentPath, recordsPath},
  );
  await page.close();
  const checked = (value: unknown) => {
    const record = parseJson(NegotiationRecord, JSON.stringify(value));
    if (record === null) throw new Error(`A record read in ${host}'s page does not fit NegotiationRecord`);
    return record;
  };
  hosts.push({
    key,
    host,
    forced: result.forced.map((answer) => ({...answer, record: checked(answer.record)})),
    set: checked(result.set),
  });
}
await browser.close();
await server.shutdown();
const load = loadSampler.stop();

const number = (value: number) => value.toLocaleString('en-US');
const byCoding = (coding: string) => {
  const record = variants.find((variant) => variant.coding === coding);
  if (record === undefined) throw new Error(`No record for ${coding}`);
  return record;
};
const documentBytes = byCoding('identity').decodedBytes;
const codings = [...NEGOTIATE_CODINGS].sort((a, b) => byCoding(a).encodedBytes - byCoding(b).encodedBytes);
const smallest = codings[0] ?? 'br';

const offered = (host: (typeof hosts)[number]) => host.forced.find((answer) => answer.coding === 'auto');
const hostRows = hosts.map((host) => {
  const strong = host.forced.filter((answer) => answer.coding === 'br' || answer.coding === 'zstd');
  const errors = [...new Set(strong.map((answer) => answer.error).filter((error) => error !== null))];
  return {
    key: host.key,
    acceptEncoding: offered(host)?.record.acceptEncoding ?? '(none)',
    forcedStrong: strong.every((answer) => answer.decoded)
      ? 'decoded'
      : errors.length > 0
        ? `fetch rejects: ${errors.join('; ')}`
        : 'not decoded',
    gzipDecoded: host.forced.some((answer) => answer.coding === 'gzip' && answer.decoded),
    setReceived: host.set.acceptEncoding,
    brWritten: host.forced.find((answer) => answer.coding === 'br')?.record.encodedBytes ?? 0,
  };
});

// What the article's prose says of Chromium, checked here so that a new Chromium cannot leave it false.
const offersStrong = (row: (typeof hostRows)[number]) =>
  /\bbr\b/.test(row.acceptEncoding) && /zstd/.test(row.acceptEncoding);
const expectations = [
  [
    'localhost and 127.0.0.1 are offered br and zstd, and decode them',
    hostRows.filter((row) => row.key !== 'other').every((row) => offersStrong(row) && row.forcedStrong === 'decoded'),
  ],
  [
    'another host name is offered neither, and fetch rejects them',
    hostRows
      .filter((row) => row.key === 'other')
      .every((row) => !offersStrong(row) && row.forcedStrong.startsWith('fetch rejects')),
  ],
  ['gzip is decoded on every host', hostRows.every((row) => row.gzipDecoded)],
  [
    'a fetch that sets Accept-Encoding sends the browser’s own',
    hostRows.every((row) => row.setReceived === row.acceptEncoding),
  ],
] as const;
for (const [claim, holds] of expectations) {
  if (!holds)
    throw new Error(`The article says "${claim}", and ${browserVersion} did not: ${JSON.stringify(hostRows)}`);
}
const other = hostRows.find((row) => row.key === 'other');

const percent = (bytes: number) => `${((bytes / documentBytes) * 100).toFixed(1)} %`;
const ms = (value: number) => `${number(Math.round(value))} ms`;
const measured = {
  date: new Date().toISOString().slice(0, 10),
  command: `npm run bench:compression`,
  browserVersion,
  cpuCores: cpus().length,
  loadAverage: loadRange(load),
  documentBytes: number(documentBytes),
  sizes: Object.fromEntries(
    ['identity', ...NEGOTIATE_CODINGS].map((coding) => [
      coding,
      {
        bytes: number(byCoding(coding).encodedBytes),
        share: coding === 'identity' ? '100 %' : percent(byCoding(coding).encodedBytes),
      },
    ]),
  ),
  /** The codings by size, smallest first: the server's order of preference among equal weights. */
  order: {first: codings[0], second: codings[1], third: codings[2]},
  smallest,
  smallestBytes: number(byCoding(smallest).encodedBytes),
  smallestHeadBytes: number(byCoding(smallest).headBytes),
  compressMs: Object.fromEntries(NEGOTIATE_CODINGS.map((coding) => [coding, ms(byCoding(coding).compressMs)])),
  /** By host: `localhost`, `loopback` (127.0.0.1), `other` (another host name). */
  hosts: Object.fromEntries(
    hostRows.map((row) => [row.key, {acceptEncoding: row.acceptEncoding, forced: row.forcedStrong}] as const),
  ),
  /** What the server wrote for a `br` body the browser had not offered and then refused, from its record. */
  refusedBrBytes: number(other?.brWritten ?? 0),
};
const prettier = await resolveConfig(out);
await writeFile(out, await format(JSON.stringify(measured), {...prettier, parser: 'json', filepath: out}));
process.stdout.write(`${JSON.stringify(measured, null, 2)}\nWrote ${out}\n`);
