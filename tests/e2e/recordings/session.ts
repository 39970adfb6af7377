/**
 * Recorded sessions: for each demo, what a reader does with it (`run`) and what its replay must show at the end
 * (`expectReplay`). `npm run record` (scripts/record.mts) plays each session against the real demo server and
 * commits what the page recorded to `static/recordings/<Demo>.json`; `tests/e2e/recordings.spec.ts` plays them again
 * against the current server and fails when the recording no longer matches it (`signature`), then stops the server
 * and plays each recording back.
 */
import type {Locator, Page} from '@playwright/test';
import {applyOps} from '../../../src/lib/recording/codec.ts';
import type {Encoded, Recording, WireEntry} from '../../../src/lib/recording/format.ts';

export interface Session {
  /** The demo's name in the MDX registry (src/theme/MDXComponents.tsx). */
  demo: string;
  /** The page the demo is recorded on (its article). */
  page: string;
  /** The demo's accessible name (its DemoFrame title). */
  title: string;
  /**
   * What a reader does, from a live demo to the end of the run: short (a few seconds), and done when the demo
   * shows the result (no fixed waits).
   */
  run: (demo: Locator, page: Page) => Promise<void>;
  /** Checks what the end of the replay shows (the same things `run` waited for). */
  expectReplay: (demo: Locator) => Promise<void>;
  /**
   * Lines of the signature whose presence differs from run to run against the same server (a race the reader's
   * timing decides): left out of the comparison. Say why next to each.
   */
  unstable?: readonly RegExp[];
}

/** The demo's region on the page. */
export function demoRegion(page: Page, session: Pick<Session, 'title'>): Locator {
  return page.locator(`section[aria-label="${session.title}"]`).first();
}

/** The run the page recorded so far, as `npm run record` commits it. */
export async function pageRecording(page: Page, demo: string): Promise<Recording> {
  const recording = await page.evaluate((name) => window.__overTheWire?.recording(name) ?? null, demo);
  if (recording === null) throw new Error(`${demo} did not record anything: does it call useRecordable?`);
  return recording;
}

/**
 * A token the server made for one reader, in a path: hex or a UUID, a long run of base64url, or a shorter one with
 * a capital, a digit or an underscore in it (a sandbox id is `randomBytes(9)` in base64url, 12 characters; the
 * server's own path words are lower-case). A random 12-character id has none of them once in 31,000 ((27/64)^12).
 */
function isToken(part: string): boolean {
  return (
    /^[0-9a-f-]{8,}$/i.test(part) || /^[\w-]{16,}$/.test(part) || (/^[\w-]{8,}$/.test(part) && /[A-Z\d_]/.test(part))
  );
}

/** A path with the parts that name one reader's resources (ids, numbers, long tokens) made generic. */
export function pathTemplate(url: string): string {
  const {pathname} = new URL(url);
  return pathname
    .split('/')
    .map((part) => (/^\d+$/.test(part) ? '{n}' : isToken(part) ? '{id}' : part))
    .join('/');
}

/** `shape` of a JSON text: the key paths and value types it holds (not the values), or its kind when not JSON. */
function textShape(prefix: string, text: string, out: Set<string>): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    out.add(`${prefix} text`);
    return;
  }
  shape(prefix, value, out);
}

function shape(prefix: string, value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) shape(`${prefix}[]`, item, out);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const tag = (value as {$?: unknown}).$;
    if (typeof tag === 'string' && Object.keys(value).every((key) => key === '$' || key === 'v')) {
      out.add(`${prefix}:${tag}`);
      return;
    }
    for (const [key, field] of Object.entries(value))
      shape(`${prefix}.${/^[\w-]+$/.test(key) ? key : '*'}`, field, out);
    return;
  }
  out.add(`${prefix}:${value === null ? 'null' : typeof value}`);
}

function wireShape(entry: WireEntry, out: Set<string>): void {
  const path = pathTemplate(entry.url);
  switch (entry.kind) {
    case 'http': {
      const head = `http ${entry.method} ${path} ${entry.error ? 'error' : entry.status}`;
      out.add(head);
      if (entry.responseBody && 'text' in entry.responseBody) textShape(`${head} body`, entry.responseBody.text, out);
      return;
    }
    case 'websocket': {
      const head = `ws ${path} protocol=${entry.protocol ?? 'none'}`;
      out.add(head);
      for (const message of entry.messages) {
        const prefix = `${head} ${message.type}`;
        if ('text' in message.data) textShape(prefix, message.data.text, out);
        else out.add(`${prefix} binary`);
      }
      return;
    }
    case 'eventsource': {
      const head = `sse ${path}`;
      out.add(head);
      for (const event of entry.events) textShape(`${head} ${event.type}`, event.data, out);
      return;
    }
  }
}

/**
 * What a recording says of the server and of the demo, without the values that change from run to run: each
 * exchange's kind, method, path template and status, the key paths and types of its JSON bodies, messages and
 * events, and the key paths and types of the demo's last view. Two runs of a session against the same server give
 * the same signature; a server that renamed a field, changed a status or a type, or a demo whose state changed
 * shape, gives another, and the recording must be made again.
 */
export function signature(recording: Recording, unstable: readonly RegExp[] = []): string[] {
  const out = new Set<string>();
  for (const entry of recording.wire) wireShape(entry, out);
  let view: Encoded = recording.view;
  for (const step of recording.steps) view = applyOps(view, step.ops);
  shape('view', view, out);
  return [...out].filter((line) => !unstable.some((pattern) => pattern.test(line))).sort();
}
