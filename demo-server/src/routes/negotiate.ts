/**
 * `/http/negotiate`: the compression demo's server half.
 *
 * `GET /http/negotiate/document?coding=&id=` serves one fixed text document (RFC 9110's own sections on content
 * coding and negotiation) with the content coding the request's `Accept-Encoding` makes best (proactive
 * negotiation, RFC 9110 §12.5.3), or with the one `?coding=` forces. Every variant is compressed once, when the
 * server starts, off the event loop: no request can make the server compress. `Vary: Accept-Encoding` says the
 * choice depended on that field (RFC 9110 §12.5.5).
 *
 * `GET /http/negotiate/records/{id}` gives the server's record of the answer made with `?id=`: the field it read,
 * the coding it chose and why, and the bytes it wrote, counted on the socket. Records are kept a minute, a few
 * per client.
 */
import {readFileSync} from 'node:fs';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {promisify} from 'node:util';
import zlib from 'node:zlib';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  NEGOTIATE_CHOICES,
  NEGOTIATE_CODINGS,
  NEGOTIATE_DOCUMENT,
  NEGOTIATE_ID_PATTERN,
  NEGOTIATE_RECORDS,
  type NegotiateCoding,
  type NegotiationRecord,
  type OfferedCoding,
} from '../contract/negotiate.ts';
import {pathOf, queryOf, sendJson, sendProblem} from '../http.ts';
import {NEGOTIATE_LIMITS} from '../limits.ts';
import type {Handler} from './router.ts';

const ALLOW = 'GET, HEAD, OPTIONS';
const DOCUMENT_FILE = new URL('../../negotiate-files/rfc9110-negotiation.txt', import.meta.url);

type Coding = 'identity' | NegotiateCoding;

interface Variant {
  bytes: Buffer;
  compressMs: number;
}

