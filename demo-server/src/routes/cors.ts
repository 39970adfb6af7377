/**
 * `/cors/{case}`: the CORS demo's route. Each case answers with the CORS
 * headers that make a browser allow or refuse the page's request, on purpose
 * (Fetch standard, "CORS check" and "CORS-preflight fetch"), and adds to the
 * page's attempt record what it answered, in words. The router has already
 * refused an origin not on the allow-list (403) and set
 * `Access-Control-Allow-Origin` to an allowed one; a case takes those headers
 * over only where it means to (`credentials` answers `*`).
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AttemptLog} from '../attempts.ts';
import {
  CORS_CASES,
  CORS_EXPOSED_RESPONSE_HEADER,
  CORS_PREFLIGHT_MAX_AGE_SECONDS,
  CORS_UNEXPOSED_RESPONSE_HEADER,
  CORS_UNLISTED_METHOD,
  isCorsCase,
  type CorsAnswer,
  type CorsCase,
} from '../contract/cors.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {excerpt, pathOf, readBody, sendJson, sendProblem} from '../http.ts';
import {parseClientJson} from '../json.ts';
import {CORS_LIMITS} from '../limits.ts';

export interface CorsRouteOptions {
  attempts: AttemptLog;
  maxJsonDepth: number;
  /** Largest body a POST reads; past it, 413 before more is read. */
  maxBodyBytes?: number;
}

interface CaseAnswer {
  /** The methods the route serves (OPTIONS aside): what a client that asks no browser's leave gets. */
  methods: readonly string[];
  /** What its preflight answer allows. */
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  /** `*` instead of the request's origin in `Access-Control-Allow-Origin`. */
  wildcardOrigin?: true;
  /** Headers of the answer beyond the CORS ones. */
  headers?: Readonly<Record<string, string>>;
  /** Whether the body must be JSON. */
  json?: true;
}

const CASES: Readonly<Record<CorsCase, CaseAnswer>> = {
  simple: {methods: ['GET', 'HEAD'], allowMethods: ['GET', 'HEAD'], allowHeaders: ['Content-Type']},
  json: {methods: ['POST'], allowMethods: ['POST'], allowHeaders: ['Content-Type'], json: true},
  // The route serves DELETE, as an API does whose CORS configuration was written before DELETE was added.
  method: {
    methods: ['GET', 'POST', CORS_UNLISTED_METHOD],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type'],
  },
  header: {methods: ['GET', 'HEAD'], allowMethods: ['GET', 'HEAD'], allowHeaders: ['Content-Type']},
  credentials: {methods: ['GET', 'HEAD'], allowMethods: ['GET', 'HEAD'], allowHeaders: [], wildcardOrigin: true},
  expose: {
    methods: ['GET', 'HEAD'],
    allowMethods: ['GET', 'HEAD'],
    allowHeaders: ['Content-Type'],
    headers: {
      [CORS_EXPOSED_RESPONSE_HEADER]: '"cors-expose-1"',
      [CORS_UNEXPOSED_RESPONSE_HEADER]: '42',
      'Access-Control-Expose-Headers': CORS_EXPOSED_RESPONSE_HEADER,
    },
  },
};

/** The Fetch standard's CORS-safelisted methods: no preflight asks for these alone. */
const SAFELISTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

