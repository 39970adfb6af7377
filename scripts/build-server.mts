/**
 * A static server for a Docusaurus build directory that answers the way a real host does (nginx with gzip and
 * brotli, Netlify, Cloudflare Pages), not the way `docusaurus serve` does (no compression, no cache headers):
 *
 * - brotli or gzip by `Accept-Encoding` (q-values honoured), compressed once when the server starts (at nginx's
 *   usual levels), with
 *   `Vary: Accept-Encoding` on every answer that could have been compressed;
 * - `Cache-Control: public, max-age=31536000, immutable` for `/assets/` (Docusaurus puts a content hash in every
 *   name there), `no-cache` (revalidate each time) for HTML and every other unhashed file;
 * - a strong `ETag` per representation and `304 Not Modified` on a matching `If-None-Match`;
 * - Docusaurus's URL resolution with `trailingSlash: false`, as `docusaurus serve` does it: `/a/` and `/a.html`
 *   redirect (301) to `/a`, and `/a` serves `a.html`, else `a/index.html`; an unknown path gets `404.html` with
 *   status 404;
 * - GET and HEAD only (405 otherwise).
 *
 * The files are read into memory when the server starts, so a path can only name a file that was found under the
 * build directory: `..` cannot reach outside it, whatever its encoding. Restart the server after a rebuild.
 */
import {createHash} from 'node:crypto';
import {readdir, readFile} from 'node:fs/promises';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {extname, join, relative, sep} from 'node:path';
import {promisify} from 'node:util';
import {brotliCompress, constants as zlibConstants, gzip} from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Hashed, never-changing files: a year, and `immutable` so a reload does not even revalidate them. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Everything else (HTML, the sitemap, `static/` files) may change with the next deploy: revalidate each time. */
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export const BROTLI_QUALITY = 6;
export const GZIP_LEVEL = 6;

/** Types worth compressing: text. Images and fonts other than SVG are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.webmanifest', '.xml', '.txt', '.svg']);

/** The content codings this server can send, in the order it prefers them when the client ranks them equal. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

interface Representation {
  body: Buffer;
  etag: string;
}

interface StaticFile {
  contentType: string;
  cacheControl: string;
  compressible: boolean;
  identity: Representation;
  br?: Representation;
  gzip?: Representation;
}

export interface BuildServerOptions {
  /** The build directory (`build`, `build-e2e`). */
  dir: string;
  port?: number;
  host?: string;
  /**
   * Text to replace in the build's text files as they are loaded, before they are compressed: the end-to-end
   * tests point one build at each worker's own demo server this way (tests/e2e/ports.ts).
   */
  replace?: readonly Replacement[];
}

export interface Replacement {
  from: string;
  to: string;
}

export interface BuildServer {
  server: Server;
  /** `http://host:port`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * Reads and compresses every file of `dir`, then listens on `port` (0: any free port).
 * Throws if `dir` has no `404.html` (it is not a Docusaurus build).
 */
export async function startBuildServer({
  dir,
  port = 0,
  host = 'localhost',
  replace = [],
}: BuildServerOptions): Promise<BuildServer> {
  const files = await loadBuild(dir, replace);
  if (!files.has('/404.html')) throw new Error(`${dir} has no 404.html: is it a Docusaurus build directory?`);
  const server = createServer((req, res) => {
    handle(files, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host === 'localhost' ? 'localhost' : hostInUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function loadBuild(dir: string, replace: readonly Replacement[]): Promise<Map<string, StaticFile>> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true});
  const files = new Map<string, StaticFile>();
  await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        const urlPath = `/${relative(dir, path).split(sep).join('/')}`;
        files.set(urlPath, await loadFile(urlPath, replaced(urlPath, await readFile(path), replace)));
      }),
  );
  return files;
}

/** `body` with every `from` of `replace` replaced by its `to`, in a text file; other files as they are. */
function replaced(urlPath: string, body: Buffer, replace: readonly Replacement[]): Buffer {
  if (replace.length === 0 || !COMPRESSIBLE.has(extname(urlPath).toLowerCase())) return body;
  const text = body.toString('utf8');
  const edited = replace.reduce((current, {from, to}) => current.replaceAll(from, to), text);
  return edited === text ? body : Buffer.from(edited, 'utf8');
}

