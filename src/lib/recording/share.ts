/**
 * Share links: a recording compressed into the URL fragment (the part after `#`, which a browser never sends to a
 * server), so nothing is stored anywhere and the link works with any demo server or none. Before a link is made,
 * `scrubRecording` takes out what identifies the reader: their user agent and client hints, cookies, and any
 * network address other than loopback.
 */
import {RECORDING_FORMAT, type Encoded, type Recording} from './format.ts';

/** The fragment's prefix: `#replay=<Demo>.<data>`. */
export const SHARE_PREFIX = '#replay=';

/**
 * The longest fragment a link may carry, in characters. Chromium accepts URLs of up to 2 MiB, but links are pasted
 * into chats and mail that cut far shorter ones; a run that does not fit loses its wire half first, then its oldest
 * changes (see `fitRecording`).
 */
export const MAX_SHARE_CHARS = 32 * 1024;

const REMOVED = 'removed';
/** Header names whose values identify the reader or their session. */
const PRIVATE_HEADERS = new Set([
  'user-agent',
  'cookie',
  'set-cookie',
  'authorization',
  'x-forwarded-for',
  'forwarded',
  'x-real-ip',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-ch-ua-platform-version',
  'sec-ch-ua-full-version-list',
  'sec-ch-ua-model',
  'sec-ch-ua-arch',
  'sec-ch-ua-bitness',
]);
const IPV4 = /\b(?!127\.)(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
/** IPv6 literals: eight groups, or fewer around a `::` (so times like 12:30:05 are left alone); loopback kept. */
const IPV6 =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])/gi;
const HEADER_LINE = /^([A-Za-z0-9-]+)(:[ \t]*)(.*)$/gm;

function scrubString(text: string, userAgent: string): string {
  let out = userAgent ? text.split(userAgent).join(REMOVED) : text;
  out = out.replace(HEADER_LINE, (line, name: string, colon: string) =>
    PRIVATE_HEADERS.has(name.toLowerCase()) ? `${name}${colon}${REMOVED}` : line,
  );
  out = out.replace(IPV4, '192.0.2.1');
  out = out.replace(IPV6, (match) => (match === '::1' ? match : '2001:db8::1'));
  return out;
}

/** A copy of `value` with every private field's value and every string scrubbed. */
export function scrubValue<T>(value: T, userAgent: string): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrubString(node, userAgent);
    if (Array.isArray(node)) {
      // [name, value] pairs, as `[...headers]` gives them.
      if (node.length === 2 && typeof node[0] === 'string' && PRIVATE_HEADERS.has(node[0].toLowerCase())) {
        return [node[0], REMOVED];
      }
      return node.map(walk);
    }
    if (node === null || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const named = typeof object.name === 'string' ? object.name.toLowerCase() : null;
    for (const [key, field] of Object.entries(object)) {
      if (PRIVATE_HEADERS.has(key.toLowerCase()) && typeof field === 'string') out[key] = REMOVED;
      else if (named !== null && PRIVATE_HEADERS.has(named) && key === 'value' && typeof field === 'string') {
        out[key] = REMOVED;
      } else out[key] = walk(field);
    }
    return out;
  };
  return walk(value) as T;
}

/** The recording as a share link would carry it: scrubbed, marked as shared. */
export function scrubRecording(recording: Recording, userAgent: string): Recording {
  return {
    ...scrubValue(recording, userAgent),
    source: 'shared',
    server: {version: recording.server.version, url: scrubValue(recording.server.url, userAgent)},
  };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The recording, as the text after `#replay=<Demo>.` (deflate-raw, base64url). */
export async function encodeShare(recording: Recording): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(recording));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The demo name and data a fragment carries, or null when it is not a share link. */
export function parseShareFragment(hash: string): {demo: string; data: string} | null {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const rest = hash.slice(SHARE_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot <= 0) return null;
  const demo = rest.slice(0, dot);
  const data = rest.slice(dot + 1);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(demo) || !/^[A-Za-z0-9_-]+$/.test(data)) return null;
  return {demo, data};
}

/** Bound on the decompressed size of a shared recording, so a crafted link cannot exhaust the page's memory. */
export const MAX_SHARED_JSON_BYTES = 8 * 1024 * 1024;

/** Reads a shared recording; throws an Error saying what is wrong with a damaged or foreign link. */
export async function decodeShare(demo: string, data: string): Promise<Recording> {
  if (data.length > MAX_SHARE_CHARS * 4) throw new Error('The link is longer than any this site makes.');
  let json: Uint8Array;
  try {
    const stream = new DecompressionStream('deflate-raw');
    json = await pipe(fromBase64Url(data), stream);
  } catch {
    throw new Error('The link is damaged: its recording cannot be unpacked (was it cut short when it was pasted?).');
  }
  if (json.length > MAX_SHARED_JSON_BYTES) throw new Error('The recording in the link is too large to open.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new Error('The link is damaged: its recording is not readable.');
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error('The link does not hold a recording of this demo that this version of the site can play.');
  }
  const recording = parsed as Partial<Recording>;
  if (
    recording.format !== RECORDING_FORMAT ||
    recording.demo !== demo ||
    !Array.isArray(recording.steps) ||
    !Array.isArray(recording.wire) ||
    typeof recording.startedAt !== 'number' ||
    typeof recording.recordedAt !== 'string'
  ) {
    throw new Error('The link does not hold a recording of this demo that this version of the site can play.');
  }
  return {...(recording as Recording), source: 'shared'};
}

/**
 * A link-sized version of `recording`, and what had to go: the wire half first, then the oldest changes (folded into
 * the first view, so the replay still starts from a whole view). Returns the fragment data too.
 */
export async function fitRecording(
  recording: Recording,
  applyOps: (view: Encoded, ops: Recording['steps'][number]['ops']) => Encoded,
): Promise<{recording: Recording; data: string; dropped: 'nothing' | 'wire' | 'older changes'}> {
  let data = await encodeShare(recording);
  if (data.length <= MAX_SHARE_CHARS) return {recording, data, dropped: 'nothing'};
  let fitted: Recording = {...recording, wire: []};
  data = await encodeShare(fitted);
  if (data.length <= MAX_SHARE_CHARS) return {recording: fitted, data, dropped: 'wire'};
  while (data.length > MAX_SHARE_CHARS && fitted.steps.length > 0) {
    const drop = Math.max(1, Math.ceil(fitted.steps.length / 4));
    const folded = fitted.steps.slice(0, drop);
    let view = fitted.view;
    for (const step of folded) view = applyOps(view, step.ops);
    const shift = folded[folded.length - 1]?.t ?? 0;
    fitted = {
      ...fitted,
      view,
      startedAt: fitted.startedAt + shift,
      duration: Math.max(0, fitted.duration - shift),
      steps: fitted.steps.slice(drop).map((step) => ({t: step.t - shift, ops: step.ops})),
    };
    data = await encodeShare(fitted);
  }
  if (data.length > MAX_SHARE_CHARS) throw new Error('Even the last moment of this run is too large for a link.');
  return {recording: fitted, data, dropped: 'older changes'};
}
