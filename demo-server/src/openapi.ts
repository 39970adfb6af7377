/**
 * The OpenAPI 3.1 description of every HTTP endpoint of the demo server,
 * served at `/openapi.json` and rendered on the site's API reference page.
 * Every schema in it is the contract's own, and its WebSocket operations come
 * from the AsyncAPI channel table. It imports nothing else, so the site can
 * bundle it; the integration tests check it names every route the server has.
 */
import {ENDPOINTS} from './contract/endpoints.ts';
import {
  ClockReading,
  CostReport,
  PollResponse,
  SESSION_ID_PATTERN,
  SSE_RETRY_MS,
  ServerEvent,
  StreamDropResult,
  TransportCost,
} from './contract/events.ts';
import {FTP_VS_HTTP_FILES} from './contract/ftpVsHttp.ts';
import {EventFaultCaseName} from './contract/eventFaults.ts';
import {StreamRequest} from './contract/streamedResponse.ts';
import {ATTEMPT_ID_PATTERN, AttemptRecord} from './contract/attempts.ts';
import {CORS_CASES, CORS_PREFLIGHT_MAX_AGE_SECONDS, CorsAnswer} from './contract/cors.ts';
import {CHAIN_STATUS, REDIRECT_STATUSES, RedirectHop, RedirectTarget} from './contract/redirects.ts';
import {
  COOKIE_CASES,
  COOKIE_PATHS,
  COOKIE_VALUE_PATTERN,
  CookieClearAnswer,
  CookieEcho,
  CookieSetAnswer,
} from './contract/cookies.ts';
import {
  HTTP_INSPECT_CONNECTIONS,
  HTTP_INSPECT_FRAMINGS,
  HTTP_INSPECT_ID_PATTERN,
  HTTP_INSPECT_TRAILER_FIELD,
  HttpInspection,
  HttpInspectRecord,
} from './contract/httpInspect.ts';
import {HealthReport, ReadinessReport, ServerIndex} from './contract/health.ts';
import {
  ApiRoot,
  CartAnswer,
  CartItem,
  HoldResult,
  Link,
  NoteCollection,
  NoteInput,
  NoteRepresentation,
  ProblemDetails,
  RecordedRequest,
  SandboxRepresentation,
  StatefulLogin,
} from './contract/rest.ts';
import {type Json, type JsonSchema} from './contract/schema.ts';
import {
  NEGOTIATE_CHOICES,
  NEGOTIATE_DOCUMENT,
  NEGOTIATE_ID_PATTERN,
  NEGOTIATE_RECORDS,
  NegotiationRecord,
} from './contract/negotiate.ts';
import {TIMING_DEFAULTS, TIMING_METRICS, TIMING_PARAMS} from './contract/timing.ts';
import {WEBSOCKET_CHANNELS} from './asyncapi.ts';
import {
  COOKIE_LIMITS,
  CORS_LIMITS,
  DEFAULT_LIMITS,
  EVENT_FAULT_LIMITS,
  HOLD_LIMITS,
  HTTP_INSPECT_LIMITS,
  NEGOTIATE_LIMITS,
  REDIRECT_LIMITS,
  STREAM_LIMITS,
  TIMING_LIMITS,
} from './limits.ts';

const ref = (name: string): Json => ({$ref: `#/components/schemas/${name}`});
const problem = (description: string): Json => ({
  description,
  content: {'application/problem+json': {schema: ref('ProblemDetails')}},
});
const jsonBody = (schema: Json, description = 'OK'): Json => ({description, content: {'application/json': {schema}}});
const retryAfter: Json = {'Retry-After': {description: 'Seconds to wait', schema: {type: 'integer'}}};

const sessionParameter: Json = {
  name: 'session',
  in: 'query',
  description: 'A reader session id the page makes up, so the server counts this reader’s costs apart',
  schema: {type: 'string', pattern: SESSION_ID_PATTERN.source},
};
const attemptParameter: Json = {
  name: 'attempt',
  in: 'query',
  description: 'Keep what the server saw of this request under this id, for GET /attempts/{id}',
  schema: {type: 'string', pattern: ATTEMPT_ID_PATTERN.source},
};
const sinceParameter: Json = {
  name: 'since',
  in: 'query',
  description: 'The id of the last event the client has',
  schema: {type: 'integer', minimum: 0},
};

/** OpenAPI query parameters from the object schema AsyncAPI gives a channel's query. */
function queryParameters(query: JsonSchema | undefined): Json[] {
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, schema]) => {
    const {description, ...rest} = schema;
    return {name, in: 'query', ...(description === undefined ? {} : {description}), schema: rest};
  });
}

function webSocket(summary: string, extra: Json[] = []): Json {
  return {
    get: {
      summary,
      description:
        'A WebSocket endpoint (RFC 6455): a GET with `Upgrade: websocket` that the server answers 101 Switching Protocols. Its messages are described in the AsyncAPI document at /asyncapi.json.',
      parameters: [
        {name: 'Upgrade', in: 'header', required: true, schema: {const: 'websocket'}},
        {name: 'Sec-WebSocket-Version', in: 'header', required: true, schema: {const: '13'}},
        ...extra,
      ],
      responses: {
        '101': {description: 'Switching Protocols'},
        '403': {description: 'Origin not allowed (plain text)'},
        '426': problem('A plain HTTP request: this path speaks WebSocket'),
        '429': {description: 'Too many connections from this client', headers: retryAfter},
        '503': {description: 'The server is at its connection limit', headers: retryAfter},
      },
    },
  };
}

