/**
 * `GET /attempts/{id}`: what the server saw of the requests a page made with
 * `?attempt=<id>` (an AttemptRecord), once, to the client address that made them.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AttemptLog} from '../attempts.ts';
import {ATTEMPT_ID_PATTERN} from '../contract/attempts.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {pathOf, sendJson, sendProblem} from '../http.ts';
import {ATTEMPT_LIMITS} from '../limits.ts';

export function attemptsRoute(log: AttemptLog) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {Allow: 'GET, OPTIONS', 'Access-Control-Allow-Methods': 'GET, OPTIONS'});
      return void res.end();
    }
    if (req.method !== 'GET') {
      return sendProblem(res, 405, `Attempts can only be read (GET), not ${req.method}`, {Allow: 'GET, OPTIONS'});
    }
    const id = pathOf(req.url).slice(ENDPOINTS.attempts.length + 1);
    if (!ATTEMPT_ID_PATTERN.test(id)) {
      return sendProblem(res, 404, 'An attempt id is 8 to 64 characters of A-Z, a-z, 0-9, "-" and "_"');
    }
    const record = log.take(req, id);
    if (record === undefined) {
      return sendProblem(
        res,
        404,
        `No attempt ${id} from your address: each is kept for ${ATTEMPT_LIMITS.ttlMs / 1000} s after its last request, given once, and only to the address that made it`,
      );
    }
    sendJson(res, 200, record, {'Cache-Control': 'no-store'});
  };
}
