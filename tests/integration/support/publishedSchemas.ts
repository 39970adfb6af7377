/**
 * Checks what the demo server sends against the schemas it publishes: an HTTP
 * response against its operation in /openapi.json (the path, the method, the
 * status, the media type), a WebSocket message or a Server-Sent Event against
 * the messages /asyncapi.json lists for its address. Every object in those
 * schemas is closed, so a field the code sends but the schema does not name
 * fails, as does a JSON response the OpenAPI document does not describe.
 */
import {Ajv2020, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {asyncApiDocument, sentMessages, type MessageSpec} from '../../../demo-server/src/asyncapi.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import type {Json, JsonSchema} from '../../../demo-server/src/contract/schema.ts';
import {openApiDocument} from '../../../demo-server/src/openapi.ts';

// ajv-formats is CommonJS with `exports.default`; under Node's ESM interop the function may sit one level down.
const addFormats = (addFormatsModule as unknown as {default?: typeof addFormatsModule}).default ?? addFormatsModule;

type Operation = {responses?: Record<string, {content?: Record<string, {schema?: Json}>}>};
type OpenApi = {paths: Record<string, Record<string, Operation>>; components: {schemas: Record<string, Json>}};

export interface Conformance {
  /** Problems with one HTTP response (empty when it fits). */
  response(method: string, url: string, status: number, contentType: string | undefined, body: string): string[];
  /** Problems with one message the server sent on a WebSocket (`address` its path), or one SSE event. */
  message(address: string, data: string | Uint8Array, how?: {event?: string; fragmented?: boolean}): string[];
}

/** Rewrites `#/components/schemas/X` to the schema registered under the id `openapi`. */
function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === '$ref' && typeof member === 'string'
        ? member.replace('#/components/schemas/', 'openapi#/$defs/')
        : rewriteRefs(member),
    ]),
  );
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** The proxy in the path passes the origin's answers on: they are described once, under the origin's path. */
function behindProxy(path: string): string {
  const proxied = new RegExp(`^${ENDPOINTS.viaProxy}/[^/]+(/.+)$`).exec(path);
  return proxied?.[1] ?? path;
}

export function createConformance(
  openapi = openApiDocument() as unknown as OpenApi,
  messages = sentMessages(),
): Conformance {
  const ajv = new Ajv2020({allErrors: true, strict: true, strictTypes: false});
  addFormats(ajv);
  ajv.addSchema({$id: 'openapi', $defs: rewriteRefs(openapi.components.schemas)});
  const compiled = new Map<Json, ValidateFunction>();
  const validator = (schema: Json): ValidateFunction => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(rewriteRefs(schema) as JsonSchema);
      compiled.set(schema, validate);
    }
    return validate;
  };
  const problemSchema: Json = {$ref: '#/components/schemas/ProblemDetails'};
  const describe = (validate: ValidateFunction) =>
    (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

  const templates = Object.keys(openapi.paths).map((template) => ({
    template,
    pattern: new RegExp(
      `^${template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{path\}/g, '.+')
        .replace(/\{[^}]+\}/g, '[^/]+')}$`,
    ),
  }));

  return {
    response(method, url, status, contentType, body) {
      const type = mediaType(contentType);
      if (!isJsonType(type) || body === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return [`${method} ${url} → ${status}: ${type} that is not JSON`];
      }
      // The cache layer serves the REST API's own responses: described once, under /api.
      let path = new URL(url, 'http://demo-server.invalid').pathname;
      if (path.startsWith(`${ENDPOINTS.viaCache}${ENDPOINTS.api}`)) path = path.slice(ENDPOINTS.viaCache.length);
      path = behindProxy(path);
      const template = templates.find(({pattern}) => pattern.test(path))?.template;
      const operation = template ? openapi.paths[template]?.[method.toLowerCase()] : undefined;
      const documented = operation?.responses?.[String(status)]?.content?.[type]?.schema;
      // Errors the router gives any path (404, 405, 413, 400 for a broken request) are problem details.
      const schema = documented ?? (type === 'application/problem+json' ? problemSchema : undefined);
      const where = `${method} ${path} → ${status} ${type}`;
      if (schema === undefined) return [`${where}: a JSON response the OpenAPI document does not describe`];
      const validate = validator(schema);
      return validate(value) ? [] : describe(validate).map((problem) => `${where}: ${problem}`);
    },
    message(address, data, {event, fragmented = false} = {}) {
      const sent = messages.get(behindProxy(address));
      if (!sent) return [`${address}: no channel in the AsyncAPI document`];
      const candidates = (event === undefined ? [...sent.values()] : [sent.get(event)]).filter(
        (m) => m !== undefined && Boolean(m.fragmented) === fragmented,
      ) as MessageSpec[];
      if (candidates.length === 0) return [`${address}: the event "${event ?? ''}" is not in the AsyncAPI document`];
      if (typeof data !== 'string') {
        return candidates.some((m) => m.contentType === 'application/octet-stream')
          ? []
          : [`${address}: a binary message the AsyncAPI document does not list`];
      }
      if (candidates.some((m) => m.contentType === 'text/plain')) return [];
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        return [`${address}: a text message that is not JSON: ${data.slice(0, 80)}`];
      }
      const failures: string[] = [];
      for (const candidate of candidates) {
        const validate = validator(candidate.payload.json);
        if (validate(value)) return [];
        failures.push(...describe(validate));
      }
      return [`${address}${event ? ` (${event})` : ''}: ${data.slice(0, 120)} fits no message: ${failures.join('; ')}`];
    },
  };
}

/** The AsyncAPI document, for tests that check it against the AsyncAPI 3.0 schema. */
export {asyncApiDocument};
