/** `GET /health`: liveness for operators and the site's status checks. */
import type {HealthReport} from '../contract/health.ts';
import {sendJson} from '../http.ts';
import type {Route} from './router.ts';

export function healthRoute(version: string, startedAt: number, counts: () => HealthReport['connections']): Route {
  return {
    methods: ['GET', 'HEAD'],
    handle(_req, res) {
      const report: HealthReport = {
        status: 'ok',
        version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        connections: counts(),
      };
      sendJson(res, 200, report);
    },
  };
}
