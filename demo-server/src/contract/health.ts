/** `GET /`, `GET /health` and `GET /ready`: what the server is, whether it is up and serving, and what it holds open. */
import {WEBSOCKET_ENDPOINTS, type WebSocketEndpoint} from './endpoints.ts';
import * as s from './schema.ts';

// One count per WebSocket endpoint, in the order ENDPOINTS lists them; `fromEntries` loses the keys' type.
const byEndpoint = Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, s.integer({minimum: 0})])) as Record<
  WebSocketEndpoint,
  s.Schema<number>
>;

/** Body of `GET /health`. */
export const HealthReport = s.object({
  status: s.literal('ok'),
  version: s.string(),
  uptimeSeconds: s.number({minimum: 0}),
  connections: s.object({
    total: s.integer({minimum: 0}),
    byEndpoint: s.object(byEndpoint, {description: 'WebSocket connections open now, by endpoint'}),
  }),
});
export type HealthReport = s.Infer<typeof HealthReport>;

/**
 * Body of `GET /ready` (on the main port and on the operators' listener): 200 `ready` while the server takes new
 * work, 503 `draining` from the moment its shutdown begins, for a load balancer to stop sending it any.
 */
export const ReadinessReport = s.object({
  status: s.oneOf(['ready', 'draining'], {description: 'draining once shutdown has begun (answered 503)'}),
});
export type ReadinessReport = s.Infer<typeof ReadinessReport>;

/** Body of `GET /`: what this server is and where its endpoints are, for people who open it in a browser. */
export const ServerIndex = s.object({
  name: s.string(),
  version: s.string(),
  site: s.string({description: 'Where the site these demos belong to is published'}),
  endpoints: s.record(s.string(), {description: 'Every path the server answers, by name'}),
});
export type ServerIndex = s.Infer<typeof ServerIndex>;