const noteParameters: Json[] = [
  {name: 'sandbox', in: 'path', required: true, schema: {type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$'}},
];
const conditionalHeaders: Json[] = ['If-None-Match', 'If-Modified-Since'].map((name) => ({
  name,
  in: 'header',
  schema: {type: 'string'},
}));
const preconditionHeaders: Json[] = ['If-Match', 'If-Unmodified-Since'].map((name) => ({
  name,
  in: 'header',
  schema: {type: 'string'},
}));
const representations = (schema: Json): Json => ({
  'application/json': {schema},
  'text/html': {schema: {type: 'string'}},
  'text/plain': {schema: {type: 'string'}},
});
const validators: Json = {
  ETag: {description: 'Strong validator of this representation', schema: {type: 'string'}},
  'Last-Modified': {schema: {type: 'string'}},
  'Cache-Control': {schema: {type: 'string'}},
  Vary: {schema: {const: 'Accept'}},
};

export function openApiDocument(serverUrl?: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Over the Wire demo server',
      version: '1',
      description:
        'Every HTTP endpoint of the demo server behind the site’s live demos. Errors are problem details (RFC 9457).',
      license: {name: 'MIT', identifier: 'MIT'},
    },
    ...(serverUrl ? {servers: [{url: serverUrl}]} : {}),
    paths: {
      '/': {
        get: {
          summary: 'What this server is and where its endpoints are',
          responses: {'200': jsonBody(ref('ServerIndex'))},
        },
      },
      [ENDPOINTS.health]: {
        get: {summary: 'Liveness, version and open connections', responses: {'200': jsonBody(ref('HealthReport'))}},
      },
      [ENDPOINTS.ready]: {
        get: {
          summary: 'Readiness: whether this instance takes new work',
          description:
            'Answers 503 from the moment shutdown begins (SIGTERM) until the process exits, so a load balancer stops sending new connections while open ones drain. `/health` stays 200 meanwhile: it says the process is alive.',
          responses: {
            '200': jsonBody(ref('ReadinessReport'), 'Serving'),
            '503': jsonBody(ref('ReadinessReport'), 'Draining: shutdown has begun'),
          },
        },
      },
      [ENDPOINTS.openapi]: {get: {summary: 'This document', responses: {'200': jsonBody({type: 'object'})}}},
      [ENDPOINTS.asyncapi]: {
        get: {
          summary: 'The AsyncAPI 3 document: every WebSocket and Server-Sent Events message',
          responses: {'200': jsonBody({type: 'object'})},
        },
      },
      // Every WebSocket endpoint, from the AsyncAPI document's channel table (keyed by the endpoint list).
      ...Object.fromEntries(
        Object.entries(WEBSOCKET_CHANNELS).map(([path, channel]) => [
          path,
          webSocket(`${channel.title}: ${channel.description}`, queryParameters(channel.query)),
        ]),
      ),
      [ENDPOINTS.eventsPoll]: {
        get: {
          summary: 'Short polling: the events after `since`, at once (possibly none)',
          parameters: [sinceParameter, sessionParameter],
          responses: {
            '200': jsonBody(ref('PollResponse')),
            '400': problem('`since` or `session` malformed, or `since` ahead of the newest event'),
            '410': problem('`since` is older than the backlog: events were lost; start again from latestId'),
          },
        },
      },
      [ENDPOINTS.eventsLongPoll]: {
        get: {
          summary: 'Long polling: held until there is an event after `since`, or 204 after the timeout',
          parameters: [sinceParameter, sessionParameter],
          responses: {
            '200': jsonBody(ref('PollResponse')),
            '204': {description: 'Nothing happened before the timeout (25 s); ask again'},
            '400': problem('Malformed parameter'),
            '410': problem('`since` is older than the backlog'),
            '429': {...(problem('Too many held requests from this client') as object), headers: retryAfter},
            '503': {
              ...(problem('Too many held requests in all, or the server is restarting') as object),
              headers: retryAfter,
            },
          },
        },
      },
      [ENDPOINTS.eventsStream]: {
        get: {
          summary: 'Server-Sent Events: every event with its id; resumes after Last-Event-ID',
          description: `Starts with \`retry: ${SSE_RETRY_MS}\` and a \`stream-start\` event; sends \`gap\` events when a resume is older than the backlog, and \`: keep-alive\` comments. A Last-Event-ID ahead of the newest event (the server restarted) starts a fresh stream whose \`stream-start\` names it in \`aheadOfNewest\`.`,
          parameters: [
            {name: 'Last-Event-ID', in: 'header', schema: {type: 'string', pattern: '^\\d+$'}},
            {name: 'lastEventId', in: 'query', schema: {type: 'integer', minimum: 0}},
            sessionParameter,
          ],
          responses: {
            '200': {
              description: 'An unending text/event-stream',
              content: {'text/event-stream': {schema: {type: 'string'}}},
            },
            '400': problem('Malformed Last-Event-ID or session'),
            '429': {...(problem('Too many streams from this client') as object), headers: retryAfter},
            '503': {...(problem('Too many streams in all') as object), headers: retryAfter},
          },
        },
      },
      [ENDPOINTS.eventsFaults]: {
        get: {
          summary: 'An event stream that misbehaves as asked, for this request only',
          description: `For watching what \`EventSource\` does with each answer. \`no-content\` answers 204, \`wrong-type\` 200 as text/plain, \`server-error\` 500, \`redirect\` 307 to \`end-retry\` (keeping \`attempt\`); \`end-retry\` sends \`retry: ${EVENT_FAULT_LIMITS.retryHintMs}\` and one event and ends ${EVENT_FAULT_LIMITS.endAfterMs} ms later, \`end\` the same without \`retry\`; \`silent\` sends one event and then nothing, \`heartbeat-comment\` and \`heartbeat-event\` ${EVENT_FAULT_LIMITS.heartbeats} heartbeats ${EVENT_FAULT_LIMITS.heartbeatMs} ms apart first. No stream lives longer than ${EVENT_FAULT_LIMITS.maxStreamMs} ms.`,
          parameters: [
            {name: 'case', in: 'query', required: true, schema: EventFaultCaseName.json},
            {name: 'Last-Event-ID', in: 'header', schema: {type: 'string'}},
            {
              name: 'attempt',
              in: 'query',
              description: 'Keep what the server saw of this request under this id, for GET /attempts/{id}',
              schema: {type: 'string', pattern: ATTEMPT_ID_PATTERN.source},
            },
          ],
          responses: {
            '200': {
              description: 'A text/event-stream (the stream cases), or a text/plain body (`wrong-type`)',
              content: {'text/event-stream': {schema: {type: 'string'}}, 'text/plain': {schema: {type: 'string'}}},
            },
            '204': {description: '`no-content`: no body'},
            '307': {
              description: '`redirect`: to the `end-retry` stream',
              headers: {Location: {schema: {type: 'string'}}},
            },
            '400': problem('No case, or one this route does not know'),
            '429': {...(problem('Too many fault streams open from this client') as object), headers: retryAfter},
            '500': problem('`server-error`: a failure made on purpose'),
            '503': {...(problem('Too many fault streams open in all') as object), headers: retryAfter},
          },
        },
      },
      [ENDPOINTS.streamedResponse]: {
        post: {
          summary: 'A response streamed token by token, as model APIs stream theirs',
          description: `Answers 200 \`text/event-stream\`: one event per token (\`id:\` its index, data a StreamToken), then a \`done\` event, then the end of the response, one write every ${STREAM_LIMITS.writeIntervalMs} ms. No model: the prompt chooses one of a few fixed passages. The writes are cut on purpose where events are not (mid-line, inside a UTF-8 sequence, several events in one). Its events are described in /asyncapi.json. At most ${STREAM_LIMITS.maxTokens} tokens, ${STREAM_LIMITS.maxStreamBytes} bytes and ${STREAM_LIMITS.maxStreamMs} ms per stream; ${STREAM_LIMITS.maxStreamsPerClient} streams open per client.`,
          parameters: [attemptParameter],
          requestBody: {required: true, content: {'application/json': {schema: ref('StreamRequest')}}},
          responses: {
            '200': {
              description: 'A text/event-stream that ends',
              content: {'text/event-stream': {schema: {type: 'string'}}},
            },
            '400': problem('The body is not JSON'),
            '413': problem(`The body is larger than ${STREAM_LIMITS.maxBodyBytes} bytes`),
            '415': problem('The body is not application/json'),
            '422': problem('The body is not a StreamRequest (a prompt, and at most that many tokens)'),
            '429': {...(problem('Too many streams open from this client') as object), headers: retryAfter},
            '503': {...(problem('Too many streams open in all') as object), headers: retryAfter},
          },
        },
        get: {
          summary: 'The same stream for EventSource, which sends no body; resumes after Last-Event-ID',
          description: `As the POST, with \`retry: ${STREAM_LIMITS.retryMs}\` first. A Last-Event-ID (or \`lastEventId\`) resumes at the next token; at or past the last token, the answer is 204, and EventSource stops.`,
          parameters: [
            {
              name: 'prompt',
              in: 'query',
              required: true,
              schema: {type: 'string', minLength: 1, maxLength: STREAM_LIMITS.maxPromptChars},
            },
            {name: 'maxTokens', in: 'query', schema: {type: 'integer', minimum: 1, maximum: STREAM_LIMITS.maxTokens}},
            {name: 'Last-Event-ID', in: 'header', schema: {type: 'string', pattern: '^\\d{1,6}$'}},
            {name: 'lastEventId', in: 'query', schema: {type: 'integer', minimum: 0}},
            attemptParameter,
          ],
          responses: {
            '200': {
              description: 'A text/event-stream that ends',
              content: {'text/event-stream': {schema: {type: 'string'}}},
            },
            '204': {description: 'Last-Event-ID names the last token or later: nothing to resume'},
            '400': problem('No prompt, or a parameter out of its range'),
            '429': {...(problem('Too many streams open from this client') as object), headers: retryAfter},
            '503': {...(problem('Too many streams open in all') as object), headers: retryAfter},
          },
        },
      },
      [ENDPOINTS.eventsStreamDrop]: {
        post: {
          summary: 'Ends the open streams of one session (EventSource then reconnects)',
          parameters: [{...(sessionParameter as object), required: true}],
          responses: {'200': jsonBody(ref('StreamDropResult')), '400': problem('No session given')},
        },
      },
      [ENDPOINTS.eventsCosts]: {
        get: {
          summary: 'What each transport has cost one session, counted on the socket',
          parameters: [{...(sessionParameter as object), required: true}],
          responses: {'200': jsonBody(ref('CostReport')), '400': problem('No or malformed session')},
        },
      },
      [ENDPOINTS.time]: {
        get: {
          summary: 'The server clock, for an NTP-style offset estimate',
          responses: {'200': jsonBody(ref('ClockReading'))},
        },
      },
      [ENDPOINTS.hold]: {
        get: {
          summary: 'Answers after `ms`, naming the TCP connection that carried the request',
          parameters: [
            {name: 'ms', in: 'query', schema: {type: 'integer', minimum: 0, maximum: HOLD_LIMITS.maxHoldMs}},
          ],
          responses: {
            '200': jsonBody(ref('HoldResult')),
            '400': problem('`ms` out of range'),
            '429': {...(problem('Too many held requests from this client') as object), headers: retryAfter},
            '503': {...(problem('Too many held requests in all') as object), headers: retryAfter},
          },
        },
      },
      [`${ENDPOINTS.balanced}/stateful/login`]: {
        post: {
          summary: 'Creates a session in the memory of whichever replica serves the request',
          responses: {
            '201': jsonBody(ref('StatefulLogin')),
          },
        },
      },
      [`${ENDPOINTS.balanced}/stateful/cart`]: {
        get: {
          summary: 'The session’s cart — only on the replica that holds the session',
          parameters: [{name: 'Session', in: 'header', required: true, schema: {type: 'string'}}],
          responses: {'200': jsonBody(ref('CartAnswer')), '401': problem('This replica has no such session')},
        },
        post: {
          summary: 'Adds an item to the session’s cart',
          parameters: [{name: 'Session', in: 'header', required: true, schema: {type: 'string'}}],
          requestBody: {required: true, content: {'application/json': {schema: ref('CartItem')}}},
          responses: {
            '200': jsonBody(ref('CartAnswer')),
            '400': problem('Bad item'),
            '401': problem('This replica has no such session'),
            '409': problem('The cart is full'),
            '413': problem(`The body is larger than ${DEFAULT_LIMITS.maxCartBodyBytes} bytes`),
          },
        },
      },
      [`${ENDPOINTS.balanced}/stateless/cart`]: {
        get: {
          summary: 'The cart carried in the request’s signed Cart-Token; any replica can answer',
          parameters: [{name: 'Cart-Token', in: 'header', schema: {type: 'string'}}],
          responses: {'200': jsonBody(ref('CartAnswer')), '400': problem('A token this service did not sign')},
        },
        post: {
          summary: 'Adds an item; the answer’s Cart-Token carries the new cart',
          parameters: [{name: 'Cart-Token', in: 'header', schema: {type: 'string'}}],
          requestBody: {required: true, content: {'application/json': {schema: ref('CartItem')}}},
          responses: {
            '200': jsonBody(ref('CartAnswer')),
            '400': problem('Bad item or token'),
            '409': problem('The cart is full'),
            '413': problem(`The body is larger than ${DEFAULT_LIMITS.maxCartBodyBytes} bytes`),
          },
        },
      },
      [`${ENDPOINTS.viaCache}/api/{path}`]: {
        get: {
          summary: 'The REST API through a shared HTTP cache layer (RFC 9111): every /api operation, mounted here',
          description:
            'Responses carry Cache-Status (RFC 9211), Via and Age; links in representations stay under /via-cache. Unsafe methods pass through and invalidate what is stored for their URI.',
          parameters: [{name: 'path', in: 'path', required: true, schema: {type: 'string'}}],
          responses: {'200': {description: 'As the same path under /api, from the cache or the origin'}},
        },
      },
      [`${ENDPOINTS.files}/{name}`]: {
        get: {
          summary: 'One of the FTP demo files, over HTTP (the same bytes the loopback FTP server sends)',
          parameters: [{name: 'name', in: 'path', required: true, schema: {enum: [...FTP_VS_HTTP_FILES]}}],
          responses: {
            '200': {description: 'The file, with ETag and Content-Length'},
            '304': {description: 'Not Modified'},
            '404': problem('No such file'),
          },
        },
      },
      [ENDPOINTS.noteValidator]: {
        get: {
          summary: 'Code on demand: a script that checks a note as the API will, to run in a Web Worker',
          responses: {
            '200': {description: 'The script', content: {'text/javascript': {schema: {type: 'string'}}}},
            '304': {description: 'Not Modified'},
          },
        },
      },
      [`${ENDPOINTS.recordedRequests}/{id}`]: {
        get: {
          summary: 'A request the REST API received, exactly as it arrived (given once, kept a minute)',
          parameters: [{name: 'id', in: 'path', required: true, schema: {type: 'string'}}],
          responses: {'200': jsonBody(ref('RecordedRequest')), '404': problem('Unknown, expired or already read')},
        },
      },
      [`${ENDPOINTS.viaProxy}/{settings}${ENDPOINTS.streamedResponse}`]: {
        post: {
          summary: 'The streamed response (POST /http/stream) through the proxy inside the server',
          description: `Settings as for the event transports. The proxy reads the body whole first (at most ${STREAM_LIMITS.maxBodyBytes} bytes), forwards it with its own Content-Length, and answers the CORS preflight itself.`,
          parameters: [{name: 'settings', in: 'path', required: true, schema: {type: 'string', maxLength: 256}}],
          requestBody: {required: true, content: {'application/json': {schema: ref('StreamRequest')}}},
          responses: {
            '200': {
              description: 'As /http/stream answers, passed through the proxy',
              content: {'text/event-stream': {schema: {type: 'string'}}},
            },
            '400': problem('Settings the proxy does not understand, or a body that is not JSON'),
            '413': problem(`The body is larger than ${STREAM_LIMITS.maxBodyBytes} bytes`),
            '415': problem('The body is not application/json'),
            '422': problem('The body is not a StreamRequest'),
            '429': problem(
              `More than ${DEFAULT_LIMITS.maxProxiedExchangesPerClient} exchanges through the proxy at once from one client, or too many streams`,
            ),
            '502': problem('The proxy could not reach the origin'),
            '503': problem('The proxy carries its most exchanges, or the server is shutting down'),
            '504': problem('The origin said nothing for the idle timeout'),
          },
        },
        get: {
          summary: 'The streamed response for EventSource (GET /http/stream) through the proxy inside the server',
          parameters: [
            {name: 'settings', in: 'path', required: true, schema: {type: 'string', maxLength: 256}},
            {
              name: 'prompt',
              in: 'query',
              required: true,
              schema: {type: 'string', minLength: 1, maxLength: STREAM_LIMITS.maxPromptChars},
            },
            {name: 'maxTokens', in: 'query', schema: {type: 'integer', minimum: 1, maximum: STREAM_LIMITS.maxTokens}},
          ],
          responses: {
            '200': {
              description: 'As /http/stream answers, passed through the proxy',
              content: {'text/event-stream': {schema: {type: 'string'}}},
            },
            '204': {description: 'Last-Event-ID names the last token or later'},
            '400': problem('Settings the proxy does not understand, or no prompt'),
            '429': problem('Too many exchanges or streams from this client'),
            '502': problem('The proxy could not reach the origin'),
            '503': problem('The proxy carries its most exchanges, or the server is shutting down'),
            '504': problem('The origin said nothing for the idle timeout'),
          },
        },
      },
      [`${ENDPOINTS.viaProxy}/{settings}/events/{transport}`]: {
        get: {
          summary:
            'An event-stream endpoint (/events/poll, /events/long-poll, /events/stream, and /ws/events as a WebSocket) through a proxy inside the server that does to this request what {settings} says',
          description:
            'Settings: "plain", or name=value pairs joined by commas: buffer (bytes held before they are passed on), flush (ms), idle (ms of silence from the origin before 504 or a cut), upgrade (forward or strip), latency (ms), rate (bytes per second), attempt (an id under which the server keeps what the origin saw). Hop-by-hop fields are removed and Via is added both ways.',
          parameters: [
            {name: 'settings', in: 'path', required: true, schema: {type: 'string', maxLength: 256}},
            {name: 'transport', in: 'path', required: true, schema: {enum: ['poll', 'long-poll', 'stream']}},
          ],
          responses: {
            '200': {description: 'As the same path answers, passed through the proxy'},
            '204': {description: 'As the same path answers (a long poll that timed out at the origin)'},
            '400': problem('Settings the proxy does not understand'),
            '404': problem('A path the proxy does not forward to'),
            '429': problem(
              `More than ${DEFAULT_LIMITS.maxProxiedExchangesPerClient} exchanges through the proxy at once from one client`,
            ),
            '502': problem('The proxy could not reach the origin'),
            '503': problem('The proxy carries its most exchanges, or the server is shutting down'),
            '504': problem('The origin said nothing for the idle timeout'),
          },
        },
      },
      [`${ENDPOINTS.attempts}/{id}`]: {
        get: {
          summary:
            'What the server saw of the requests a page made with ?attempt={id}: each request as received, each answer as written (given once, to the same client address, kept a minute)',
          parameters: [
            {name: 'id', in: 'path', required: true, schema: {type: 'string', pattern: ATTEMPT_ID_PATTERN.source}},
          ],
          responses: {
            '200': jsonBody(ref('AttemptRecord')),
            '404': problem('Unknown, expired, already read, or made from another address'),
          },
        },
      },
      [`${ENDPOINTS.negotiate}/${NEGOTIATE_DOCUMENT}`]: {
        get: {
          summary:
            'RFC 9110’s sections on content coding and negotiation, in the coding Accept-Encoding makes best (RFC 9110 §12.5.3), or the one `coding` forces; every variant compressed once at start',
          parameters: [
            {name: 'coding', in: 'query', schema: {enum: [...NEGOTIATE_CHOICES], default: 'auto'}},
            {
              name: 'cache',
              in: 'query',
              description: 'Seconds of freshness (Cache-Control: max-age) instead of no-store',
              schema: {type: 'integer', minimum: 1, maximum: NEGOTIATE_LIMITS.maxCacheSeconds},
            },
            {
              name: 'id',
              in: 'query',
              description: `Keep a record of this answer, readable for ${NEGOTIATE_LIMITS.recordTtlMs / 1000} s at ${ENDPOINTS.negotiate}/${NEGOTIATE_RECORDS}/{id}`,
              schema: {type: 'string', pattern: NEGOTIATE_ID_PATTERN.source},
            },
          ],
          responses: {
            '200': {
              description: 'The document; Content-Encoding names its coding, Vary lists Accept-Encoding',
              headers: {
                'Content-Encoding': {schema: {enum: ['br', 'zstd', 'gzip']}},
                Vary: {schema: {type: 'string'}},
              },
              content: {'text/plain': {schema: {type: 'string'}}},
            },
            '400': problem('A `coding`, `cache` or `id` out of range'),
            '406': problem('No coding the server has is acceptable, and identity is refused'),
          },
        },
      },
      [`${ENDPOINTS.negotiate}/${NEGOTIATE_RECORDS}/{id}`]: {
        get: {
          summary: 'What the server read, chose and wrote for the document request made with that `id`',
          parameters: [
            {name: 'id', in: 'path', required: true, schema: {type: 'string', pattern: NEGOTIATE_ID_PATTERN.source}},
          ],
          responses: {
            '200': jsonBody(ref('NegotiationRecord')),
            '404': problem('Unknown, expired, or made from another address'),
          },
        },
      },
      [ENDPOINTS.timing]: {
        get: {
          summary:
            'A body held back and sent at a chosen rate, with Server-Timing, so that the phases of the request show in Resource Timing',
          parameters: [
            {
              name: TIMING_PARAMS.delay,
              in: 'query',
              description: 'Milliseconds before the first byte',
              schema: {type: 'integer', minimum: 0, maximum: TIMING_LIMITS.maxDelayMs, default: TIMING_DEFAULTS.delay},
            },
            {
              name: TIMING_PARAMS.size,
              in: 'query',
              description: 'Body bytes',
              schema: {type: 'integer', minimum: 0, maximum: TIMING_LIMITS.maxSizeBytes, default: TIMING_DEFAULTS.size},
            },
            {
              name: TIMING_PARAMS.rate,
              in: 'query',
              description: `Bytes a second for the body, 0 for no throttling; at most ${TIMING_LIMITS.maxSendMs / 1000} s of sending`,
              schema: {
                anyOf: [
                  {const: 0},
                  {type: 'integer', minimum: TIMING_LIMITS.minBytesPerSecond, maximum: TIMING_LIMITS.maxBytesPerSecond},
                ],
                default: TIMING_DEFAULTS.rate,
              },
            },
            {
              name: TIMING_PARAMS.tao,
              in: 'query',
              description: '0 leaves out Timing-Allow-Origin',
              schema: {enum: ['0', '1'], default: '1'},
            },
            {
              name: TIMING_PARAMS.close,
              in: 'query',
              description: '1 answers with Connection: close',
              schema: {enum: ['0', '1'], default: '0'},
            },
          ],
          responses: {
            '200': {
              description: `The body; Server-Timing names ${Object.values(TIMING_METRICS).join(', ')}`,
              headers: {'Server-Timing': {schema: {type: 'string'}}, 'Timing-Allow-Origin': {schema: {type: 'string'}}},
              content: {'text/plain': {schema: {type: 'string'}}},
            },
            '400': problem('A parameter out of range'),
            '429': {...(problem('Too many timing requests under way from this client') as object), headers: retryAfter},
            '503': {...(problem('Too many timing requests under way in all') as object), headers: retryAfter},
          },
        },
      },
      [`${ENDPOINTS.cors}/{case}`]: {
        parameters: [{name: 'case', in: 'path', required: true, schema: {enum: [...CORS_CASES]}}],
        get: {
          summary:
            'A CORS case answered with the headers that make a browser allow or refuse it, on purpose: simple, header, credentials (Access-Control-Allow-Origin: *), expose (X-Total-Count not exposed), method',
          responses: {
            '200': jsonBody(ref('CorsAnswer')),
            '404': problem('No such case'),
            '405': problem('A method the case does not serve'),
          },
        },
        post: {
          summary: 'The json case (a JSON body, which a browser preflights) and the method case',
          requestBody: {content: {'application/json': {schema: {}}}},
          responses: {
            '200': jsonBody(ref('CorsAnswer')),
            '400': problem('The json case’s body is not JSON'),
            '404': problem('No such case'),
            '405': problem('A method the case does not serve'),
            '413': problem(`The body is larger than ${CORS_LIMITS.maxBodyBytes} bytes`),
          },
        },
        delete: {
          summary:
            'The method case: served, but its preflight answer does not list DELETE, so a browser never sends it',
          responses: {
            '200': jsonBody(ref('CorsAnswer')),
            '404': problem('No such case'),
            '405': problem('A method the case does not serve'),
          },
        },
        options: {
          summary: `A CORS preflight: the case's Access-Control-Allow-Methods and -Headers, Access-Control-Max-Age ${CORS_PREFLIGHT_MAX_AGE_SECONDS}`,
          responses: {'204': {description: 'No Content'}, '404': problem('No such case')},
        },
      },
      ...redirectPaths(),
      [`${COOKIE_PATHS.set}/{case}`]: {
        parameters: [{name: 'case', in: 'path', required: true, schema: {enum: [...COOKIE_CASES]}}],
        post: {
          summary: `Sets the case's cookie (otw_…, Path under ${ENDPOINTS.cookies}, Max-Age ${COOKIE_LIMITS.maxAgeSeconds} s) with the one attribute the case is about, and says which Set-Cookie it sent`,
          parameters: [
            {
              name: 'value',
              in: 'query',
              description: 'The cookie value; random if absent',
              schema: {type: 'string', pattern: COOKIE_VALUE_PATTERN.source},
            },
            {
              name: 'maxAge',
              in: 'query',
              description: 'Max-Age in seconds, for the max-age case only',
              schema: {type: 'integer', minimum: 0, maximum: COOKIE_LIMITS.maxChosenMaxAgeSeconds},
            },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: {'application/json': {schema: ref('CookieSetAnswer')}},
              headers: {'Set-Cookie': {description: 'The cookie, exactly as the body says', schema: {type: 'string'}}},
            },
            '400': problem('A value, maxAge or Host the case cannot use'),
            '404': problem('No such case'),
            '405': problem('Not POST'),
          },
        },
        options: {summary: 'What the path allows', responses: {'204': {description: 'No Content'}}},
      },
      [COOKIE_PATHS.clear]: {
        post: {
          summary: 'Deletes every cookie of the demo: a Set-Cookie with Max-Age=0 for each case, with its attributes',
          responses: {'200': jsonBody(ref('CookieClearAnswer')), '405': problem('Not POST')},
        },
      },
      [COOKIE_PATHS.echo]: {
        get: {
          summary: `The Cookie field received, byte for byte (the values of cookies not the demo's withheld)`,
          responses: {
            '200': jsonBody(ref('CookieEcho')),
            '431': problem(
              `More than ${COOKIE_LIMITS.maxCookiePairs} cookies or ${COOKIE_LIMITS.maxCookieFieldChars} characters of Cookie`,
            ),
          },
        },
      },
      [COOKIE_PATHS.scopedEcho]: {
        get: {
          summary: 'The same echo under the path case’s Path, so that the path case’s cookie comes with it',
          responses: {
            '200': jsonBody(ref('CookieEcho')),
            '431': problem(
              `More than ${COOKIE_LIMITS.maxCookiePairs} cookies or ${COOKIE_LIMITS.maxCookieFieldChars} characters of Cookie`,
            ),
          },
        },
      },
      [COOKIE_PATHS.frame]: {
        get: {
          summary:
            "A page of the server's origin, for an allowed page to embed (frame-ancestors): it posts its parent the demo's cookies in its own document.cookie",
          responses: {'200': {description: 'OK', content: {'text/html': {schema: {type: 'string'}}}}},
        },
      },
      [`${ENDPOINTS.httpInspect}/sessions`]: {
        post: {
          summary: `Makes an inspection: the next request under its target is answered as asked here and recorded as bytes (kept ${HTTP_INSPECT_LIMITS.ttlMs / 1000} s, ${HTTP_INSPECT_LIMITS.maxInspectionsPerClient} waiting per client)`,
          parameters: [
            {name: 'framing', in: 'query', schema: {enum: [...HTTP_INSPECT_FRAMINGS], default: 'content-length'}},
            {
              name: 'chunks',
              in: 'query',
              description: 'Chunks of a chunked response body',
              schema: {type: 'integer', minimum: 1, maximum: HTTP_INSPECT_LIMITS.maxChunks, default: 1},
            },
            {
              name: 'trailer',
              in: 'query',
              description: `Whether a chunked response ends with a ${HTTP_INSPECT_TRAILER_FIELD} trailer field`,
              schema: {type: 'boolean', default: false},
            },
            {name: 'connection', in: 'query', schema: {enum: [...HTTP_INSPECT_CONNECTIONS], default: 'keep-alive'}},
          ],
          responses: {
            '201': jsonBody(ref('HttpInspection'), 'Created'),
            '400': problem('A query parameter out of its range'),
            '429': {
              ...(problem('Too many inspections waiting for this client') as {[key: string]: Json}),
              headers: retryAfter,
            },
            '503': {
              ...(problem('The server holds as many inspections as it can, all still waiting') as {
                [key: string]: Json;
              }),
              headers: retryAfter,
            },
          },
        },
      },
      [`${ENDPOINTS.httpInspect}/sessions/{id}`]: {
        get: {
          summary:
            'The record of an inspection: each request under its target as read off the socket, each response as written (base64)',
          parameters: [
            {name: 'id', in: 'path', required: true, schema: {type: 'string', pattern: HTTP_INSPECT_ID_PATTERN.source}},
          ],
          responses: {'200': jsonBody(ref('HttpInspectRecord')), '404': problem('Unknown or expired')},
        },
      },
      [`${ENDPOINTS.httpInspect}/{id}/{path}`]: {
        parameters: [
          {name: 'id', in: 'path', required: true, schema: {type: 'string', pattern: HTTP_INSPECT_ID_PATTERN.source}},
          {
            name: 'path',
            in: 'path',
            required: true,
            description: 'Any path the page chooses',
            schema: {type: 'string'},
          },
        ],
        ...Object.fromEntries(
          ['get', 'head', 'post', 'put', 'patch', 'delete'].map((method) => [
            method,
            {
              summary: `The inspected request, any of GET, HEAD, POST, PUT, PATCH, DELETE: answered in plain text, framed as the inspection asked; a body of at most ${HTTP_INSPECT_LIMITS.maxBodyBytes} bytes`,
              responses: {
                '200': {description: 'OK', content: {'text/plain': {schema: {type: 'string'}}}},
                '404': problem('No such inspection, or it expired'),
                '413': problem(`The body is larger than ${HTTP_INSPECT_LIMITS.maxBodyBytes} bytes`),
              },
            },
          ]),
        ),
        options: {
          summary: `A CORS preflight: allows the inspector's methods and up to ${HTTP_INSPECT_LIMITS.maxRequestHeaders} headers named by tokens`,
          responses: {'204': {description: 'No Content'}, '400': problem('Too many headers, or a name not a token')},
        },
      },
      [ENDPOINTS.api]: {
        get: {
          summary: 'The REST API’s root: links to everything else',
          parameters: [{name: 'Accept', in: 'header', schema: {type: 'string'}}],
          responses: {
            '200': {description: 'OK', headers: validators, content: representations(ref('ApiRoot'))},
            '406': problem('No acceptable representation'),
          },
        },
      },
      [`${ENDPOINTS.api}/sandboxes`]: {
        post: {
          summary: 'Creates a sandbox of seeded notes for one reader',
          responses: {
            '201': {
              ...(jsonBody(ref('Sandbox'), 'Created') as object),
              headers: {Location: {schema: {type: 'string'}}},
            },
            '405': problem('Sandboxes cannot be listed'),
            '429': {
              ...(problem('Too many sandboxes created by this client this minute') as object),
              headers: retryAfter,
            },
          },
        },
      },
      [`${ENDPOINTS.api}/sandboxes/{sandbox}`]: {
        parameters: noteParameters,
        get: {
          summary: 'A sandbox',
          parameters: conditionalHeaders,
          responses: {
            '200': {description: 'OK', headers: validators, content: representations(ref('Sandbox'))},
            '304': {description: 'Not Modified'},
            '404': problem('No such sandbox (it expires after 30 minutes without use)'),
          },
        },
        delete: {
          summary: 'Deletes the sandbox and its notes',
          responses: {'204': {description: 'Deleted'}, '404': problem('No such sandbox')},
        },
      },
      [`${ENDPOINTS.api}/sandboxes/{sandbox}/notes`]: {
        parameters: noteParameters,
        get: {
          summary: 'The notes of a sandbox, embedded, with a link to each',
          parameters: conditionalHeaders,
          responses: {
            '200': {description: 'OK', headers: validators, content: representations(ref('NoteCollection'))},
            '304': {description: 'Not Modified'},
            '404': problem('No such sandbox'),
            '406': problem('No acceptable representation'),
          },
        },
        post: {
          summary: 'Creates a note',
          requestBody: {required: true, content: {'application/json': {schema: ref('NoteInput')}}},
          responses: {
            '201': {
              ...(jsonBody(ref('Note'), 'Created') as object),
              headers: {Location: {schema: {type: 'string'}}, ETag: {schema: {type: 'string'}}},
            },
            '400': problem('The body is not JSON'),
            '409': problem(
              `The sandbox holds its maximum number of notes, or would hold more than ${DEFAULT_LIMITS.maxSandboxBytes} bytes of notes (titles, bodies and tags as JSON strings)`,
            ),
            '413': problem('The body is too large'),
            '415': problem('The body is not application/json'),
            '422': problem(
              `The note would be invalid (every problem is named), or its JSON nests more than ${DEFAULT_LIMITS.maxJsonDepth} levels deep`,
            ),
          },
        },
      },
      [`${ENDPOINTS.api}/sandboxes/{sandbox}/notes/{note}`]: {
        parameters: [
          ...noteParameters,
          {name: 'note', in: 'path', required: true, schema: {type: 'integer', minimum: 1}},
        ],
        get: {
          summary: 'A note',
          parameters: conditionalHeaders,
          responses: {
            '200': {description: 'OK', headers: validators, content: representations(ref('Note'))},
            '304': {description: 'Not Modified'},
            '404': problem('No such note'),
            '406': problem('No acceptable representation'),
          },
        },
        put: {
          summary: 'Replaces a note',
          parameters: preconditionHeaders,
          requestBody: {required: true, content: {'application/json': {schema: ref('NoteInput')}}},
          responses: {
            '200': jsonBody(ref('Note')),
            '400': problem('The body is not JSON'),
            '404': problem('No such note'),
            '409': problem('The body names another note, or the sandbox would hold too many bytes of notes'),
            '412': problem('If-Match or If-Unmodified-Since failed: someone changed it first'),
            '415': problem('The body is not application/json'),
            '422': problem('The note would be invalid, or its JSON nests too deep'),
          },
        },
        patch: {
          summary: 'Changes part of a note (JSON Merge Patch, RFC 7396)',
          parameters: preconditionHeaders,
          requestBody: {required: true, content: {'application/merge-patch+json': {schema: {type: 'object'}}}},
          responses: {
            '200': jsonBody(ref('Note')),
            '400': problem('The body is not JSON'),
            '404': problem('No such note'),
            '409': problem('The sandbox would hold too many bytes of notes'),
            '412': problem('A precondition failed'),
            '415': problem('The body is not application/merge-patch+json'),
            '422': problem('The patched note would be invalid, or the patch nests too deep'),
          },
        },
        delete: {
          summary: 'Deletes a note',
          parameters: preconditionHeaders,
          responses: {
            '204': {description: 'Deleted'},
            '404': problem('No such note'),
            '412': problem('A precondition failed'),
          },
        },
      },
    },
    components: {
      // Every schema comes from the contract: the same definitions the server checks with and the site parses with.
      schemas: {
        ProblemDetails: ProblemDetails.json,
        ServerIndex: ServerIndex.json,
        HealthReport: HealthReport.json,
        ReadinessReport: ReadinessReport.json,
        ServerEvent: ServerEvent.json,
        PollResponse: PollResponse.json,
        TransportCost: TransportCost.json,
        CostReport: CostReport.json,
        ClockReading: ClockReading.json,
        HoldResult: HoldResult.json,
        RecordedRequest: RecordedRequest.json,
        AttemptRecord: AttemptRecord.json,
        CorsAnswer: CorsAnswer.json,
        RedirectHop: RedirectHop.json,
        RedirectTarget: RedirectTarget.json,
        CookieSetAnswer: CookieSetAnswer.json,
        CookieClearAnswer: CookieClearAnswer.json,
        CookieEcho: CookieEcho.json,
        HttpInspection: HttpInspection.json,
        HttpInspectRecord: HttpInspectRecord.json,
        StatefulLogin: StatefulLogin.json,
        CartItem: CartItem.json,
        CartAnswer: CartAnswer.json,
        StreamDropResult: StreamDropResult.json,
        Link: Link.json,
        ApiRoot: ApiRoot.json,
        NoteInput: NoteInput.json,
        Note: NoteRepresentation.json,
        NoteCollection: NoteCollection.json,
        Sandbox: SandboxRepresentation.json,
        NegotiationRecord: NegotiationRecord.json,
        StreamRequest: StreamRequest.json,
      },
    },
  };
}

