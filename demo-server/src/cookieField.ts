/**
 * What the demo server repeats of a `Cookie` field. Every record a page can
 * read back (the attempt log, the REST API's recorded requests, the cookies
 * demo's echo) shows the field with the value of each cookie the demo did not
 * set withheld: the demo server's host may carry other cookies, `HttpOnly` ones
 * among them, and a record must not hand those to a script. Credentials are
 * withheld whole, as the handshake inspector withholds them.
 */
import {COOKIE_NAME_PREFIX, type CookiePair} from './contract/cookies.ts';
import {WITHHELD_REQUEST_HEADERS, withheldValue} from './contract/inspect.ts';

/**
 * Reads a `Cookie` field (RFC 6265 §4.2.1, `cookie-pair *( ";" SP cookie-pair )`, parsed leniently as §5.4's
 * browsers write it): the demo's pairs, and the field with the value of every other cookie withheld, so that the
 * echo never repeats a cookie the demo did not set (an `HttpOnly` one of a neighbouring site, say) to a script.
 */
export function readCookieField(field: string): {shown: string; demo: CookiePair[]; withheld: number; pairs: number} {
  const demo: CookiePair[] = [];
  let withheld = 0;
  const segments = field.split(';');
  const shown = segments
    .map((segment) => {
      const equals = segment.indexOf('=');
      const name = (equals === -1 ? '' : segment.slice(0, equals)).trim();
      if (name.startsWith(COOKIE_NAME_PREFIX)) {
        demo.push({name, value: segment.slice(equals + 1).trim()});
        return segment;
      }
      if (segment.trim() === '') return segment;
      withheld += 1;
      const lead = segment.length - segment.trimStart().length;
      return equals === -1 ? `${segment.slice(0, lead)}…` : `${segment.slice(0, equals + 1)}…`;
    })
    .join(';');
  return {shown, demo, withheld, pairs: segments.filter((segment) => segment.trim() !== '').length};
}

/**
 * The value of a request header field as a record shows it: a `Cookie` field with the values of cookies the demo
 * did not set withheld, credentials (WITHHELD_REQUEST_HEADERS) withheld whole, anything else as it arrived.
 */
export function shownFieldValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return readCookieField(value).shown;
  return WITHHELD_REQUEST_HEADERS.includes(lower) ? withheldValue(Buffer.byteLength(value)) : value;
}
