/**
 * The cookies demo's pure parts: the other name of a loopback demo server, the demo's cookies in a
 * `document.cookie` string, and the cookie a page's own script sets. Pure, so the unit tests run them.
 */
import {COOKIE_NAME_PREFIX, SCRIPT_COOKIE_NAME} from '../../demo-server/src/contract/cookies.ts';
import {COOKIE_LIMITS} from '../../demo-server/src/limits.ts';

/** The two names of one loopback server: a browser takes them for two sites, with cookies of their own. */
const LOOPBACK_NAMES: Readonly<Record<string, string>> = {localhost: '127.0.0.1', '127.0.0.1': 'localhost'};

/**
 * The same demo server under its other loopback name (`localhost` ⇄ `127.0.0.1`), or null when the server has no
 * such second name (a deployed one). The port and any path prefix stay.
 */
export function otherLoopbackUrl(serverUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return null;
  }
  const other = LOOPBACK_NAMES[url.hostname];
  if (other === undefined) return null;
  url.hostname = other;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The demo's cookies in a `document.cookie` string (`a=1; b=2`), in its order; anybody else's are left out. */
export function demoCookiesIn(documentCookie: string): string {
  return documentCookie
    .split('; ')
    .filter((pair) => pair.startsWith(COOKIE_NAME_PREFIX))
    .join('; ');
}

/** The names of the cookies in a `document.cookie` string or a `Cookie` field (`a=1; b=2`). */
export function cookieNames(pairs: string): string[] {
  return pairs
    .split(';')
    .map((pair) => pair.split('=', 1)[0]?.trim() ?? '')
    .filter((name) => name !== '');
}

/**
 * What the page's script assigns to `document.cookie` to set its own cookie (or, with `value` null, to delete it):
 * on the page's origin, `Path=/`, as short-lived as the server's.
 */
export function scriptCookieAssignment(value: string | null): string {
  return value === null
    ? `${SCRIPT_COOKIE_NAME}=; Path=/; Max-Age=0; SameSite=Lax`
    : `${SCRIPT_COOKIE_NAME}=${value}; Path=/; Max-Age=${COOKIE_LIMITS.maxAgeSeconds}; SameSite=Lax`;
}

/** A value for a cookie: letters and digits, as the server accepts (`COOKIE_VALUE_PATTERN`). */
export function newCookieValue(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
