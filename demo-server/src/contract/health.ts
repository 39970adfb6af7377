/** `GET /` and `GET /health`: what the server is, whether it is up, and what it holds open. */
import {WEBSOCKET_ENDPOINTS, type WebSocketEndpoint} from './endpoints.ts';
import {type Infer, integer, literal, number, object, record, type Schema, string} from './schema.ts';

// One count per WebSocket endpoint, in the order ENDPOINTS lists them; `fromEntries` loses the keys' type.
const byEndpoint = Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, integer({minimum: 0})])) as Record<
  WebSocketEndpoint,
  Schema<number>
>;

/** Body of `GET /health`. */
export const HealthReport = object({
  status: literal('ok'),
  version: string(),
  uptimeSeconds: number({minimum: 0}),
  connections: object({
    total: integer({minimum: 0}),
    byEndpoint: object(byEndpoint, {description: 'WebSocket connections open now, by endpoint'}),
  }),
});
export type HealthReport = Infer<typeof HealthReport>;

/** Body of `GET /`: what this server is and where its endpoints are, for people who open it in a browser. */
export const ServerIndex = object({
  name: string(),
  version: string(),
  site: string({description: 'Where the site these demos belong to is published'}),
  endpoints: record(string(), {description: 'Every path the server answers, by name'}),
});
export type ServerIndex = Infer<typeof ServerIndex>;
