/**
 * `GET /time` and `GET /events/costs`: what a page needs to measure the
 * transports honestly — the server's clock, for an NTP-style offset estimate
 * (RFC 5905 §8), and what each transport has cost its session so far.
 */
import type {ClockReading} from '../contract/events.ts';
import type {CostMeter} from '../events/costs.ts';
import {sendJson, sendProblem} from '../http.ts';
import type {Route} from './router.ts';

export function timeRoute(now: () => number = Date.now): Route {
  return {
    methods: ['GET'],
    handle(_req, res) {
      const receivedAt = now();
      const reading: ClockReading = {receivedAt, sentAt: now()};
      sendJson(res, 200, reading);
    },
  };
}

export function costsRoute(meter: CostMeter): Route {
  return {
    methods: ['GET'],
    handle(req, res) {
      const session = meter.sessionOf(req);
      if (session === undefined || session === null) {
        sendProblem(res, 400, '?session= must be the id (8 to 64 letters, digits, "-" or "_") your page sends');
        return;
      }
      sendJson(res, 200, meter.report(session));
    },
  };
}
