/**
 * The inspector's form: what the reader chose to send and how the server is to frame its answer, and whether the
 * server would take it. Pure, so a test needs no browser.
 */
import type {HttpInspectMethod, HttpInspectOptions} from '../../../demo-server/src/contract/httpInspect.ts';
import {HTTP_INSPECT_LIMITS} from '../../../demo-server/src/limits.ts';

export interface HeaderRow {
  name: string;
  value: string;
}

/** What the reader chose: the request, and how the server frames its answer. */
export interface InspectorForm {
  method: HttpInspectMethod;
  /** The path below the inspection's target, query included. */
  path: string;
  headers: HeaderRow[];
  body: string;
  options: HttpInspectOptions;
}

export const INITIAL_FORM: InspectorForm = {
  method: 'POST',
  path: 'notes?lang=en',
  headers: [{name: 'Content-Type', value: 'text/plain;charset=utf-8'}],
  body: 'Hello, server!',
  options: {framing: 'chunked', chunks: 3, trailer: true, connection: 'keep-alive'},
};

/** The forbidden headers a reader can add in one go, to watch the browser drop them. */
export const FORBIDDEN_EXAMPLES: readonly HeaderRow[] = [
  {name: 'Host', value: 'example.com'},
  {name: 'Cookie', value: 'session=stolen'},
  {name: 'Connection', value: 'close'},
  {name: 'User-Agent', value: 'my-agent/1.0'},
];

/** A path below the target: the characters of a URL path and query that need no encoding (RFC 3986 §3.3, §3.4). */
const PATH = /^[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,200}$/;
/** A field name is a token (RFC 9110 §5.1, §5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A field value a page may send: visible characters and spaces, no line breaks (RFC 9110 §5.5). */
const VALUE = /^[\t\x20-\x7e]*$/;

/** Why this form cannot be sent, in words; null when it can. */
export function formProblem(form: InspectorForm): string | null {
  if (!PATH.test(form.path)) return 'The path may hold letters, digits and URL punctuation only, up to 200 characters.';
  const rows = form.headers.filter((row) => row.name !== '' || row.value !== '');
  if (rows.length > HTTP_INSPECT_LIMITS.maxRequestHeaders) {
    return `At most ${HTTP_INSPECT_LIMITS.maxRequestHeaders} headers.`;
  }
  for (const row of rows) {
    if (!TOKEN.test(row.name)) return `"${row.name}" is not a header name: letters, digits and !#$%&'*+.^_\`|~- only.`;
    if (!VALUE.test(row.value)) return `The value of ${row.name} may hold visible ASCII characters and spaces only.`;
  }
  if (new TextEncoder().encode(form.body).length > HTTP_INSPECT_LIMITS.maxBodyBytes) {
    return `The body may be at most ${HTTP_INSPECT_LIMITS.maxBodyBytes} bytes.`;
  }
  return null;
}

/** Whether `fetch` lets this method carry a body (Fetch: a GET or HEAD request with a body is a TypeError). */
export const carriesBody = (method: string) => method !== 'GET' && method !== 'HEAD';
