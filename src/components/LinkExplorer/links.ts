/** Links a representation offers: HAL-style `_links` (single or arrays) and the `Link` header (RFC 8288). */

export interface FoundLink {
  rel: string;
  href: string;
  title?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function linksIn(body: unknown, linkHeader: string | null): FoundLink[] {
  const found: FoundLink[] = [];
  if (isRecord(body) && isRecord(body._links)) {
    for (const [rel, value] of Object.entries(body._links)) {
      for (const link of Array.isArray(value) ? value : [value]) {
        if (isRecord(link) && typeof link.href === 'string') {
          found.push({rel, href: link.href, ...(typeof link.title === 'string' ? {title: link.title} : {})});
        }
      }
    }
  }
  for (const match of (linkHeader ?? '').matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)) {
    const [, href, rel] = match;
    if (href !== undefined && rel !== undefined && !found.some((link) => link.href === href && link.rel === rel)) {
      found.push({rel, href});
    }
  }
  return found;
}
