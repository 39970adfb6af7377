/**
 * A recording's wire as a POSIX `sh` script that makes the same requests again: `curl` for HTTP and for an
 * EventSource's stream, `websocat` (https://github.com/vi/websocat, version 1) for a WebSocket.
 *
 * What the script sends, and why:
 * - `SERVER` (the demo server's base URL, the recorded one by default) prefixes every path that was the demo
 *   server's, so `SERVER=https://other.example sh replay.sh` replays against another instance; WebSocket URLs follow
 *   it (`http` → `ws`, `https` → `wss`).
 * - `Origin`: the recording page's origin, as the browser sent it (Fetch, "append a request `Origin` header"; RFC 6455
 *   §4.1 for the handshake). The demo server answers a request whose Origin is on its allow-list as it answered the
 *   page (with `Access-Control-Allow-Origin`), refuses one whose Origin is not (403), and serves one with none
 *   (`demo-server/src/origin.ts`): `ORIGIN= sh replay.sh` sends none, for a server that does not list this site.
 * - Each HTTP request: its method, the headers the page's script set, its body from `printf` through
 *   `--data-binary @-` (so a body starting with `@` is not read as a file name, and bytes that are not text are
 *   written as octal escapes); `-i` shows the status line and the headers of each answer.
 * - Each WebSocket: the subprotocols the page offered, the messages it sent in their order, each on a line with a
 *   prefix that says text or binary (binary in base64), which websocat turns back into text or binary messages, and
 *   the close code and reason the page saw when a page could have sent them (1000, 3000–4999).
 * - Each EventSource: `curl -N` with `Accept: text/event-stream`, stopped after as long as the page listened.
 *
 * Every value is single-quoted for the shell (`'` as `'\''`); text that goes in a comment has its line breaks and
 * other control characters replaced, so no recorded value can end a comment and run. A header no browser could have
 * sent (a name that is not a token, a value with CR, LF or NUL) is left out, with a comment saying so.
 *
 * Pure and browser-safe: no Node modules, no DOM (the page's origin is read from `location` only when not given).
 */
import type {EventSourceExchange, HttpExchange, WebSocketExchange, WireEntry} from './format.ts';
import {payloadBytes} from './har.ts';

export interface BuildScriptInput {
  /** The demo's name in the MDX registry. */
  demo: string;
  /** The demo server's base URL as the recording page knew it (`Recording.server.url`). */
  serverUrl: string;
  wire: WireEntry[];
  /**
   * The recording page's origin, sent as `Origin`. Defaults to `location.origin` when the script is built in a
   * page, else none.
   */
  pageOrigin?: string | null;
  /** When the script is made, for its header; defaults to now. */
  now?: Date;
}

/** What starts a line websocat sends as a text message, and what it prints before each text message it receives. */
export const WEBSOCAT_TEXT_PREFIX = '[text] ';
/** The same for binary messages, which are base64 on the line (`--base64`). */
export const WEBSOCAT_BINARY_PREFIX = '[binary] ';

/** websocat reads a line at most this long as one message (`--buffer-size`, default 65536). */
const WEBSOCAT_DEFAULT_BUFFER = 65_536;
/** The longest the script keeps a WebSocket open after its last message, or an event stream open, in seconds. */
const MAX_WAIT_SECONDS = 60;
/** A reply later than this after the last message sent is waited for (`sleep`); sooner ones need no wait. */
const REPLY_WAIT_THRESHOLD_MS = 100;

/**
 * Builds the replay script of a recording's wire, entries in the order they started.
 * Throws nothing: an exchange or a part of one that the tools cannot replay is a comment in the script.
 */