/** The paths of `/http/redirect/…`: every method they serve answers alike, so each gets the same operations. */
function redirectPaths(): Record<string, Json> {
  const attempt: Json = {
    name: 'attempt',
    in: 'query',
    description: 'Keep what the server saw of this request under this id, for GET /attempts/{id}; Location keeps it',
    schema: {type: 'string', pattern: ATTEMPT_ID_PATTERN.source},
  };
  const location: Json = {Location: {description: 'The next hop, a path on this server', schema: {type: 'string'}}};
  const redirectAnswer: Json = {
    description: 'A redirect saying what the server received',
    headers: location,
    content: {'application/json': {schema: ref('RedirectHop')}},
  };
  const refusals: Record<string, Json> = {
    '405': problem('A method these routes do not serve'),
    '413': problem(`The body is larger than ${REDIRECT_LIMITS.maxBodyBytes} bytes`),
  };
  const operations = (summary: string, responses: Record<string, Json>): Record<string, Json> => {
    const operation = (method: string): Json => ({
      summary: `${summary} (${method})`,
      parameters: [attempt],
      ...(method === 'post' || method === 'put'
        ? {requestBody: {content: {'*/*': {schema: {}}}, description: `At most ${REDIRECT_LIMITS.maxBodyBytes} bytes`}}
        : {}),
      responses: {...responses, ...refusals},
    });
    return Object.fromEntries(['get', 'head', 'post', 'put', 'delete'].map((method) => [method, operation(method)]));
  };
  // Concrete paths first: a reader of this document (and the conformance check) takes the first that matches.
  return {
    [`${ENDPOINTS.httpRedirect}/target`]: operations('Where every redirect leads: what method and body reached it', {
      '200': jsonBody(ref('RedirectTarget')),
    }),
    [`${ENDPOINTS.httpRedirect}/loop`]: operations(
      `${CHAIN_STATUS} to itself, up to ${REDIRECT_LIMITS.maxLoopHops} times per client and attempt id`,
      {
        [String(CHAIN_STATUS)]: redirectAnswer,
        '508': problem(`The loop was followed ${REDIRECT_LIMITS.maxLoopHops} times already`),
      },
    ),
    [`${ENDPOINTS.httpRedirect}/chain/{n}`]: {
      parameters: [
        {
          name: 'n',
          in: 'path',
          required: true,
          schema: {type: 'integer', minimum: 1, maximum: REDIRECT_LIMITS.maxChainHops},
        },
      ],
      ...operations(`${CHAIN_STATUS} to chain/{n-1}, and chain/1 to the target: n redirects in a row`, {
        [String(CHAIN_STATUS)]: redirectAnswer,
        '400': problem(`n past ${REDIRECT_LIMITS.maxChainHops}`),
        '404': problem('n is not a whole number from 1'),
      }),
    },
    [`${ENDPOINTS.httpRedirect}/{status}`]: {
      parameters: [{name: 'status', in: 'path', required: true, schema: {enum: [...REDIRECT_STATUSES]}}],
      ...operations('Answers that redirect status, Location naming /http/redirect/target', {
        ...Object.fromEntries(REDIRECT_STATUSES.map((status) => [String(status), redirectAnswer])),
        '404': problem('Not a redirect status these routes answer'),
      }),
    },
  };
}