export function corsRoute({attempts, maxJsonDepth, maxBodyBytes = CORS_LIMITS.maxBodyBytes}: CorsRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const name = pathOf(req.url).slice(ENDPOINTS.cors.length + 1);
    if (!isCorsCase(name)) {
      sendProblem(res, 404, `No CORS case "${excerpt(name, 40)}"; ${ENDPOINTS.cors}/ has ${CORS_CASES.join(', ')}`);
      return;
    }
    const answer = CASES[name];
    const origin = req.headers.origin;
    if (answer.wildcardOrigin === true) {
      // Taken over from the router on purpose: `*` is the answer this case is about.
      res.setHeader('Access-Control-Allow-Origin', '*');
    }
    const method = req.method ?? 'GET';
    const allow = [...answer.methods, 'OPTIONS'].join(', ');

    if (method === 'OPTIONS') {
      const asked = req.headers['access-control-request-method'];
      res.writeHead(204, {
        Allow: allow,
        ...(asked === undefined
          ? {}
          : {
              'Access-Control-Allow-Methods': answer.allowMethods.join(', '),
              ...(answer.allowHeaders.length > 0
                ? {'Access-Control-Allow-Headers': answer.allowHeaders.join(', ')}
                : {}),
              'Access-Control-Max-Age': String(CORS_PREFLIGHT_MAX_AGE_SECONDS),
            }),
      });
      res.end();
      if (asked !== undefined) {
        attempts.note(req, preflightAccount(answer, asked, req.headers['access-control-request-headers']));
      }
      return;
    }
    if (!answer.methods.includes(method)) {
      sendProblem(res, 405, `${ENDPOINTS.cors}/${name} allows ${allow}, not ${excerpt(method, 20)}`, {Allow: allow});
      return;
    }

    let bodyBytes = 0;
    if (method === 'POST') {
      const body = await readBody(req, res, maxBodyBytes);
      if (body === undefined) return;
      bodyBytes = body.length;
      if (answer.json === true) {
        const parsed = parseClientJson(body.toString('utf8'), maxJsonDepth);
        if (!parsed.ok) {
          sendProblem(res, 400, `The body must be JSON: ${excerpt(parsed.detail, 120)}`);
          return;
        }
      }
    }
    const account = answerAccount(answer, origin);
    const body: CorsAnswer = {case: name, method, bodyBytes, cors: account};
    sendJson(res, 200, body, {...answer.headers});
    attempts.note(req, account);
  };
}

/** The server's account of a preflight answer: what it allowed, and whether that covers what the browser asked. */
function preflightAccount(answer: CaseAnswer, askedMethod: string, askedHeaders: string | undefined): string {
  const method = excerpt(askedMethod, 20);
  const headers = (askedHeaders ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter((header) => header !== '');
  const allowedHeaders = new Set(answer.allowHeaders.map((header) => header.toLowerCase()));
  const missingMethod = !answer.allowMethods.includes(askedMethod) && !SAFELISTED_METHODS.has(askedMethod);
  const missingHeaders = headers.filter((header) => !allowedHeaders.has(header));
  const asked = `Preflight asking for ${method}${headers.length > 0 ? ` with ${excerpt(headers.join(', '), 120)}` : ''}`;
  const allowed = `answered 204 with Access-Control-Allow-Methods: ${answer.allowMethods.join(', ')}${
    answer.allowHeaders.length > 0 ? ` and Access-Control-Allow-Headers: ${answer.allowHeaders.join(', ')}` : ''
  }`;
  if (missingMethod) {
    return `${asked}: ${allowed}. ${method} is not among the methods, so a browser stops here and never sends the ${method}.`;
  }
  if (missingHeaders.length > 0) {
    return `${asked}: ${allowed}. ${excerpt(missingHeaders.join(', '), 120)} is not among the headers, so a browser stops here and never sends the request.`;
  }
  return `${asked}: ${allowed}. That covers what was asked, so a browser sends the request, and may skip this preflight for the same URL for ${CORS_PREFLIGHT_MAX_AGE_SECONDS} s (Access-Control-Max-Age).`;
}

/** The server's account of its answer's CORS headers. */
function answerAccount(answer: CaseAnswer, origin: string | undefined): string {
  if (answer.wildcardOrigin === true) {
    return 'Answered 200 with Access-Control-Allow-Origin: * and no Access-Control-Allow-Credentials: any page may read this answer, but only if its request carried no credentials.';
  }
  if (origin === undefined) {
    return 'Answered 200 with no Access-Control-Allow-Origin: the request named no Origin, so it did not come from a cross-origin page.';
  }
  const exposed = answer.headers?.['Access-Control-Expose-Headers'];
  const hidden = Object.keys(answer.headers ?? {}).filter(
    (header) => header !== 'Access-Control-Expose-Headers' && header !== exposed,
  );
  return `Answered 200 with Access-Control-Allow-Origin: ${excerpt(origin, 100)}: a page of that origin may read this answer${
    exposed === undefined
      ? ''
      : `, and of its headers ${exposed} (Access-Control-Expose-Headers) besides the safelisted ones, not ${hidden.join(', ')}`
  }.`;
}
