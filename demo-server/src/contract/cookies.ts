/**
 * The cookies demo (`/http/cookies/…`): a case per `Set-Cookie` attribute
 * (RFC 6265 §5.2, and `SameSite` and `Partitioned` from the rfc6265bis draft),
 * a route that reports the `Cookie` field it received, and one that clears
 * them all. Every cookie is the demo's own: its name starts with
 * `COOKIE_NAME_PREFIX`, its `Path` is under `ENDPOINTS.cookies`, and it lives
 * minutes (`COOKIE_LIMITS`).
 */
import {ENDPOINTS} from './endpoints.ts';
import {COOKIE_LIMITS} from '../limits.ts';
import * as s from './schema.ts';

/**
 * The cases, in the order the page shows them, each setting one cookie:
 * - `plain`: only `Path` and `Max-Age`, the baseline the others add one attribute to;
 * - `path`: `Path` one segment deeper, so only requests under it carry the cookie;
 * - `domain`: `Domain` naming the host the request came to, which widens the cookie to its subdomains;
 * - `max-age`: the `Max-Age` the reader chose (0 deletes);
 * - `secure`, `httponly`: those flags;
 * - `samesite-strict`, `samesite-lax`, `samesite-none` (with `Secure`, which the draft requires of `None`);
 * - `partitioned`: `Partitioned` (with `Secure` and `SameSite=None`), kept apart per top-level site.
 */
export const COOKIE_CASES = [
  'plain',
  'path',
  'domain',
  'max-age',
  'secure',
  'httponly',
  'samesite-strict',
  'samesite-lax',
  'samesite-none',
  'partitioned',
] as const;
export type CookieCase = (typeof COOKIE_CASES)[number];

export function isCookieCase(name: string): name is CookieCase {
  return (COOKIE_CASES as readonly string[]).includes(name);
}

/** Every cookie of the demo has a name that starts with this; the echo withholds the value of any other. */
export const COOKIE_NAME_PREFIX = 'otw_';

/** The one cookie the page's own script sets (`document.cookie`), on the page's origin, not the server's. */
export const SCRIPT_COOKIE_NAME = `${COOKIE_NAME_PREFIX}script`;

/** The cookie a case sets: the prefix and the case, `-` written `_`. */
export function cookieNameOf(name: CookieCase): string {
  return `${COOKIE_NAME_PREFIX}${name.replaceAll('-', '_')}`;
}

/** Paths of the demo: where a case sets, where the echo answers, and the deeper path of the `path` case. */
export const COOKIE_PATHS = {
  /** `POST {set}/{case}?value=&maxAge=`: answers with the case's `Set-Cookie` (a CookieSetAnswer). */
  set: `${ENDPOINTS.cookies}/set`,
  /** `POST`: a `Set-Cookie` with `Max-Age=0` for every case, each with the attributes that name its cookie. */
  clear: `${ENDPOINTS.cookies}/clear`,
  /** `GET`: the `Cookie` field as received (a CookieEcho). */
  echo: `${ENDPOINTS.cookies}/echo`,
  /** The `path` case's `Path`: requests under it carry that cookie, `echo` above does not. */
  scoped: `${ENDPOINTS.cookies}/scoped`,
  /** `GET`: the same echo, under the `path` case's `Path`. */
  scopedEcho: `${ENDPOINTS.cookies}/scoped/echo`,
  /** `GET`: a page of the server's own origin that tells its parent what its `document.cookie` holds. */
  frame: `${ENDPOINTS.cookies}/frame`,
} as const;

/** What the page asks the frame (`postMessage`), and the type of the frame's messages. */
export const COOKIE_FRAME_MESSAGES = {
  read: 'otw-cookies-read',
  ready: 'otw-frame-ready',
  cookie: 'otw-document-cookie',
};

/** A value the reader may choose: letters and digits, so that no byte of it can end the value or start an attribute. */
export const COOKIE_VALUE_PATTERN = new RegExp(`^[A-Za-z0-9]{1,${COOKIE_LIMITS.maxValueChars}}$`);

const setCookie = s.string({
  description: 'A Set-Cookie field value exactly as the server wrote it (RFC 6265 §4.1)',
});
const secFetchSite = s.nullable(
  s.string({description: 'The request’s Sec-Fetch-Site header, as the browser sent it: how it saw the request'}),
);

/** Body of a 200 from `POST /http/cookies/set/{case}`. */
export const CookieSetAnswer = s.object({
  case: s.oneOf(COOKIE_CASES),
  name: s.string({description: 'The cookie the case sets'}),
  setCookie,
  secFetchSite,
});
export type CookieSetAnswer = s.Infer<typeof CookieSetAnswer>;

/** Body of a 200 from `POST /http/cookies/clear`. */
export const CookieClearAnswer = s.object({
  setCookie: s.array(setCookie, {description: 'The Set-Cookie fields, in the order they were written'}),
});
export type CookieClearAnswer = s.Infer<typeof CookieClearAnswer>;

/** One cookie-pair of the `Cookie` field (RFC 6265 §4.2.1), as received. */
export const CookiePair = s.object({name: s.string(), value: s.string()});
export type CookiePair = s.Infer<typeof CookiePair>;

/** Body of a 200 from an echo: what the request carried in `Cookie`. */
export const CookieEcho = s.object({
  path: s.string({description: 'The path the request was made to (the cookies it carried path-match it)'}),
  cookieFields: s.array(
    s.string({
      description:
        'A Cookie field value as received, byte for byte, except that the value of a cookie not the demo’s is withheld (…)',
    }),
    {description: 'Every Cookie field line of the request, in order (a browser sends one)'},
  ),
  demoCookies: s.array(CookiePair, {description: 'The demo’s cookies (names starting otw_), in the order received'}),
  withheld: s.integer({minimum: 0, description: 'Cookies not the demo’s: their values are not repeated'}),
  secFetchSite,
});
export type CookieEcho = s.Infer<typeof CookieEcho>;

/** The frame's first message to its parent: it listens from now on. */
export const CookieFrameReady = s.object({type: s.literal(COOKIE_FRAME_MESSAGES.ready)});

/** The frame's answer: the demo's cookies in its `document.cookie`, or null when reading it threw. */
export const CookieFrameAnswer = s.object({
  type: s.literal(COOKIE_FRAME_MESSAGES.cookie),
  documentCookie: s.nullable(s.string()),
  error: s.optional(s.string()),
});
export type CookieFrameAnswer = s.Infer<typeof CookieFrameAnswer>;