const compressors: Record<NegotiateCoding, (bytes: Buffer) => Promise<Buffer>> = {
  // The strongest setting of each: paid once per server, so the figures show what each coding can do.
  br: (bytes) =>
    promisify(zlib.brotliCompress)(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  zstd: (bytes) =>
    promisify(zlib.zstdCompress)(bytes, {
      params: {[zlib.constants.ZSTD_c_compressionLevel]: 19, [zlib.constants.ZSTD_c_contentSizeFlag]: 1},
    }),
  gzip: (bytes) => promisify(zlib.gzip)(bytes, {level: zlib.constants.Z_BEST_COMPRESSION}),
};

/** The document in every coding, compressed once, off the event loop (zlib's thread pool). */
async function compressAll(identity: Buffer): Promise<Record<Coding, Variant>> {
  const entries = await Promise.all(
    NEGOTIATE_CODINGS.map(async (coding) => {
      const started = performance.now();
      const bytes = await compressors[coding](identity);
      return [coding, {bytes, compressMs: performance.now() - started}] as const;
    }),
  );
  return {identity: {bytes: identity, compressMs: 0}, ...Object.fromEntries(entries)} as Record<Coding, Variant>;
}

const WEIGHT = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The members of an `Accept-Encoding` field value (RFC 9110 §12.5.3), in order: each coding lower-cased (codings
 * are case-insensitive, §8.4.1) with its weight (§12.4.2; 1 when absent). A member that does not parse is left out,
 * as is everything past `NEGOTIATE_LIMITS.maxOfferedCodings` members.
 */
export function parseAcceptEncoding(value: string): OfferedCoding[] {
  const offered: OfferedCoding[] = [];
  for (const member of value.split(',')) {
    if (offered.length >= NEGOTIATE_LIMITS.maxOfferedCodings) break;
    const [name = '', ...parameters] = member.split(';').map((part) => part.trim());
    if (!TOKEN.test(name)) continue;
    let q = 1;
    let valid = true;
    for (const parameter of parameters) {
      const weight = WEIGHT.exec(parameter.replace(/\s+/g, ''));
      if (weight === null) valid = false;
      else q = Number(weight[1]);
    }
    if (valid) offered.push({coding: name.toLowerCase(), q});
  }
  return offered;
}

/** The weight a parsed `Accept-Encoding` gives a coding: its own member's, else `*`'s, else none (undefined). */
function weightOf(offered: readonly OfferedCoding[], coding: string): number | undefined {
  return offered.find((member) => member.coding === coding)?.q ?? offered.find((member) => member.coding === '*')?.q;
}

export type Choice = {coding: Coding; reason: string} | {coding: null; reason: string};

/**
 * The coding to send for a request whose `Accept-Encoding` is `field` (null when absent), by RFC 9110 §12.5.3:
 * the acceptable coding with the highest non-zero weight, the server's order (NEGOTIATE_CODINGS, smallest first)
 * between equals; no coding when none is acceptable, unless `identity` is refused too (then null: 406).
 */
export function chooseCoding(field: string | null): Choice {
  if (field === null) {
    return {
      coding: 'identity',
      reason:
        'No Accept-Encoding: any coding is acceptable (RFC 9110 §12.5.3), but a client that says nothing may not decode one, so none',
    };
  }
  const offered = parseAcceptEncoding(field);
  let best: {coding: NegotiateCoding; q: number} | null = null;
  for (const coding of NEGOTIATE_CODINGS) {
    const q = weightOf(offered, coding) ?? 0;
    if (q > 0 && (best === null || q > best.q)) best = {coding, q};
  }
  if (best !== null) {
    return {
      coding: best.coding,
      reason: `${best.coding} has the highest weight offered (q=${best.q}) of the codings this server has (${NEGOTIATE_CODINGS.join(', ')}, smallest first, which also breaks ties)`,
    };
  }
  const identity = offered.find((member) => member.coding === 'identity')?.q;
  const refused = identity === 0 || (identity === undefined && offered.some((m) => m.coding === '*' && m.q === 0));
  if (refused) return {coding: null, reason: 'No coding this server has is acceptable, and identity is refused'};
  return {
    coding: 'identity',
    reason: `None of ${NEGOTIATE_CODINGS.join(', ')} is acceptable, so no coding (RFC 9110 §12.5.3)`,
  };
}

interface StoredRecord {
  client: string;
  record: NegotiationRecord;
  expiresAt: number;
}

export interface NegotiateOptions {
  clientOf: (req: IncomingMessage) => string;
  now?: () => number;
  /** The document to serve; the committed RFC text unless a test gives another. */
  document?: Buffer;
}

/** The handler of every path under `/http/negotiate`. */
export function negotiateRoute(options: NegotiateOptions): Handler {
  const {clientOf, now = Date.now} = options;
  const document = options.document ?? readFileSync(DOCUMENT_FILE);
  const variants = compressAll(document);
  // Insertion order is age order; every client's records are counted so one cannot push out everyone else's.
  const records = new Map<string, StoredRecord>();
  const perClient = new Map<string, number>();

  const forget = (key: string, stored: StoredRecord) => {
    records.delete(key);
    const left = (perClient.get(stored.client) ?? 1) - 1;
    if (left <= 0) perClient.delete(stored.client);
    else perClient.set(stored.client, left);
  };
  const prune = (at: number) => {
    for (const [key, stored] of records) {
      if (stored.expiresAt > at && records.size <= NEGOTIATE_LIMITS.maxRecords) break;
      forget(key, stored);
    }
  };
  const keep = (client: string, record: NegotiationRecord) => {
    const at = now();
    const key = `${client}\n${record.id}`;
    const existing = records.get(key);
    if (existing !== undefined) {
      record.requests = existing.record.requests + 1;
      forget(key, existing);
    }
    if ((perClient.get(client) ?? 0) >= NEGOTIATE_LIMITS.maxRecordsPerClient) {
      for (const [oldKey, old] of records) {
        if (old.client === client) {
          forget(oldKey, old);
          break;
        }
      }
    }
    records.set(key, {client, record, expiresAt: at + NEGOTIATE_LIMITS.recordTtlMs});
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    prune(at);
  };

  const serveDocument = async (req: IncomingMessage, res: ServerResponse) => {
    const query = queryOf(req);
    const asked = NEGOTIATE_CHOICES.find((choice) => choice === (query.get('coding') ?? 'auto'));
    if (asked === undefined) {
      sendProblem(res, 400, `"coding" must be one of ${NEGOTIATE_CHOICES.join(', ')}`);
      return;
    }
    const cacheParam = query.get('cache');
    const cacheSeconds = cacheParam === null ? null : /^\d{1,2}$/.test(cacheParam) ? Number(cacheParam) : 0;
    if (cacheSeconds !== null && !(cacheSeconds >= 1 && cacheSeconds <= NEGOTIATE_LIMITS.maxCacheSeconds)) {
      sendProblem(res, 400, `"cache" must be a whole number of seconds from 1 to ${NEGOTIATE_LIMITS.maxCacheSeconds}`);
      return;
    }
    const id = query.get('id');
    if (id !== null && !NEGOTIATE_ID_PATTERN.test(id)) {
      sendProblem(res, 400, '"id" must be 8 to 64 characters of A–Z a–z 0–9 - _');
      return;
    }
    const raw = req.headers['accept-encoding'];
    const field = raw === undefined ? null : raw.slice(0, NEGOTIATE_LIMITS.maxAcceptEncodingChars);
    const choice: Choice =
      asked === 'auto'
        ? chooseCoding(field)
        : {coding: asked, reason: `Forced by ?coding=${asked}; Accept-Encoding was not consulted`};
    const vary = [res.getHeader('Vary'), 'Accept-Encoding'].filter((v) => typeof v === 'string').join(', ');
    if (choice.coding === null) {
      sendProblem(res, 406, choice.reason, {Vary: vary});
      return;
    }
    const variant = (await variants)[choice.coding];
    const origin = req.headers.origin;
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(variant.bytes.length),
      Vary: vary,
      // Every request reaches the server, so each has its record, unless the page asks for a cacheable answer.
      'Cache-Control': cacheSeconds === null ? 'no-store' : `max-age=${cacheSeconds}`,
      'Access-Control-Expose-Headers': 'Content-Encoding, Content-Length, Vary',
      // Lets a page of another origin read the sizes in its Resource Timing entry (encodedBodySize, transferSize).
      'Timing-Allow-Origin': origin ?? '*',
    };
    if (choice.coding !== 'identity') headers['Content-Encoding'] = choice.coding;
    const socket = req.socket;
    const before = socket.bytesWritten;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : variant.bytes);
    if (id === null) return;
    const client = clientOf(req);
    res.once('finish', () => {
      const bytesWritten = socket.bytesWritten - before;
      const bodyBytes = req.method === 'HEAD' ? 0 : variant.bytes.length;
      keep(client, {
        id,
        acceptEncoding: field,
        offered: field === null ? [] : parseAcceptEncoding(field),
        asked,
        coding: choice.coding,
        reason: choice.reason,
        decodedBytes: document.length,
        encodedBytes: variant.bytes.length,
        bytesWritten,
        headBytes: bytesWritten - bodyBytes,
        compressedAtStart: true,
        compressMs: Math.round(variant.compressMs * 10) / 10,
        cacheSeconds,
        requests: 1,
      });
    });
  };

  const serveRecord = (req: IncomingMessage, res: ServerResponse, id: string) => {
    prune(now());
    const key = `${clientOf(req)}\n${id}`;
    const stored = NEGOTIATE_ID_PATTERN.test(id) ? records.get(key) : undefined;
    if (stored === undefined) {
      sendProblem(
        res,
        404,
        `No record of that id for this client: records are kept ${NEGOTIATE_LIMITS.recordTtlMs / 1000} s`,
      );
      return;
    }
    sendJson(res, 200, stored.record);
  };

  const base = `${ENDPOINTS.negotiate}/`;
  return (req, res) => {
    const rest = pathOf(req.url).slice(base.length);
    const isDocument = rest === NEGOTIATE_DOCUMENT;
    const recordId = rest.startsWith(`${NEGOTIATE_RECORDS}/`) ? rest.slice(NEGOTIATE_RECORDS.length + 1) : null;
    if (!isDocument && recordId === null) {
      return sendProblem(res, 404, `Nothing here; ${base} serves ${NEGOTIATE_DOCUMENT} and ${NEGOTIATE_RECORDS}/{id}`);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {Allow: ALLOW, 'Access-Control-Allow-Methods': ALLOW, 'Access-Control-Max-Age': '600'});
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendProblem(res, 405, `${pathOf(req.url)} allows ${ALLOW}, not ${req.method}`, {Allow: ALLOW});
    }
    if (isDocument) return serveDocument(req, res);
    return serveRecord(req, res, recordId ?? '');
  };
}
