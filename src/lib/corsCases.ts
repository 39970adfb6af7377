/**
 * The CORS demo's requests, and what the page can learn from each: the
 * `fetch` call every case makes (its URL on `/cors/{case}`, method, headers
 * and credentials mode), and the page's view of what came back, read only
 * through what `fetch` gives script: a Response (status, `type`, the headers
 * the CORS filter left readable, the body) or the TypeError of a network
 * error, which says nothing of why.
 */
import {
  CORS_EXPOSED_RESPONSE_HEADER,
  CORS_UNEXPOSED_RESPONSE_HEADER,
  CORS_UNLISTED_METHOD,
  CORS_UNLISTED_REQUEST_HEADER,
  type CorsCase,
} from '../../demo-server/src/contract/cors.ts';

export interface CorsCaseRequest {
  /** What the page passes to `fetch` besides the URL. */
  init: RequestInit;
  /** Response headers the page asks for by name (`response.headers.get`), beside listing what it can read. */
  reads: readonly string[];
  /** The call as source text, for the reader: the URL stands as `url`. */
  code: string;
}

/** The body the `json` case posts. */
export const CORS_JSON_BODY = JSON.stringify({note: 'hello from the page'});

const REQUESTS: Readonly<Record<CorsCase, CorsCaseRequest>> = {
  simple: {init: {}, reads: [], code: 'fetch(url)'},
  json: {
    init: {method: 'POST', headers: {'Content-Type': 'application/json'}, body: CORS_JSON_BODY},
    reads: [],
    code: `fetch(url, {\n  method: 'POST',\n  headers: {'Content-Type': 'application/json'},\n  body: '${CORS_JSON_BODY}',\n})`,
  },
  method: {
    init: {method: CORS_UNLISTED_METHOD},
    reads: [],
    code: `fetch(url, {method: '${CORS_UNLISTED_METHOD}'})`,
  },
  header: {
    init: {headers: {[CORS_UNLISTED_REQUEST_HEADER]: '7'}},
    reads: [],
    code: `fetch(url, {headers: {'${CORS_UNLISTED_REQUEST_HEADER}': '7'}})`,
  },
  credentials: {init: {credentials: 'include'}, reads: [], code: `fetch(url, {credentials: 'include'})`},
  expose: {
    init: {},
    reads: [CORS_EXPOSED_RESPONSE_HEADER, CORS_UNEXPOSED_RESPONSE_HEADER],
    code: `const response = await fetch(url);\nresponse.headers.get('${CORS_EXPOSED_RESPONSE_HEADER}');\nresponse.headers.get('${CORS_UNEXPOSED_RESPONSE_HEADER}');`,
  },
};

/**
 * The request a case makes, in the default cache mode: the server's answers say `Cache-Control: no-store`, so no HTTP
 * cache answers for it, and Chromium keeps its preflight cache only for that mode (with `cache: 'no-store'` it sent a
 * preflight every time, which would hide the cache the "same URL" run shows).
 */
export function corsCaseRequest(name: CorsCase): CorsCaseRequest {
  return REQUESTS[name];
}

/** What script was given: a Response, or the error `fetch` rejected with. */
export type PageView =
  | {
      outcome: 'resolved';
      status: number;
      /** `response.type`: "cors" for a cross-origin response the CORS check let through. */
      type: ResponseType;
      /** Every header the page can read, as `response.headers` lists them (lower-case names, sorted). */
      headers: [string, string][];
      /** `response.headers.get(name)` for each name the case asks for: null when the page may not read it. */
      reads: {name: string; value: string | null}[];
      /** The start of the body as text. */
      body: string;
    }
  | {outcome: 'rejected'; name: string; message: string};

/** Longest piece of body the page shows. */
const MAX_BODY_CHARS = 2000;

/** The page's view of a response, from what script can read of it. */
export async function viewOfResponse(response: Response, reads: readonly string[]): Promise<PageView> {
  const body = await response.text();
  return {
    outcome: 'resolved',
    status: response.status,
    type: response.type,
    headers: [...response.headers],
    reads: reads.map((name) => ({name, value: response.headers.get(name)})),
    body: body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS)}…` : body,
  };
}

/** The page's view of a rejected `fetch`: the error's name and message, all a page is told. */
export function viewOfError(error: unknown): PageView {
  return error instanceof Error
    ? {outcome: 'rejected', name: error.name, message: error.message}
    : {outcome: 'rejected', name: typeof error, message: String(error)};
}

/** Runs a case's request from this page and returns what `fetch` gave it. */
export async function runCorsCase(name: CorsCase, url: string): Promise<PageView> {
  const {init, reads} = corsCaseRequest(name);
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    return viewOfError(error);
  }
  return viewOfResponse(response, reads);
}
