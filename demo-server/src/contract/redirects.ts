/**
 * The redirects demo's routes (`/http/redirect/…`): a redirect of each status RFC 9110 §15.4 defines for it, a
 * chain of redirects, a loop, and the target they lead to, which says what method and body it received. Every
 * answer is JSON saying what the server received, so that the page can show it hop by hop from the attempt record
 * (`?attempt=<id>` travels on with every `Location`).
 */
import * as s from './schema.ts';

/** The redirect statuses (Fetch standard, "redirect status"), in the order the page shows them. */
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
export type RedirectStatus = (typeof REDIRECT_STATUSES)[number];

export function isRedirectStatus(value: number): value is RedirectStatus {
  return (REDIRECT_STATUSES as readonly number[]).includes(value);
}

/** The methods every redirect route and the target serve (OPTIONS aside). */
export const REDIRECT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;

/** The status every hop of a chain and of the loop answers with. */
export const CHAIN_STATUS = 302;

/** The path segments under the prefix besides a status: `chain/{n}`, `loop`, `target`. */
export const REDIRECT_CHAIN = 'chain';
export const REDIRECT_LOOP = 'loop';
export const REDIRECT_TARGET = 'target';

/** What the server received of one request, as every answer of these routes says it. */
const received = {
  method: s.string({description: 'The method the request arrived with'}),
  bodyBytes: s.integer({minimum: 0, description: 'Bytes of request body the server read'}),
  contentType: s.nullable(s.string({description: 'The request’s Content-Type, cut to 100 characters'})),
};

/** Body of a redirect (301, 302, 303, 307, 308) from any of these routes. */
export const RedirectHop = s.object({
  status: s.oneOf(REDIRECT_STATUSES),
  location: s.string({description: 'The Location the answer carries: a path on this server'}),
  ...received,
});
export type RedirectHop = s.Infer<typeof RedirectHop>;

/** Body of a 200 from `/http/redirect/target`, where every redirect leads. */
export const RedirectTarget = s.object({
  target: s.literal(true),
  ...received,
});
export type RedirectTarget = s.Infer<typeof RedirectTarget>;
