/**
 * Origin checks (RFC 6454 serialisation, RFC 6455 §4.2.2 and §10.2).
 *
 * Browsers send `Origin` on every WebSocket handshake and on cross-origin
 * fetches; scripts and curl usually send none. A request without `Origin`
 * cannot come from a page's script, so it is allowed; one whose `Origin` is
 * not on the allow-list is refused before any upgrade.
 *
 * An allow-list entry is an origin, or a pattern for deploy previews whose
 * leftmost label is a wildcard (`https://*.preview.example.org`): it allows
 * an origin of that very scheme and port whose host is one more DNS label
 * (letters, digits, hyphens) in front of that domain, and nothing else.
 */
import {getDomain} from 'tldts';

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

/** An allow-list entry with a wildcard label, parsed. */
export interface OriginPattern {
  /** `http:` or `https:`. */
  protocol: string;
  /** The domain the wildcard label stands in front of, without its dot (`preview.example.org`). */
  domain: string;
  /** The port, '' for the scheme's default (as `URL.port` has it). */
  port: string;
  /** The pattern as written back: `https://*.preview.example.org[:port]`. */
  text: string;
}

/** One DNS label as the URL parser leaves it: lower-case letters, digits and hyphens (IDNs are punycode by then). */
const LABEL = /^[a-z0-9-]+$/;
/** Stands in for the wildcard while the URL parser normalises the rest of a pattern. */
const PLACEHOLDER_LABEL = 'wildcard';
const PATTERN_EXAMPLE = 'https://*.preview.example.org';

/**
 * Parses an allow-list entry that contains `*`. The wildcard must be the
 * whole leftmost label, once; the rest is normalised like an origin (letter
 * case, default port, IDN to punycode), and must be a domain under which
 * names belong to one owner, not a public suffix such as `com`, `co.uk` or
 * `netlify.app` (the Public Suffix List, through tldts), where the wildcard
 * would allow everybody's sites.
 */
export function parseOriginPattern(entry: string): {ok: true; pattern: OriginPattern} | {ok: false; problem: string} {
  const trimmed = entry.trim();
  const refuse = (why: string) => ({ok: false as const, problem: `"${trimmed}" is not a valid origin pattern: ${why}`});
  const wildcards = trimmed.split('*').length - 1;
  if (wildcards > 1) {
    return refuse(`it has ${wildcards} wildcards; one leftmost label may be one, as in ${PATTERN_EXAMPLE}`);
  }
  const schemeEnd = trimmed.indexOf('://');
  if (schemeEnd === -1) return refuse(`write scheme://*.domain[:port], as in ${PATTERN_EXAMPLE}`);
  const scheme = trimmed.slice(0, schemeEnd);
  const host = trimmed.slice(schemeEnd + 3);
  const firstLabel = host.split(/[.:/]/, 1)[0] ?? '';
  if (firstLabel !== '*') {
    return refuse(
      firstLabel.includes('*')
        ? `"*" must be a whole label; it cannot be part of one, as in ${PATTERN_EXAMPLE}`
        : `the wildcard must be the leftmost label of the host, as in ${PATTERN_EXAMPLE}`,
    );
  }
  const rest = host.slice(1);
  if (rest === '' || rest === '.' || /^:\d*$/.test(rest)) {
    return refuse(`a lone wildcard would allow every host; write a domain after it, as in ${PATTERN_EXAMPLE}`);
  }
  const origin = normalizeOrigin(`${scheme}://${PLACEHOLDER_LABEL}${rest}`);
  if (origin === null) {
    return refuse(
      `write scheme://*.domain[:port] with http or https, a domain name and no path, as in ${PATTERN_EXAMPLE}`,
    );
  }
  const url = new URL(origin);
  if (!url.hostname.startsWith(`${PLACEHOLDER_LABEL}.`)) {
    return refuse(`the wildcard must be the whole leftmost label of the host, as in ${PATTERN_EXAMPLE}`);
  }
  const domain = url.hostname.slice(PLACEHOLDER_LABEL.length + 1);
  if (domain.endsWith('.') || domain.split('.').some((label) => label === '')) {
    return refuse('its domain has an empty label (a trailing or doubled dot)');
  }
  if (getDomain(domain, {allowPrivateDomains: true}) === null) {
    return refuse(
      `"${domain}" is a public suffix, under which anyone can have a site: the wildcard would allow them all. ` +
        `Put it in front of a domain you own, as in ${PATTERN_EXAMPLE}`,
    );
  }
  const port = url.port;
  return {
    ok: true,
    pattern: {
      protocol: url.protocol,
      domain,
      port,
      text: `${url.protocol}//*.${domain}${port === '' ? '' : `:${port}`}`,
    },
  };
}

/** Whether a serialised origin (from `normalizeOrigin`) is one label in front of the pattern's domain, with its scheme and port. */
export function matchesOriginPattern(origin: string, pattern: OriginPattern): boolean {
  const url = new URL(origin);
  if (url.protocol !== pattern.protocol || url.port !== pattern.port) return false;
  const suffix = `.${pattern.domain}`;
  if (!url.hostname.endsWith(suffix)) return false;
  return LABEL.test(url.hostname.slice(0, -suffix.length));
}

export type OriginDecision = {allowed: true; origin: string | null} | {allowed: false; origin: string; reason: string};

export interface OriginPolicy {
  readonly allowedOrigins: readonly string[];
  check(originHeader: string | undefined): OriginDecision;
}

/**
 * The policy for an allow-list of origins and patterns (entries with `*`,
 * see `parseOriginPattern`).
 * @throws Error for a pattern that does not parse (config.ts reports those first).
 */
export function createOriginPolicy(allowedOrigins: readonly string[]): OriginPolicy {
  const allowed = new Set(allowedOrigins.filter((entry) => !entry.includes('*')));
  const patterns = allowedOrigins
    .filter((entry) => entry.includes('*'))
    .map((entry) => {
      const parsed = parseOriginPattern(entry);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.pattern;
    });
  return {
    allowedOrigins,
    check(originHeader) {
      if (originHeader === undefined) return {allowed: true, origin: null};
      const origin = normalizeOrigin(originHeader);
      if (origin === null) {
        return {allowed: false, origin: originHeader, reason: `Origin "${originHeader}" is not an http(s) origin`};
      }
      if (!allowed.has(origin) && !patterns.some((pattern) => matchesOriginPattern(origin, pattern))) {
        return {allowed: false, origin, reason: `Origin ${origin} is not on this server's allow-list`};
      }
      return {allowed: true, origin};
    },
  };
}