async function loadFile(urlPath: string, body: Buffer): Promise<StaticFile> {
  const extension = extname(urlPath).toLowerCase();
  const compressible = COMPRESSIBLE.has(extension);
  const file: StaticFile = {
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    cacheControl: urlPath.startsWith('/assets/') ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL,
    compressible,
    identity: representation(body),
  };
  if (compressible) {
    // Once, at the levels a tuned nginx compresses with on the fly (`brotli_comp_level 6`, `gzip_comp_level 6`):
    // brotli's highest quality would take the whole build close to a minute of CPU here for a few per cent fewer
    // bytes, and the sizes this server shows must be ones a reader's host could plausibly send.
    const [br, gz] = await Promise.all([
      brotliAsync(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      gzipAsync(body, {level: GZIP_LEVEL}),
    ]);
    // A coding that does not make the body smaller is not worth the client's work.
    if (br.length < body.length) file.br = representation(br, 'br');
    if (gz.length < body.length) file.gzip = representation(gz, 'gz');
  }
  return file;
}

function representation(body: Buffer, suffix?: string): Representation {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return {body, etag: `"${hash}${suffix ? `-${suffix}` : ''}"`};
}

/**
 * The coding to answer with, from an `Accept-Encoding` header (RFC 9110 §12.5.3): the highest q-value among the
 * codings on offer, brotli before gzip on a tie; `identity` unless the client refused it (`identity;q=0` or
 * `*;q=0` without naming it), in which case `null`.
 */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  offered: readonly ContentCoding[],
): ContentCoding | null {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(parameter);
      if (match) q = Number(match[1]);
    }
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(q) ? q : 0);
  }
  const weightOf = (coding: ContentCoding): number => {
    const named = weights.get(coding);
    if (named !== undefined) return named;
    const star = weights.get('*');
    if (star !== undefined) return star;
    // Not named and no `*`: identity is always acceptable, any other coding is not.
    return coding === 'identity' ? 1 : 0;
  };
  let best: ContentCoding | null = null;
  let bestWeight = 0;
  for (const coding of ['br', 'gzip', 'identity'] as const) {
    if (!offered.includes(coding)) continue;
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** Where a request path leads: a file to send, a redirect, or the 404 page. */
export type Resolution = {kind: 'file'; path: string} | {kind: 'redirect'; location: string} | {kind: 'not-found'};

/**
 * Resolves a decoded URL path against the build's files, as `docusaurus serve` does with `trailingSlash: false`
 * (serve-handler's `cleanUrls`): a trailing slash or a `.html` suffix redirects to the clean URL; a clean URL
 * serves `<path>.html`, else `<path>/index.html`.
 */
export function resolvePath(pathname: string, has: (path: string) => boolean): Resolution {
  if (pathname.length > 1 && pathname.endsWith('/')) {
    // One leading slash: `//host/` must not become a redirect to another host.
    return {kind: 'redirect', location: pathname.replace(/^\/+/, '/').replace(/\/+$/, '') || '/'};
  }
  if (pathname.endsWith('.html') && has(pathname)) {
    const clean = pathname.replace(/(\/index)?\.html$/, '');
    return {kind: 'redirect', location: clean || '/'};
  }
  if (has(pathname)) return {kind: 'file', path: pathname};
  for (const candidate of [`${pathname}.html`, `${pathname === '/' ? '' : pathname}/index.html`]) {
    if (has(candidate)) return {kind: 'file', path: candidate};
  }
  return {kind: 'not-found'};
}

/** True when `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

function handle(files: ReadonlyMap<string, StaticFile>, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, {Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8'});
    res.end('Method Not Allowed\n');
    return;
  }
  // Split by hand: `new URL()` would read `//host/path` as another host's URL.
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const search = queryAt === -1 ? '' : target.slice(queryAt);
  let pathname: string;
  try {
    if (!rawPath.startsWith('/')) throw new URIError('not an origin-form path');
    pathname = decodeURIComponent(rawPath);
  } catch {
    res.writeHead(400, {'Content-Type': 'text/plain; charset=utf-8'});
    res.end('Bad Request: the path is not a valid origin-form path\n');
    return;
  }
  const resolution = resolvePath(pathname, (path) => files.has(path));
  if (resolution.kind === 'redirect') {
    // Re-encode what was decoded, so the Location is a valid URL reference for any path.
    res.writeHead(301, {Location: encodeURI(resolution.location) + search});
    res.end();
    return;
  }
  const path = resolution.kind === 'file' ? resolution.path : '/404.html';
  const file = files.get(path);
  if (!file) throw new Error(`resolved to ${path}, which the build lacks`);
  send(file, resolution.kind === 'file' ? 200 : 404, req, res);
}

function send(file: StaticFile, status: number, req: IncomingMessage, res: ServerResponse): void {
  const offered: ContentCoding[] = [];
  if (file.br) offered.push('br');
  if (file.gzip) offered.push('gzip');
  offered.push('identity');
  const coding = negotiateEncoding(req.headers['accept-encoding'], offered);
  const headers: Record<string, string | number> = {
    'Content-Type': file.contentType,
    'Cache-Control': file.cacheControl,
    'X-Content-Type-Options': 'nosniff',
  };
  if (file.compressible) headers.Vary = 'Accept-Encoding';
  if (coding === null) {
    res.writeHead(406, {...headers, 'Content-Type': 'text/plain; charset=utf-8'});
    res.end('Not Acceptable: no content coding on offer is acceptable\n');
    return;
  }
  const chosen = coding === 'br' ? file.br : coding === 'gzip' ? file.gzip : file.identity;
  if (!chosen) throw new Error(`negotiated ${coding}, which the file lacks`);
  headers.ETag = chosen.etag;
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  // A 404 page is not a representation of the requested resource: no conditional answer for it.
  if (status === 200 && etagMatches(req.headers['if-none-match'], chosen.etag)) {
    delete headers['Content-Type'];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = chosen.body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : chosen.body);
}
