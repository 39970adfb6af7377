/**
 * `/http/negotiate`: the document in each content coding, decoded back to the original bytes; the choice
 * `Accept-Encoding` makes (RFC 9110 §12.5.3) and the header fields that say it (Content-Encoding, Content-Length,
 * Vary); the server's record of what it wrote, against the bytes a raw TCP client received; bounds and bad input.
 */
import {readFileSync} from 'node:fs';
import {brotliDecompressSync, gunzipSync, zstdDecompressSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {NegotiationRecord} from '../../demo-server/src/contract/negotiate.ts';
import {check} from '../../demo-server/src/contract/schema.ts';
import {NEGOTIATE_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {header, rawConnection, rawRequest, type RawResponse} from './support/rawHttp.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

const DOCUMENT = readFileSync(new URL('../../demo-server/negotiate-files/rfc9110-negotiation.txt', import.meta.url));
const DOCUMENT_PATH = `${ENDPOINTS.negotiate}/document`;

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

function get(target: string, fields: readonly string[] = []): Promise<RawResponse> {
  return rawRequest(server.url, [`GET ${target} HTTP/1.1`, `Host: ${new URL(server.url).host}`, ...fields]);
}

const decoders: Record<string, (bytes: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  zstd: zstdDecompressSync,
};

async function readRecord(id: string): Promise<NegotiationRecord> {
  const response = await fetch(`${server.url}${ENDPOINTS.negotiate}/records/${id}`);
  expect(response.status).toBe(200);
  const checked = check(NegotiationRecord, await response.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

describe('GET /http/negotiate/document', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['zstd', 'zstd'],
    ['GZIP', 'gzip'],
    ['gzip;q=1, br;q=0.5, zstd;q=0.9', 'gzip'],
    ['br;q=0, *', 'zstd'],
    ['*;q=0.2, gzip;q=0.1', 'br'],
  ])('offered "%s", sends %s, which decodes to the document to the byte', async (offered, coding) => {
    const response = await get(DOCUMENT_PATH, [`Accept-Encoding: ${offered}`, 'Connection: close']);
    expect(response.status).toBe(200);
    expect(header(response, 'content-encoding')).toBe(coding);
    expect(Number(header(response, 'content-length'))).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(DOCUMENT.length / 2);
    expect(header(response, 'vary')).toBe('Accept-Encoding');
    expect(decoders[coding]!(response.body).equals(DOCUMENT)).toBe(true);
  });

  it.each([
    ['no Accept-Encoding', null],
    ['an empty one', ''],
    ['only codings the server lacks', 'deflate, compress'],
    ['identity alone', 'identity'],
  ])('with %s, sends the document with no coding', async (_case, offered) => {
    const response = await get(DOCUMENT_PATH, offered === null ? [] : [`Accept-Encoding: ${offered}`]);
    expect(response.status).toBe(200);
    expect(header(response, 'content-encoding')).toBeUndefined();
    expect(header(response, 'vary')).toBe('Accept-Encoding');
    expect(response.body.equals(DOCUMENT)).toBe(true);
  });

  it.each(['identity;q=0', '*;q=0', 'deflate, *;q=0'])(
    'answers "%s" (nothing acceptable, identity refused) with 406',
    async (offered) => {
      const response = await get(DOCUMENT_PATH, [`Accept-Encoding: ${offered}`]);
      expect(response.status).toBe(406);
      expect(header(response, 'content-type')).toBe('application/problem+json; charset=utf-8');
      expect(header(response, 'vary')).toBe('Accept-Encoding');
    },
  );

  it.each(['identity', 'gzip', 'br', 'zstd'])(
    '?coding=%s forces that coding whatever Accept-Encoding says',
    async (coding) => {
      const response = await get(`${DOCUMENT_PATH}?coding=${coding}`, ['Accept-Encoding: identity']);
      expect(response.status).toBe(200);
      expect(header(response, 'content-encoding')).toBe(coding === 'identity' ? undefined : coding);
      const decoded = coding === 'identity' ? response.body : decoders[coding]!(response.body);
      expect(decoded.equals(DOCUMENT)).toBe(true);
    },
  );

  it('names Origin and Accept-Encoding in Vary for a page, and lets it read timings and Content-Encoding', async () => {
    const response = await get(DOCUMENT_PATH, ['Accept-Encoding: gzip', `Origin: ${SITE_ORIGIN}`]);
    expect(header(response, 'vary')).toBe('Origin, Accept-Encoding');
    expect(header(response, 'access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(header(response, 'timing-allow-origin')).toBe(SITE_ORIGIN);
    expect(header(response, 'access-control-expose-headers')).toContain('Content-Encoding');
    expect(header(response, 'cache-control')).toBe('no-store');
  });

  it('answers HEAD with the head a GET gets, Content-Length that of the coded body, and no body', async () => {
    const connection = await rawConnection(server.url);
    const host = `Host: ${new URL(server.url).host}`;
    const head = await connection.request([`HEAD ${DOCUMENT_PATH} HTTP/1.1`, host, 'Accept-Encoding: zstd']);
    const full = await connection.request([`GET ${DOCUMENT_PATH} HTTP/1.1`, host, 'Accept-Encoding: zstd']);
    connection.close();
    expect(head.body.length).toBe(0);
    expect(header(head, 'content-length')).toBe(String(full.body.length));
    expect(header(head, 'content-encoding')).toBe('zstd');
  });

  it('keeps a record of what it wrote that matches the bytes a raw client received, to the byte', async () => {
    const connection = await rawConnection(server.url);
    const response = await connection.request([
      `GET ${DOCUMENT_PATH}?id=record-one HTTP/1.1`,
      `Host: ${new URL(server.url).host}`,
      'Accept-Encoding: gzip, deflate, br, zstd',
    ]);
    const received = connection.received;
    connection.close();
    const record = await readRecord('record-one');
    expect(record).toMatchObject({
      acceptEncoding: 'gzip, deflate, br, zstd',
      offered: [
        {coding: 'gzip', q: 1},
        {coding: 'deflate', q: 1},
        {coding: 'br', q: 1},
        {coding: 'zstd', q: 1},
      ],
      asked: 'auto',
      coding: 'br',
      decodedBytes: DOCUMENT.length,
      encodedBytes: response.body.length,
    });
    expect(record.bytesWritten).toBe(received);
    expect(record.headBytes).toBe(response.head.length);
  });

  it('compressed every variant once: the same bytes, however many requests ask', async () => {
    const sizes = new Set<number>();
    for (let i = 0; i < 3; i += 1) {
      for (const coding of ['br', 'zstd', 'gzip']) {
        sizes.add((await get(`${DOCUMENT_PATH}?coding=${coding}`)).body.length);
      }
    }
    expect(sizes.size).toBe(3);
    // br is the smallest here, which is why the server prefers it between equal weights.
    const [br, zstd, gzip] = await Promise.all(
      ['br', 'zstd', 'gzip'].map(async (coding) => (await get(`${DOCUMENT_PATH}?coding=${coding}`)).body.length),
    );
    expect(br).toBeLessThan(zstd!);
    expect(zstd).toBeLessThan(gzip!);
  });

  it('reads at most its bound of Accept-Encoding', async () => {
    const long = `${'x-unknown, '.repeat(40)}gzip`;
    const response = await get(`${DOCUMENT_PATH}?id=record-long`, [`Accept-Encoding: ${long}`]);
    expect(header(response, 'content-encoding')).toBeUndefined();
    const record = await readRecord('record-long');
    expect(record.acceptEncoding).toHaveLength(NEGOTIATE_LIMITS.maxAcceptEncodingChars);
    expect(record.offered).toHaveLength(NEGOTIATE_LIMITS.maxOfferedCodings);
  });
});

describe('a cacheable answer (?cache=)', () => {
  it('allows max-age instead of no-store, and counts the requests of one id the server received', async () => {
    const first = await get(`${DOCUMENT_PATH}?id=cached-one&cache=60`, ['Accept-Encoding: gzip']);
    expect(header(first, 'cache-control')).toBe('max-age=60');
    expect(header(first, 'vary')).toBe('Accept-Encoding');
    await get(`${DOCUMENT_PATH}?id=cached-one&cache=60`, ['Accept-Encoding: gzip']);
    const record = await readRecord('cached-one');
    expect(record).toMatchObject({cacheSeconds: 60, requests: 2, coding: 'gzip'});
    expect((await readRecord('record-one')).cacheSeconds).toBeNull();
  });
});

describe('refusals under /http/negotiate', () => {
  it.each([
    [`${DOCUMENT_PATH}?coding=deflate`, 400],
    [`${DOCUMENT_PATH}?coding=`, 400],
    [`${DOCUMENT_PATH}?id=short`, 400],
    [`${DOCUMENT_PATH}?cache=0`, 400],
    [`${DOCUMENT_PATH}?cache=61`, 400],
    [`${DOCUMENT_PATH}?cache=1.5`, 400],
    [`${DOCUMENT_PATH}?id=${'a'.repeat(65)}`, 400],
    [`${ENDPOINTS.negotiate}/records/never-made`, 404],
    [`${ENDPOINTS.negotiate}/records/..%2F..`, 404],
    [`${ENDPOINTS.negotiate}/elsewhere`, 404],
    [ENDPOINTS.negotiate, 404],
  ])('GET %s → %i, as problem details', async (target, status) => {
    const response = await get(target);
    expect(response.status).toBe(status);
    expect(header(response, 'content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('refuses POST with 405 and Allow', async () => {
    const response = await fetch(`${server.url}${DOCUMENT_PATH}`, {method: 'POST', body: 'x'});
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('keeps a bounded number of records per client, forgetting the oldest', async () => {
    for (let i = 0; i <= NEGOTIATE_LIMITS.maxRecordsPerClient; i += 1) {
      await get(`${DOCUMENT_PATH}?id=bounded-${String(i).padStart(2, '0')}`);
    }
    expect((await fetch(`${server.url}${ENDPOINTS.negotiate}/records/bounded-00`)).status).toBe(404);
    expect((await readRecord(`bounded-${NEGOTIATE_LIMITS.maxRecordsPerClient}`)).coding).toBe('identity');
  });
});
