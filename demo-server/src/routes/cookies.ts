/**
 * `/http/cookies/…`: the cookies demo's routes. A case answers with one
 * `Set-Cookie` carrying the attribute it is about (RFC 6265 §4.1.2, and the
 * rfc6265bis draft for `SameSite` and `Partitioned`); an echo reports the
 * `Cookie` field it received, byte for byte; `clear` deletes every cookie of
 * the demo with `Max-Age=0` (RFC 6265 §5.2.2); `frame` is a page of the
 * server's own origin that tells the embedding page what its `document.cookie`
 * holds, since a page of another origin cannot read it.
 *
 * Nothing a client sends reaches a `Set-Cookie` but a value of letters and
 * digits, a number, and a host name checked here; every name is the demo's.
 */
import {createHash, randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {
  COOKIE_CASES,
  COOKIE_FRAME_MESSAGES,
  COOKIE_NAME_PREFIX,
  COOKIE_PATHS,
  COOKIE_VALUE_PATTERN,
  cookieNameOf,
  isCookieCase,
  type CookieCase,
  type CookieClearAnswer,
  type CookieEcho,
  type CookieSetAnswer,
} from '../contract/cookies.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {readCookieField} from '../cookieField.ts';
import {excerpt, pathOf, queryOf, sendJson, sendProblem} from '../http.ts';
import {COOKIE_LIMITS} from '../limits.ts';

export interface CookiesRouteOptions {
  /** The origins whose pages may embed the frame (CSP `frame-ancestors`): the server's allowed origins. */
  frameAncestors: readonly string[];
}

/** The attributes after `name=value` of a case's cookie, as the server writes them. */
interface Attributes {
  path: string;
  /** The host the request came to, for the `domain` case. */
  domain?: string;
  maxAgeSeconds: number;
  secure?: true;
  httpOnly?: true;
  sameSite?: 'Strict' | 'Lax' | 'None';
  partitioned?: true;
}

/** A case's attributes, apart from `Max-Age` and `Domain`, which depend on the request. */
const CASE_ATTRIBUTES: Readonly<Record<CookieCase, Omit<Attributes, 'maxAgeSeconds' | 'domain'>>> = {
  plain: {path: ENDPOINTS.cookies},
  path: {path: COOKIE_PATHS.scoped},
  domain: {path: ENDPOINTS.cookies},
  'max-age': {path: ENDPOINTS.cookies},
  secure: {path: ENDPOINTS.cookies, secure: true},
  httponly: {path: ENDPOINTS.cookies, httpOnly: true},
  'samesite-strict': {path: ENDPOINTS.cookies, sameSite: 'Strict'},
  'samesite-lax': {path: ENDPOINTS.cookies, sameSite: 'Lax'},
  // The draft refuses `SameSite=None` without `Secure` (rfc6265bis §5.7, step 19), and so does Chromium.
  'samesite-none': {path: ENDPOINTS.cookies, secure: true, sameSite: 'None'},
  partitioned: {path: ENDPOINTS.cookies, secure: true, sameSite: 'None', partitioned: true},
};

/** A `Set-Cookie` field value (RFC 6265 §4.1.1): the pair, then each attribute in a fixed order. */
export function setCookieField(name: string, value: string, attributes: Attributes): string {
  const parts = [`${name}=${value}`, `Path=${attributes.path}`];
  if (attributes.domain !== undefined) parts.push(`Domain=${attributes.domain}`);
  parts.push(`Max-Age=${attributes.maxAgeSeconds}`);
  if (attributes.secure === true) parts.push('Secure');
  if (attributes.httpOnly === true) parts.push('HttpOnly');
  if (attributes.sameSite !== undefined) parts.push(`SameSite=${attributes.sameSite}`);
  if (attributes.partitioned === true) parts.push('Partitioned');
  return parts.join('; ');
}

/**
 * The host a request came to, without its port, when it is a host name or an IPv4 address fit for a `Domain`
 * attribute (RFC 6265 §4.1.2.3); null otherwise. `Host` is the client's: `hostProblem` lets through characters such
 * as `;` that would end the attribute, so only letters, digits, hyphens and dots pass here.
 */
export function domainOf(host: string | undefined): string | null {
  if (host === undefined) return null;
  const name = host.replace(/:\d*$/, '').toLowerCase();
  if (name.length === 0 || name.length > 253) return null;
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(name) ? name : null;
}

/** The `Cookie` field values of a request, in the order they came (Node joins them in `headers.cookie`). */
function cookieFieldsOf(req: IncomingMessage): string[] {
  const fields: string[] = [];
  const {rawHeaders} = req;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] ?? '').toLowerCase() === 'cookie') fields.push(rawHeaders[i + 1] ?? '');
  }
  return fields;
}

