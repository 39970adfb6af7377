/**
 * The CORS demo's cases (`/cors/{case}`): one path per case, each answering
 * with the CORS headers that make the reader's browser allow or refuse it, on
 * purpose. The page and the server both take the names, the header the page
 * adds and the headers the server exposes from here.
 */
import * as s from './schema.ts';

/**
 * The cases, in the order the page shows them:
 * - `simple`: a GET no preflight precedes, allowed;
 * - `json`: a JSON POST (`application/json` is not a CORS-safelisted content type), preflighted and allowed;
 * - `method`: a DELETE the route serves, but whose preflight answer leaves the method out;
 * - `header`: a GET with a header the preflight answer leaves out;
 * - `credentials`: a GET sent with credentials, answered `Access-Control-Allow-Origin: *`;
 * - `expose`: a GET answered with a header the page may not read (not in `Access-Control-Expose-Headers`).
 */
export const CORS_CASES = ['simple', 'json', 'method', 'header', 'credentials', 'expose'] as const;
export type CorsCase = (typeof CORS_CASES)[number];

export function isCorsCase(name: string): name is CorsCase {
  return (CORS_CASES as readonly string[]).includes(name);
}

/** `Access-Control-Max-Age` of every preflight answer: how long a browser may skip the preflight for the same URL. */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The method the `method` case sends; its route serves it, its preflight answer does not list it. */
export const CORS_UNLISTED_METHOD = 'DELETE';

/** The header the `header` case adds; it is not CORS-safelisted, and the preflight answer does not list it. */
export const CORS_UNLISTED_REQUEST_HEADER = 'X-Request-Id';

/** The `expose` case answers both; only the first is in `Access-Control-Expose-Headers`. */
export const CORS_EXPOSED_RESPONSE_HEADER = 'ETag';
export const CORS_UNEXPOSED_RESPONSE_HEADER = 'X-Total-Count';

/** Body of a 200 from `/cors/{case}` (the page can read it only when the browser lets it). */
export const CorsAnswer = s.object({
  case: s.oneOf(CORS_CASES),
  method: s.string({description: 'The method the request arrived with'}),
  bodyBytes: s.integer({minimum: 0, description: 'Bytes of request body the server read'}),
  cors: s.string({description: "What this answer's CORS headers allow, in the server's words"}),
});
export type CorsAnswer = s.Infer<typeof CorsAnswer>;