export function buildScript(input: BuildScriptInput): string {
  const serverUrl = input.serverUrl.replace(/\/+$/, '');
  const origin = input.pageOrigin === undefined ? defaultOrigin() : input.pageOrigin;
  const entries = input.wire
    .map((entry, index) => ({entry, index}))
    .sort((a, b) => a.entry.timings.start - b.entry.timings.start || a.index - b.index)
    .map(({entry}) => entry);
  const needsWebsocat = entries.some((entry) => entry.kind === 'websocket');
  const date = (input.now ?? new Date()).toISOString();
  const lines = [
    '#!/bin/sh',
    `# Replays the requests of the ${comment(input.demo)} demo of Over the Wire against its demo server.`,
    `# Made ${date} from a recording of ${entries.length} exchange${entries.length === 1 ? '' : 's'}.`,
    `# Needs: a POSIX sh, curl${needsWebsocat ? ', websocat 1.12 (https://github.com/vi/websocat)' : ''}.`,
    '#',
    '# SERVER=https://demo.example sh this-script.sh replays against another demo server.',
    '# It sends the Origin the page sent. A demo server refuses (403) an Origin that is not on its',
    '# allow-list and serves a request with none: ORIGIN= sh this-script.sh sends none.',
    '# The requests go one after another as each is answered, not at the pace of the recording, to the',
    '# paths that were recorded: a resource the recording created is named by the id it had then.',
    '',
    `SERVER=\${SERVER:-${quote(serverUrl)}}`,
    `ORIGIN=\${ORIGIN-${quote(origin ?? '')}}`,
    ...(needsWebsocat ? [`WS_SERVER=$(printf '%s\\n' "$SERVER" | sed 's/^http/ws/')`] : []),
  ];
  entries.forEach((entry, index) => {
    const step = `${index + 1}/${entries.length}`;
    lines.push('');
    if (entry.kind === 'http') lines.push(...httpLines(entry, step, serverUrl));
    else if (entry.kind === 'websocket') lines.push(...webSocketLines(entry, step, serverUrl));
    else lines.push(...eventSourceLines(entry, step, serverUrl));
  });
  return `${lines.join('\n')}\n`;
}

/** Single quotes for `sh`: nothing inside them is special but the quote itself, written `'\''`. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text made safe for a `#` comment: a line break would end the comment and run what follows. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ');
}

/** The `printf` that prints a step's title, so the output says which answer is which. */
function title(step: string, text: string): string {
  return `printf '\\n### %s\\n' ${quote(`${step} ${comment(text)}`)}`;
}

/** A URL as a shell word: `"$SERVER"'/path'` when it is the demo server's, the URL quoted otherwise. */
function urlWord(url: string, base: string, baseVariable: string): string {
  let href: string;
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    href = parsed.href;
  } catch {
    href = url;
  }
  if (href === base) return `"$${baseVariable}"`;
  if (href.startsWith(`${base}/`) || href.startsWith(`${base}?`)) {
    return `"$${baseVariable}"${quote(href.slice(base.length))}`;
  }
  return quote(href);
}

/** The path and query of a URL, for a title. */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** RFC 9110 §5.6.2: a field name is a token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Set by the tools themselves, or by this script (Origin): never copied from the recording. */
const HEADERS_NOT_COPIED = new Set(['content-length', 'host', 'origin', 'transfer-encoding', 'connection']);
const ORIGIN_ARGUMENTS = '${ORIGIN:+-H} ${ORIGIN:+"Origin: $ORIGIN"}';