/** The frame's script: it answers its parent's question with the demo's cookies in its `document.cookie`. */
const FRAME_SCRIPT = `const prefix = ${JSON.stringify(COOKIE_NAME_PREFIX)};
function demoCookies() {
  try {
    return {documentCookie: document.cookie.split('; ').filter((pair) => pair.startsWith(prefix)).join('; ')};
  } catch (error) {
    return {documentCookie: null, error: String(error)};
  }
}
addEventListener('message', (event) => {
  if (event.source !== parent || event.data !== ${JSON.stringify(COOKIE_FRAME_MESSAGES.read)}) return;
  parent.postMessage({type: ${JSON.stringify(COOKIE_FRAME_MESSAGES.cookie)}, ...demoCookies()}, event.origin);
});
parent.postMessage({type: ${JSON.stringify(COOKIE_FRAME_MESSAGES.ready)}}, '*');`;

const FRAME_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The demo server's document.cookie</title></head>
<body><p>A page of the demo server's origin: the cookies demo asks it what its document.cookie holds.</p>
<script>${FRAME_SCRIPT}</script></body></html>
`;
const FRAME_SCRIPT_HASH = createHash('sha256').update(FRAME_SCRIPT).digest('base64');

const SET_PREFIX = `${COOKIE_PATHS.set}/`;
const ECHO_PATHS: ReadonlySet<string> = new Set([COOKIE_PATHS.echo, COOKIE_PATHS.scopedEcho]);
const KNOWN = `${SET_PREFIX}{${COOKIE_CASES.join('|')}}, ${COOKIE_PATHS.clear}, ${COOKIE_PATHS.echo}, ${COOKIE_PATHS.scopedEcho} and ${COOKIE_PATHS.frame}`;

export function cookiesRoute({frameAncestors}: CookiesRouteOptions) {
  const frameHeaders = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(FRAME_HTML)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': `default-src 'none'; script-src 'sha256-${FRAME_SCRIPT_HASH}'; frame-ancestors ${
      frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"
    }`,
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    // Every answer may be read by a credentialed fetch (Fetch standard, CORS check): the router has set
    // Access-Control-Allow-Origin to the request's origin when it is allowed, never `*`.
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    const path = pathOf(req.url);
    const method = req.method ?? 'GET';
    const methods = path.startsWith(SET_PREFIX) || path === COOKIE_PATHS.clear ? ['POST'] : ['GET', 'HEAD'];
    const allow = [...methods, 'OPTIONS'].join(', ');
    const known = path.startsWith(SET_PREFIX) || path === COOKIE_PATHS.clear || ECHO_PATHS.has(path);
    if (!known && path !== COOKIE_PATHS.frame) {
      return sendProblem(res, 404, `Nothing at ${excerpt(path, 80)}; the cookies demo answers ${KNOWN}`);
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, {Allow: allow, 'Access-Control-Allow-Methods': allow});
      return void res.end();
    }
    if (!methods.includes(method)) {
      return sendProblem(res, 405, `${excerpt(path, 80)} allows ${allow}, not ${excerpt(method, 20)}`, {Allow: allow});
    }
    const secFetchSite = req.headers['sec-fetch-site'];
    const site = secFetchSite === undefined ? null : excerpt(secFetchSite, 40);

    if (path === COOKIE_PATHS.frame) {
      res.writeHead(200, frameHeaders);
      return void res.end(method === 'HEAD' ? undefined : FRAME_HTML);
    }
    if (ECHO_PATHS.has(path)) return echo(req, res, path, site);
    if (path === COOKIE_PATHS.clear) return clear(req, res);

    const name = path.slice(SET_PREFIX.length);
    if (!isCookieCase(name)) {
      return sendProblem(
        res,
        404,
        `No cookie case "${excerpt(name, 40)}"; ${SET_PREFIX} has ${COOKIE_CASES.join(', ')}`,
      );
    }
    let query;
    try {
      query = queryOf(req);
    } catch {
      return sendProblem(res, 400, 'The query is not one a URL parser reads');
    }
    const chosenValue = query.get('value');
    if (chosenValue !== null && !COOKIE_VALUE_PATTERN.test(chosenValue)) {
      return sendProblem(
        res,
        400,
        `"value" must be 1 to ${COOKIE_LIMITS.maxValueChars} letters or digits; got ${JSON.stringify(excerpt(chosenValue, 40))}`,
      );
    }
    const chosenMaxAge = query.get('maxAge');
    if (chosenMaxAge !== null && name !== 'max-age') {
      return sendProblem(
        res,
        400,
        `"maxAge" is the max-age case's alone; ${name} sets Max-Age=${COOKIE_LIMITS.maxAgeSeconds}`,
      );
    }
    let maxAgeSeconds: number = COOKIE_LIMITS.maxAgeSeconds;
    if (chosenMaxAge !== null) {
      if (!/^\d{1,4}$/.test(chosenMaxAge) || Number(chosenMaxAge) > COOKIE_LIMITS.maxChosenMaxAgeSeconds) {
        return sendProblem(
          res,
          400,
          `"maxAge" must be a whole number of seconds from 0 to ${COOKIE_LIMITS.maxChosenMaxAgeSeconds}; got ${JSON.stringify(excerpt(chosenMaxAge, 20))}`,
        );
      }
      maxAgeSeconds = Number(chosenMaxAge);
    }
    let domain: string | undefined;
    if (name === 'domain') {
      const host = domainOf(req.headers.host);
      if (host === null) {
        return sendProblem(
          res,
          400,
          'The domain case names the host the request came to, and this Host is not a host name',
        );
      }
      domain = host;
    }
    const cookieName = cookieNameOf(name);
    const value = chosenValue ?? randomBytes(6).toString('hex');
    const field = setCookieField(cookieName, value, {...CASE_ATTRIBUTES[name], maxAgeSeconds, domain});
    const body: CookieSetAnswer = {case: name, name: cookieName, setCookie: field, secFetchSite: site};
    sendJson(res, 200, body, {'Set-Cookie': field});
  };
}

