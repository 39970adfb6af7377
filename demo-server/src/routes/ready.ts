/** `GET /ready`: readiness, for load balancers (`/health` is liveness). */
import type {ServerResponse} from 'node:http';
import type {ReadinessReport} from '../contract/health.ts';
import {sendJson} from '../http.ts';
import type {Route} from './router.ts';

/** Answers 200 `ready`, or 503 `draining` once shutdown has begun; never cached. */
export function sendReadiness(res: ServerResponse, ready: boolean): void {
  const report: ReadinessReport = {status: ready ? 'ready' : 'draining'};
  sendJson(res, ready ? 200 : 503, report);
}

export function readyRoute(isReady: () => boolean): Route {
  return {
    methods: ['GET', 'HEAD'],
    handle: (_req, res) => sendReadiness(res, isReady()),
  };
}
