/**
 * Origin checks (RFC 6454 serialisation, RFC 6455 §4.2.2 and §10.2).
 *
 * Browsers send `Origin` on every WebSocket handshake and on cross-origin
 * fetches; scripts and curl usually send none. A request without `Origin`
 * cannot come from a page's script, so it is allowed; one whose `Origin` is
 * not on the allow-list is refused before any upgrade.
 */

/**
 * Returns the serialised origin (`scheme://host[:port]`) of an allow-list
 * entry or an `Origin` header, or null when the value is not an http(s)
 * origin. Default ports and letter case are normalised by the URL parser, so
 * `HTTP://LocalHost:80` and `http://localhost` compare equal.
 */
export function normalizeOrigin(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'null') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' || /[?#]/.test(trimmed)) return null;
  // `new URL('http://a.b/')` and `new URL('http://a.b')` both have path '/';
  // an origin never ends in a slash, so reject the entry that had one.
  if (trimmed.endsWith('/')) return null;
  return url.origin;
}

export type OriginDecision = {allowed: true; origin: string | null} | {allowed: false; origin: string; reason: string};

export interface OriginPolicy {
  readonly allowedOrigins: readonly string[];
  check(originHeader: string | undefined): OriginDecision;
}

export function createOriginPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const allowed = new Set(allowedOrigins);
  return {
    allowedOrigins,
    check(originHeader) {
      if (originHeader === undefined) return {allowed: true, origin: null};
      const origin = normalizeOrigin(originHeader);
      if (origin === null) {
        return {allowed: false, origin: originHeader, reason: `Origin "${originHeader}" is not an http(s) origin`};
      }
      if (!allowed.has(origin)) {
        return {allowed: false, origin, reason: `Origin ${origin} is not on this server's allow-list`};
      }
      return {allowed: true, origin};
    },
  };
}