/** `POST …/clear`: `Max-Age=0` (RFC 6265 §5.2.2) for each case's cookie, with the attributes that name it (§5.3: same name, domain and path). */
function clear(req: IncomingMessage, res: ServerResponse): void {
  const domain = domainOf(req.headers.host);
  const fields = COOKIE_CASES.filter((name) => name !== 'domain' || domain !== null).map((name) =>
    setCookieField(cookieNameOf(name), '', {
      ...CASE_ATTRIBUTES[name],
      maxAgeSeconds: 0,
      ...(name === 'domain' && domain !== null ? {domain} : {}),
    }),
  );
  const body: CookieClearAnswer = {setCookie: fields};
  // One Set-Cookie field per cookie: they cannot be folded into one line (RFC 6265 §3, RFC 9110 §5.3).
  res.setHeader('Set-Cookie', fields);
  sendJson(res, 200, body);
}

function echo(req: IncomingMessage, res: ServerResponse, path: string, secFetchSite: string | null): void {
  const fields = cookieFieldsOf(req);
  const chars = fields.reduce((sum, field) => sum + field.length, 0);
  if (chars > COOKIE_LIMITS.maxCookieFieldChars) {
    return sendProblem(
      res,
      431,
      `The Cookie field is ${chars} characters; the echo reads at most ${COOKIE_LIMITS.maxCookieFieldChars}`,
    );
  }
  const read = fields.map(readCookieField);
  const pairs = read.reduce((sum, field) => sum + field.pairs, 0);
  if (pairs > COOKIE_LIMITS.maxCookiePairs) {
    return sendProblem(
      res,
      431,
      `The request carries ${pairs} cookies; the echo reads at most ${COOKIE_LIMITS.maxCookiePairs}`,
    );
  }
  const body: CookieEcho = {
    path,
    cookieFields: read.map((field) => field.shown),
    demoCookies: read.flatMap((field) => field.demo),
    withheld: read.reduce((sum, field) => sum + field.withheld, 0),
    secFetchSite,
  };
  sendJson(res, 200, body);
}