function httpLines(exchange: HttpExchange, step: string, serverUrl: string): string[] {
  const recorded =
    exchange.status === 0
      ? `failed: ${exchange.error ?? 'network error'}`
      : `${exchange.status} ${exchange.statusText}`.trim();
  const lines = [title(step, `${exchange.method} ${shortUrl(exchange.url)} (recorded: ${recorded})`)];
  if (!TOKEN.test(exchange.method)) {
    return [...lines, `# Not replayed: "${comment(exchange.method)}" is not an HTTP method (RFC 9110 §9.1).`];
  }
  const args = ['curl -sS -i'];
  // fetch follows redirects unless told not to; curl only with -L.
  if (exchange.redirected === true) args.push('-L');
  if (exchange.method === 'HEAD') args.push('--head');
  else if (exchange.method !== 'GET') args.push(`-X ${quote(exchange.method)}`);
  args.push(ORIGIN_ARGUMENTS);
  for (const {name, value} of exchange.requestHeaders) {
    if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) {
      lines.push(`# Left out: a header no browser sends (${comment(name)}), its name not a token or its value broken.`);
    } else if (HEADERS_NOT_COPIED.has(name.toLowerCase())) {
      lines.push(`# Left out: ${name}, which curl or this script sets.`);
    } else {
      args.push(`-H ${quote(`${name}: ${value}`)}`);
    }
  }
  let input: string | null = null;
  if (exchange.requestBody !== null) {
    const bytes = payloadBytes(exchange.requestBody);
    if (bytes === null) {
      lines.push('# Not replayed: its recorded body is not valid base64.');
      return lines;
    }
    // Text as it is, readable; bytes (and text with a NUL, which no shell word can hold) as escapes.
    const body = exchange.requestBody;
    input = 'text' in body && !body.text.includes('\0') ? `printf '%s' ${quote(body.text)}` : printfBytes(bytes);
    args.push('--data-binary @-');
  }
  args.push(urlWord(exchange.url, serverUrl, 'SERVER'));
  lines.push(`${input === null ? '' : `${input} |\n  `}${args.join(' \\\n  ')}`);
  return lines;
}

/**
 * A `printf` that writes these exact bytes: printable ASCII as itself (in single quotes), `%` and `\` escaped for
 * printf's format, everything else as a three-digit octal escape (POSIX printf: `\ddd`).
 */
export function printfBytes(bytes: Uint8Array): string {
  let format = '';
  for (const byte of bytes) {
    if (byte === 0x25) format += '%%';
    else if (byte === 0x5c) format += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) format += String.fromCharCode(byte);
    else format += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `printf ${quote(format)}`;
}

function webSocketLines(exchange: WebSocketExchange, step: string, serverUrl: string): string[] {
  const sent = exchange.messages.filter((message) => message.type === 'send');
  const received = exchange.messages.length - sent.length;
  const closed = exchange.close === null ? '' : `, closed ${exchange.close.code}`;
  const lines = [
    title(
      step,
      `WebSocket ${shortUrl(exchange.url)} (recorded: ${exchange.protocol === null ? 'never opened' : `${sent.length} sent, ${received} received${closed}`})`,
    ),
  ];
  const texts: string[] = [];
  for (const [index, message] of sent.entries()) {
    if ('text' in message.data) {
      if (message.data.text.startsWith(WEBSOCAT_BINARY_PREFIX)) {
        lines.push(
          `# Message ${index + 1} left out: websocat would send text starting "${WEBSOCAT_BINARY_PREFIX}" as binary.`,
        );
      } else {
        texts.push(`${WEBSOCAT_TEXT_PREFIX}${message.data.text}`);
      }
    } else if (payloadBytes(message.data) === null) {
      lines.push(`# Message ${index + 1} left out: its recorded bytes are not valid base64.`);
    } else {
      texts.push(`${WEBSOCAT_BINARY_PREFIX}${message.data.base64}`);
    }
  }
  // websocat sends a line as a message: a message with a line break in it needs NUL-terminated lines instead (-0).
  const nulTerminated = texts.some((text) => /[\r\n]/.test(text));
  const sendable = nulTerminated ? texts.filter((text) => !text.includes('\0')) : texts;
  if (sendable.length < texts.length) {
    lines.push('# Left out: a message with both a line break and a NUL, which websocat cannot send as one.');
  }
  const feed = [
    ...(sendable.length === 0
      ? []
      : [`printf ${quote(nulTerminated ? '%s\\000' : '%s\\n')} ${sendable.map(quote).join(' ')}`]),
  ];
  const wait = replyWaitSeconds(exchange);
  if (wait > 0) feed.push(`sleep ${wait}`);
  const longest = Math.max(0, ...sendable.map((text) => new TextEncoder().encode(text).length));
  const args = [
    'websocat --text',
    nulTerminated ? '-0' : '--linemode-strip-newlines',
    `--text-prefix ${quote(WEBSOCAT_TEXT_PREFIX)} --binary-prefix ${quote(WEBSOCAT_BINARY_PREFIX)} --base64`,
    ...(longest >= WEBSOCAT_DEFAULT_BUFFER ? [`--buffer-size ${longest + 1}`] : []),
    '${ORIGIN:+--origin} ${ORIGIN:+"$ORIGIN"}',
    ...(exchange.protocols.length === 0 ? [] : [`--protocol ${quote(exchange.protocols.join(', '))}`]),
  ];
  const close = exchange.close;
  // WHATWG WebSockets, close(code, reason): a page may send 1000 or 3000–4999, and a reason of at most 123 bytes.
  if (close !== null && (close.code === 1000 || (close.code >= 3000 && close.code <= 4999))) {
    args.push(`--close-status-code ${close.code}`);
    if (close.reason !== '') args.push(`--close-reason ${quote(close.reason)}`);
  }
  args.push(urlWord(exchange.url, webSocketBase(serverUrl), 'WS_SERVER'));
  const source = feed.length === 0 ? "printf ''" : feed.length === 1 ? feed.join('') : `{\n  ${feed.join('\n  ')}\n}`;
  lines.push(`${source} |\n  ${args.join(' \\\n  ')}`);
  return lines;
}

