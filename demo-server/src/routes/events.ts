/** The HTTP transports of the event stream (issue #5): short polling first. */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {PollResponse} from '../contract.ts';
import type {DemoEventSource} from '../events/source.ts';
import {sendJson, sendProblem} from '../http.ts';
import type {Route} from './router.ts';

/** Reads `?since=<id>`: undefined when absent, null when not a whole number ≥ 0. */
export function readSince(req: IncomingMessage): number | undefined | null {
  const raw = new URL(req.url ?? '/', 'http://demo-server.invalid').searchParams.get('since');
  if (raw === null) return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

function answerSince(source: DemoEventSource, since: number, res: ServerResponse): void {
  if (since > source.latestId) {
    return sendProblem(res, 400, `since=${since} is ahead of the newest event (${source.latestId})`);
  }
  const result = source.since(since);
  if (!result.ok) {
    return sendProblem(
      res,
      410,
      `Events after ${since} are no longer all kept: the backlog starts at ${result.oldestAvailableId}. ` +
        `Start again from latestId ${source.latestId} (some events were missed).`,
    );
  }
  const body: PollResponse = {events: result.events, latestId: source.latestId};
  sendJson(res, 200, body);
}

/**
 * `GET /events/poll?since=<id>`: answers at once with the events after `since`,
 * possibly none. Without `since`, answers none and the latest id to start from.
 */
export function pollRoute(source: DemoEventSource): Route {
  return {
    methods: ['GET', 'HEAD'],
    handle(req, res) {
      const since = readSince(req);
      if (since === null) {
        sendProblem(res, 400, '"since" must be a whole number: the id of the last event you have');
      } else if (since === undefined) {
        const body: PollResponse = {events: [], latestId: source.latestId};
        sendJson(res, 200, body);
      } else {
        answerSince(source, since, res);
      }
    },
  };
}
