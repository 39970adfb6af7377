/**
 * A page's side of `?attempt=`: the page names a request it makes on purpose
 * (a handshake it expects to fail, a preflight, an `EventSource` it expects to
 * reconnect), then reads at `GET /attempts/{id}` what the server saw of it and
 * answered — the part the browser keeps from script.
 */
import {ATTEMPT_PARAM, AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {httpUrl} from './demoServerUrls.ts';
import {readJson} from './readJson.ts';

/** A fresh attempt id: 16 random bytes in base64url (22 characters), unguessable by anyone else. */
export function newAttemptId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `url` with `attempt=<id>` added to its query (ws:, wss:, http: and https: alike). */
export function withAttempt(url: string, id: string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${separator}${ATTEMPT_PARAM}=${encodeURIComponent(id)}${fragment}`;
}

export interface ReadAttemptOptions {
  signal?: AbortSignal;
  /**
   * Wait this long before reading, so that what the server does after its answer (a close it sends, a socket it
   * cuts, a reconnect it receives) is in the record: a record is given only once.
   */
  settleMs?: number;
  /** Reads after a 404 (the request may still be on its way to the server), spaced by `retryDelayMs`. */
  retries?: number;
  retryDelayMs?: number;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      {once: true},
    );
  });

/**
 * What the server saw of attempt `id`, or null when it kept nothing (the request never reached it, or the record
 * expired). Throws when the server cannot be reached, as any demo request does.
 */
export async function readAttempt(
  serverUrl: string,
  id: string,
  {signal, settleMs = 0, retries = 3, retryDelayMs = 250}: ReadAttemptOptions = {},
): Promise<AttemptRecord | null> {
  await wait(settleMs, signal);
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(httpUrl(serverUrl, `${ENDPOINTS.attempts}/${encodeURIComponent(id)}`), {
      cache: 'no-store',
      signal,
    });
    if (response.ok) return readJson(response, AttemptRecord);
    if (response.status !== 404 || attempt >= retries) return null;
    await wait(retryDelayMs, signal);
  }
}

/** A head as the record holds it, split into its start line and its fields, for display. */
export function splitHead(head: string): {startLine: string; fields: [name: string, value: string][]} {
  const [startLine = '', ...lines] = head.split('\r\n');
  return {
    startLine,
    fields: lines.map((line) => {
      const colon = line.indexOf(':');
      return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).trimStart()];
    }),
  };
}

/** The status code of a response head's status line, or null for none. */
export function statusOf(head: string | null): number | null {
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head ?? '');
  return match ? Number(match[1]) : null;
}
