/** `GET /`: what this server is and where its endpoints are, for people who open it in a browser. */
import {PRODUCTION_SITE_URL} from '../contract/deployment.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {sendJson} from '../http.ts';
import type {Route} from './router.ts';

export function indexRoute(version: string): Route {
  return {
    methods: ['GET', 'HEAD'],
    handle(_req, res) {
      sendJson(res, 200, {
        name: 'Over the Wire demo server',
        version,
        site: PRODUCTION_SITE_URL,
        endpoints: ENDPOINTS,
      });
    },
  };
}
