/**
 * The redirects demo's requests and what it makes of the answers: one `fetch` to a redirect route of the demo server
 * (`/http/redirect/…`), what `fetch` gave the page (`redirected`, `url`, `status`, `type`, and what the target said
 * it received), and the hops the server saw, read from the attempt record.
 */
import type {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {
  RedirectHop,
  RedirectTarget,
  REDIRECT_STATUSES,
  type RedirectStatus,
} from '../../demo-server/src/contract/redirects.ts';
import {parseJson} from './readJson.ts';

/**
 * How many redirects `fetch` follows: the Fetch standard's "HTTP-redirect fetch" returns a network error when a
 * request's redirect count is already 20, so the 21st redirect fails the fetch.
 */
export const FETCH_REDIRECT_LIMIT = 20;

/** The methods of the matrix: a request without a body, and one with. */
export const MATRIX_METHODS = ['GET', 'POST'] as const;
export type MatrixMethod = (typeof MATRIX_METHODS)[number];

/** The body every POST of the demo sends: a string, so that `fetch` keeps its source and can send it again. */
export const REDIRECT_BODY = 'hello, redirect';

/** The matrix's cells, in the order the page runs and shows them. */
export const MATRIX_CELLS: readonly {method: MatrixMethod; status: RedirectStatus}[] = REDIRECT_STATUSES.flatMap(
  (status) => MATRIX_METHODS.map((method) => ({method, status})),
);

/** What `fetch` is given besides the URL, for a method of the matrix. */
export function initFor(method: MatrixMethod, redirect: RequestRedirect = 'follow'): RequestInit {
  return {
    method,
    ...(method === 'POST' ? {body: REDIRECT_BODY} : {}),
    ...(redirect === 'follow' ? {} : {redirect}),
    cache: 'no-store',
  };
}

/** The call as source text, for the reader: the URL stands as `url`. */
export function codeFor(method: MatrixMethod, redirect: RequestRedirect = 'follow'): string {
  const options = [
    ...(method === 'POST' ? [`method: 'POST'`, `body: '${REDIRECT_BODY}'`] : []),
    ...(redirect === 'follow' ? [] : [`redirect: '${redirect}'`]),
  ];
  return options.length === 0 ? 'fetch(url)' : `fetch(url, {${options.join(', ')}})`;
}

export type FetchView =
  | {
      outcome: 'resolved';
      /** `response.redirected`: whether the URL list has more than one URL. */
      redirected: boolean;
      /** `response.url`: the last URL of the list ("" for none). */
      url: string;
      status: number;
      /** `response.type`: "cors" for a followed cross-origin answer, "opaqueredirect" under `redirect: "manual"`. */
      type: ResponseType;
      /** Every header the page can read. */
      headers: [string, string][];
      /** What the target said it received, when the answer is the target's. */
      target: RedirectTarget | null;
    }
  | {outcome: 'rejected'; name: string; message: string};

/** Runs one `fetch` and says what it gave the page. */
export async function runRedirect(url: string, init: RequestInit): Promise<FetchView> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    return error instanceof Error
      ? {outcome: 'rejected', name: error.name, message: error.message}
      : {outcome: 'rejected', name: typeof error, message: String(error)};
  }
  const text = await response.text();
  return {
    outcome: 'resolved',
    redirected: response.redirected,
    url: response.url,
    status: response.status,
    type: response.type,
    headers: [...response.headers],
    target: text === '' ? null : parseJson(RedirectTarget, text),
  };
}

/** One request of an attempt as the server saw it, and what it answered. */
export interface ServerHop {
  method: string;
  /** The request-target: path and query. */
  target: string;
  /** Bytes of body the server read, from its own answer (or `Content-Length` when the answer does not say). */
  bodyBytes: number | null;
  contentType: string | null;
  /** The status the server answered, or null when it did not. */
  status: number | null;
  location: string | null;
}

const fieldOf = (head: string, name: string): string | null => {
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).toLowerCase() === name) return line.slice(colon + 1).trim();
  }
  return null;
};

/** The hops of an attempt, in the order the server received them. */
export function hopsOf(record: AttemptRecord): ServerHop[] {
  return record.exchanges.map((exchange) => {
    const [method = '', target = ''] = exchange.request.split('\r\n', 1)[0]?.split(' ') ?? [];
    const said = parseJson(RedirectHop, exchange.body) ?? parseJson(RedirectTarget, exchange.body);
    const length = fieldOf(exchange.request, 'content-length');
    const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(exchange.response ?? '');
    return {
      method,
      target,
      bodyBytes: said?.bodyBytes ?? (length === null ? 0 : Number(length)),
      contentType: said?.contentType ?? fieldOf(exchange.request, 'content-type'),
      status: status === null ? null : Number(status[1]),
      location: exchange.response === null ? null : fieldOf(exchange.response, 'location'),
    };
  });
}

/** A URL's path, without its query (the attempt id), for showing. */
export function pathOfUrl(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/** A path as the demo shows it: under the redirect routes' prefix, which the demo names once. */
export function shortPath(path: string): string {
  return path.startsWith(`${ENDPOINTS.httpRedirect}/`) ? path.slice(ENDPOINTS.httpRedirect.length) : path;
}
