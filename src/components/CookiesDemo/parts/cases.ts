/** What each case of the cookies demo is about, in a few words, for its row. */
import type {CookieCase} from '../../../../demo-server/src/contract/cookies.ts';

export const CASE_LABELS: Readonly<Record<CookieCase, string>> = {
  plain: 'No SameSite',
  path: 'Path',
  domain: 'Domain',
  'max-age': 'Max-Age',
  secure: 'Secure',
  httponly: 'HttpOnly',
  'samesite-strict': 'SameSite=Strict',
  'samesite-lax': 'SameSite=Lax',
  'samesite-none': 'SameSite=None',
  partitioned: 'Partitioned',
};

export const CASE_NOTES: Readonly<Record<CookieCase, string>> = {
  plain: 'Path and Max-Age only: the baseline the other rows add one attribute to.',
  path: 'A deeper Path: it comes back to …/scoped/echo, not to …/echo.',
  domain: 'Domain names the host: the cookie also goes to its subdomains.',
  'max-age': 'The Max-Age you choose: look again after it has passed.',
  secure: 'Only over a connection the browser counts as secure.',
  httponly: 'Sent to the server, never shown to script.',
  'samesite-strict': 'Withheld from requests that are cross-site.',
  'samesite-lax': 'Withheld from cross-site requests but top-level navigations.',
  'samesite-none': 'Sent on cross-site requests too; needs Secure.',
  partitioned: 'Kept apart per top-level site (needs Secure).',
};