/**
 * How long to keep the socket open after the last message is sent: until the last reply came in the recording,
 * when that was later than a moment. websocat closes the socket when its input ends.
 */
function replyWaitSeconds(exchange: WebSocketExchange): number {
  const sends = exchange.messages.filter((message) => message.type === 'send');
  const receives = exchange.messages.filter((message) => message.type === 'receive');
  const lastReceive = receives.at(-1)?.time;
  if (lastReceive === undefined) return 0;
  const from = sends.at(-1)?.time ?? exchange.timings.headers ?? exchange.timings.start;
  const gap = lastReceive - from;
  return gap > REPLY_WAIT_THRESHOLD_MS ? Math.min(MAX_WAIT_SECONDS, Math.ceil(gap / 1000)) : 0;
}

function eventSourceLines(exchange: EventSourceExchange, step: string, serverUrl: string): string[] {
  const lastEvent = exchange.events.at(-1)?.time;
  const until = exchange.timings.end ?? lastEvent ?? exchange.timings.headers ?? exchange.timings.start;
  const seconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil((until - exchange.timings.start) / 1000)));
  const lines = [
    title(
      step,
      `EventSource ${shortUrl(exchange.url)} (recorded: ${exchange.events.length} event${exchange.events.length === 1 ? '' : 's'})`,
    ),
    `# curl stops after ${seconds} s, as long as the page listened, and says so (exit code 28).`,
  ];
  if (exchange.withCredentials)
    lines.push('# The page sent its cookies for this origin (withCredentials); this does not.');
  const args = [
    'curl -sS -i -N',
    `--max-time ${seconds}`,
    `-H ${quote('Accept: text/event-stream')}`,
    ORIGIN_ARGUMENTS,
    urlWord(exchange.url, serverUrl, 'SERVER'),
  ];
  lines.push(args.join(' \\\n  '));
  return lines;
}

/** The demo server's base URL with its scheme as WebSocket URLs have it (what `WS_SERVER` holds). */
function webSocketBase(serverUrl: string): string {
  return serverUrl.replace(/^http/, 'ws');
}

function defaultOrigin(): string | null {
  const location = (globalThis as {location?: {origin?: string}}).location;
  return typeof location?.origin === 'string' && location.origin !== 'null' ? location.origin : null;
}
