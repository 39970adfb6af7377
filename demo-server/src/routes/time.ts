/**
 * `GET /time`: the server's clock, for an NTP-style offset estimate
 * (RFC 5905 §8), which a page needs to measure the transports honestly.
 */
import type {ClockReading} from '../contract/events.ts';
import {sendJson} from '../http.ts';
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
