/**
 * `/http/redirect/…`: the redirects demo's routes. `/{status}` answers that redirect status (RFC 9110 §15.4) with
 * `Location` naming the target; `/chain/{n}` makes `n` redirects in a row before the target; `/loop` redirects to
 * itself; `/target` answers 200. Each answer is JSON saying what the server received (method, body length,
 * `Content-Type`), and each `Location` keeps the request's `attempt` id, so every hop lands in the page's attempt
 * record. A loop is bounded per reader: past `REDIRECT_LIMITS.maxLoopHops` hops it answers 508 Loop Detected.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {attemptIdOf} from '../attempts.ts';
import {ATTEMPT_PARAM} from '../contract/attempts.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  CHAIN_STATUS,
  REDIRECT_CHAIN,
  REDIRECT_LOOP,
  REDIRECT_METHODS,
  REDIRECT_STATUSES,
  REDIRECT_TARGET,
  isRedirectStatus,
  type RedirectHop,
  type RedirectStatus,
  type RedirectTarget,
} from '../contract/redirects.ts';
import {excerpt, pathOf, readBody, sendJson, sendProblem} from '../http.ts';
import {REDIRECT_LIMITS} from '../limits.ts';

export interface RedirectsRouteOptions {
  /** The client a request comes from: a loop is counted per client and attempt id. */
  clientOf: (req: IncomingMessage) => string;
  now?: () => number;
  maxLoopHops?: number;
  maxTrackedLoops?: number;
}

const ALLOW = [...REDIRECT_METHODS, 'OPTIONS'].join(', ');
const SHAPES = `${REDIRECT_STATUSES.join(', ')}, ${REDIRECT_CHAIN}/{n} (n from 1 to ${REDIRECT_LIMITS.maxChainHops}), ${REDIRECT_LOOP} and ${REDIRECT_TARGET}`;
/** `chain/{n}`: n as plain digits, no sign, no leading zero. */
const CHAIN_PATTERN = new RegExp(`^${REDIRECT_CHAIN}/([1-9][0-9]{0,5})$`);

/** A path under the prefix, with the request's attempt id kept: the next hop joins the same record. */
function locationOf(req: IncomingMessage, rest: string): string {
  const id = attemptIdOf(req.url);
  const path = `${ENDPOINTS.httpRedirect}/${rest}`;
  // The id matched ATTEMPT_ID_PATTERN, the base64url alphabet: nothing in it needs escaping.
  return id === null ? path : `${path}?${ATTEMPT_PARAM}=${id}`;
}

/**
 * Counts the hops of each loop, by client and attempt id, for `loopTtlMs` after its last hop; at most
 * `maxTrackedLoops` loops at once, the least recently followed forgotten first.
 */
function createLoopCounter(maxTrackedLoops: number, now: () => number) {
  /** Insertion order is the order of last hops: a loop hopped again moves to the end. */
  const loops = new Map<string, {hops: number; expiresAt: number}>();
  return (key: string): number => {
    const at = now();
    for (const [oldKey, loop] of loops) {
      if (loop.expiresAt > at && loops.size < maxTrackedLoops) break;
      loops.delete(oldKey);
    }
    const hops = (loops.get(key)?.hops ?? 0) + 1;
    loops.delete(key);
    loops.set(key, {hops, expiresAt: at + REDIRECT_LIMITS.loopTtlMs});
    return hops;
  };
}

export function redirectsRoute({
  clientOf,
  now = Date.now,
  maxLoopHops = REDIRECT_LIMITS.maxLoopHops,
  maxTrackedLoops = REDIRECT_LIMITS.maxTrackedLoops,
}: RedirectsRouteOptions) {
  const countHop = createLoopCounter(maxTrackedLoops, now);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rest = pathOf(req.url).slice(ENDPOINTS.httpRedirect.length + 1);
    const method = req.method ?? 'GET';
    const code = /^[0-9]{3}$/.test(rest) ? Number(rest) : null;
    const status = code !== null && isRedirectStatus(code) ? code : null;
    const chain = CHAIN_PATTERN.exec(rest);
    if (status === null && chain === null && rest !== REDIRECT_LOOP && rest !== REDIRECT_TARGET) {
      sendProblem(res, 404, `No redirect "${excerpt(rest, 40)}"; ${ENDPOINTS.httpRedirect}/ has ${SHAPES}`);
      return;
    }
    const hops = chain === null ? 0 : Number(chain[1]);
    if (hops > REDIRECT_LIMITS.maxChainHops) {
      sendProblem(res, 400, `A chain has 1 to ${REDIRECT_LIMITS.maxChainHops} redirects, not ${hops}`);
      return;
    }
    if (method === 'OPTIONS') {
      // A plain request needs no preflight; one with a header of the page's own does, and learns what is allowed.
      res.writeHead(204, {
        Allow: ALLOW,
        'Access-Control-Allow-Methods': ALLOW,
        'Access-Control-Allow-Headers': 'Content-Type',
      });
      res.end();
      return;
    }
    if (!(REDIRECT_METHODS as readonly string[]).includes(method)) {
      sendProblem(res, 405, `${ENDPOINTS.httpRedirect}/ allows ${ALLOW}, not ${excerpt(method, 20)}`, {Allow: ALLOW});
      return;
    }
    // Read whatever body came, bounded, so that each hop says how much of it arrived.
    const body = await readBody(req, res, REDIRECT_LIMITS.maxBodyBytes);
    if (body === undefined) return;
    const contentType = req.headers['content-type'];
    const saw = {
      method,
      bodyBytes: body.length,
      contentType: contentType === undefined ? null : excerpt(contentType, 100),
    };

    if (rest === REDIRECT_TARGET) {
      const answer: RedirectTarget = {target: true, ...saw};
      sendJson(res, 200, answer);
      return;
    }
    if (rest === REDIRECT_LOOP) {
      const key = `${clientOf(req)}\n${attemptIdOf(req.url) ?? ''}`;
      const hop = countHop(key);
      if (hop > maxLoopHops) {
        sendProblem(
          res,
          508,
          `This loop has been followed ${maxLoopHops} times, the most this server answers; a browser gives up after 20`,
        );
        return;
      }
      redirect(res, CHAIN_STATUS, locationOf(req, REDIRECT_LOOP), saw);
      return;
    }
    if (chain !== null) {
      redirect(res, CHAIN_STATUS, locationOf(req, hops === 1 ? REDIRECT_TARGET : `${REDIRECT_CHAIN}/${hops - 1}`), saw);
      return;
    }
    if (status !== null) redirect(res, status, locationOf(req, REDIRECT_TARGET), saw);
  };
}

/** A redirect, with a body saying what the server received (RFC 9110 §15.4: a short note with the new URI). */
function redirect(
  res: ServerResponse,
  status: RedirectStatus,
  location: string,
  saw: Omit<RedirectHop, 'status' | 'location'>,
): void {
  const answer: RedirectHop = {status, location, ...saw};
  // sendJson adds `Cache-Control: no-store`: a 301 or 308 is otherwise cacheable by default (RFC 9110 §15.4.2,
  // §15.4.9), and a browser that kept one would answer the next run itself, unseen by the server.
  sendJson(res, status, answer, {Location: location});
}
