/** A reader session: the id that groups what the server counts for this page. */
import {SESSION_ID_PATTERN} from '../../../demo-server/src/contract/events.ts';

/** 16 random bytes as base64url (22 characters), matching SESSION_ID_PATTERN. */
export function newSessionId(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(16));
  const id = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  if (!SESSION_ID_PATTERN.test(id)) throw new Error(`bad session id ${id}`);
  return id;
}

/** `url` with the given query parameters added (undefined ones left out). */
export function withQuery(url: string, params: Record<string, string | number | undefined | null>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) target.searchParams.set(name, String(value));
  }
  return target.toString();
}
