/**
 * `GET /events/costs`: what each transport has cost its session so far, which a
 * page needs to measure the transports honestly.
 */
import type {CostMeter} from '../events/costs.ts';
import {sendJson, sendProblem} from '../http.ts';
import type {Route} from './router.ts';

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
