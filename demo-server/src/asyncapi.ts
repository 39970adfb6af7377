/**
 * The AsyncAPI 3 description of every message the demo server sends or reads
 * on a WebSocket, and of every event of its Server-Sent Events stream, served
 * at `/asyncapi.json` and rendered on the site's API reference page beside the
 * OpenAPI document. Each payload is the contract's own schema.
 *
 * Written from the server's side, as AsyncAPI 3 asks: `send` is a message the
 * server sends, `receive` one it reads. Imports only the contract, so the site
 * can bundle it.
 */
import {ENDPOINTS, type WebSocketEndpoint} from './contract/endpoints.ts';
import {SESSION_ID_PATTERN, SSE_RETRY_MS, ServerEvent, StreamGap, StreamStart} from './contract/events.ts';
import {FaultHeartbeat, FaultStreamMessage} from './contract/eventFaults.ts';
import {STREAM_DONE_EVENT, StreamDone, StreamToken} from './contract/streamedResponse.ts';
import {
  FAULT_PARAM,
  FAULT_POOLS,
  FaultCommand,
  FaultsServerMessage,
  HANDSHAKE_FAULTS,
  POOL_PARAM,
} from './contract/faults.ts';
import {FtpVsHttpRun, FtpVsHttpServerMessage} from './contract/ftpVsHttp.ts';
import {
  CloseReport,
  CommandError,
  EchoEnvelope,
  FrameReport,
  HandshakeReport,
  InspectCommand,
  StreamTick,
} from './contract/inspect.ts';
import {
  RestChangedPush,
  RestHelloMessage,
  RestRequestEnvelope,
  RestResponseEnvelope,
} from './contract/restWebSocket.ts';
import {anyJson, type Json, type JsonSchema, type Schema, string} from './contract/schema.ts';
import {ECHO_SUBPROTOCOLS} from './contract/websocket.ts';
import {EVENT_FAULT_LIMITS, FAULT_LIMITS, MESSAGE_LIMITS, STREAM_LIMITS} from './limits.ts';

/** One message of a channel: its payload and what it is. */
export interface MessageSpec {
  payload: Schema<unknown>;
  summary: string;
  /** JSON unless said otherwise. */
  contentType?: string;
  /** Sent as one message in several frames (RFC 6455 §5.4), never in one. */
  fragmented?: boolean;
}

export interface ChannelSpec {
  title: string;
  description: string;
  /** What the server sends on it, by message name. */
  send: Record<string, MessageSpec>;
  /** What the server reads on it, by message name. */
  receive: Record<string, MessageSpec>;
  /** The query parameters the opening request may carry. */
  query?: JsonSchema;
}

const text = (summary: string): MessageSpec => ({payload: string(), summary, contentType: 'text/plain'});
const binary = (summary: string): MessageSpec => ({
  payload: anyJson({description: 'Bytes (a binary message, opcode 2)'}),
  summary,
  contentType: 'application/octet-stream',
});

/** The messages of `/ws/inspect`, with or without compression. */
const inspectChannel = (title: string, description: string): ChannelSpec => ({
  title,
  description,
  send: {
    HandshakeReport: {payload: HandshakeReport, summary: 'The opening handshake as the server saw and answered it'},
    EchoEnvelope: {payload: EchoEnvelope, summary: 'A message the server received, echoed'},
    FrameReport: {payload: FrameReport, summary: 'One frame that crossed the connection, in either direction'},
    CommandError: {payload: CommandError, summary: 'Why a command could not be carried out'},
    StreamTick: {payload: StreamTick, summary: 'One message of a `stream` command'},
    CloseReport: {payload: CloseReport, summary: 'The close frames of an earlier connection'},
    FragmentedText: {
      ...text('The text of a `fragment` command, sent back as one message split into its frames'),
      fragmented: true,
    },
  },
  receive: {
    InspectCommand: {payload: InspectCommand, summary: 'A command instead of a message to echo'},
    InspectText: text(`Any other text, echoed (at most ${MESSAGE_LIMITS.inspectMaxMessageBytes} bytes)`),
    InspectBinary: binary(`Any bytes, echoed (at most ${MESSAGE_LIMITS.inspectMaxMessageBytes} bytes)`),
  },
});

/**
 * Every WebSocket endpoint's messages. Keyed by the endpoint list, so a new
 * endpoint cannot be left out: the compiler asks for its entry here.
 */
export const WEBSOCKET_CHANNELS: Record<WebSocketEndpoint, ChannelSpec> = {
  [ENDPOINTS.echo]: {
    title: 'Echo',
    description: `Every message comes back. With the subprotocol \`${ECHO_SUBPROTOCOLS.json}\` each comes back as an EchoEnvelope; with \`${ECHO_SUBPROTOCOLS.text}\` a binary message is refused with close 1003.`,
    send: {
      EchoText: text('The text received, unchanged (no subprotocol)'),
      EchoBinary: binary('The bytes received, unchanged (no subprotocol)'),
      EchoEnvelope: {payload: EchoEnvelope, summary: `The message received, described (\`${ECHO_SUBPROTOCOLS.json}\`)`},
    },
    receive: {
      TextToEcho: text(`Any text, at most ${MESSAGE_LIMITS.echoMaxMessageBytes} bytes`),
      BytesToEcho: binary(`Any bytes, at most ${MESSAGE_LIMITS.echoMaxMessageBytes} bytes`),
    },
  },
  [ENDPOINTS.inspect]: inspectChannel('Frame inspector', 'Every frame in both directions reported back, with commands'),
  [ENDPOINTS.inspectDeflate]: inspectChannel(
    'Frame inspector, compressed',
    'As /ws/inspect, with permessage-deflate (RFC 7692) accepted',
  ),
  [ENDPOINTS.eventsWebSocket]: {
    title: 'Event stream over WebSocket',
    description: 'The shared event stream, one ServerEvent per text message; `?since=` catches up first.',
    send: {ServerEvent: {payload: ServerEvent, summary: 'One event of the stream'}},
    receive: {},
    query: {
      type: 'object',
      properties: {
        since: {type: 'string', pattern: '^\\d{1,15}$', description: 'The id of the last event the client has'},
        session: {type: 'string', pattern: SESSION_ID_PATTERN.source, description: 'The reader session to count'},
      },
    },
  },
  [ENDPOINTS.restWebSocket]: {
    title: 'The REST API over WebSocket',
    description: 'Each text message one request, answered by a response with the same id; WATCH pushes changes.',
    send: {
      RestHelloMessage: {payload: RestHelloMessage, summary: 'First: what the opening handshake cost'},
      RestResponseEnvelope: {payload: RestResponseEnvelope, summary: 'The answer to one request'},
      RestChangedPush: {payload: RestChangedPush, summary: 'A watched resource changed'},
    },
    receive: {RestRequestEnvelope: {payload: RestRequestEnvelope, summary: 'One request'}},
  },
  [ENDPOINTS.ftpVsHttp]: {
    title: 'FTP against HTTP',
    description: 'One file fetched by FTP and by HTTP, both transcripts streamed as they happen.',
    send: {
      FtpVsHttpServerMessage: {
        payload: FtpVsHttpServerMessage,
        summary: 'A run’s start, a step, its summary, or an error',
      },
    },
    receive: {FtpVsHttpRun: {payload: FtpVsHttpRun, summary: 'Fetch this file both ways'}},
  },
  [ENDPOINTS.faults]: {
    title: 'Faults on request',
    description: `Misbehaves on request, on this connection alone. \`?${FAULT_PARAM}=${HANDSHAKE_FAULTS.unofferedSubprotocol}\` answers the handshake with a subprotocol the client did not offer; \`?${POOL_PARAM}=connections\` allows ${FAULT_LIMITS.poolConnectionsPerClient} connections at once per client and \`?${POOL_PARAM}=handshakes\` ${FAULT_LIMITS.poolHandshakesPerMinutePerClient} handshakes a minute, then 429 with Retry-After. A FaultCommand makes the open connection fail. The server pings every connection every ${FAULT_LIMITS.pingIntervalMs / 1000} s, tells the client of each ping and pong, and answers its \`heartbeat\`; the liveness faults (pings unanswered or stopped, pongs delayed, half-open) go one at a time, each bounded in time.`,
    send: {
      FaultsServerMessage: {
        payload: FaultsServerMessage,
        summary: 'A fault about to happen, or why a command was refused',
      },
      InvalidUtf8Text: text('After `send-invalid-utf8`: a text frame whose payload is not UTF-8, on purpose'),
    },
    receive: {FaultCommand: {payload: FaultCommand, summary: 'What to break on this connection'}},
    query: {
      type: 'object',
      properties: {
        [FAULT_PARAM]: {type: 'string', enum: Object.values(HANDSHAKE_FAULTS), description: 'A fault in the 101'},
        [POOL_PARAM]: {type: 'string', enum: [...FAULT_POOLS], description: 'The admission pool to count against'},
      },
    },
  },
};

/** The Server-Sent Events stream, by event name (`message` is an event with no `event:` field). */
export const SSE_CHANNEL: ChannelSpec = {
  title: 'Event stream over Server-Sent Events',
  description: `A text/event-stream: \`retry: ${SSE_RETRY_MS}\` and a \`stream-start\` event first, then every event with its \`id\`; \`gap\` when a resume is older than the backlog, and \`: keep-alive\` comments.`,
  send: {
    message: {payload: ServerEvent, summary: 'One event of the stream (its `id` field is the event’s id)'},
    'stream-start': {payload: StreamStart, summary: 'First on every stream: what the server read from the request'},
    gap: {payload: StreamGap, summary: 'These events are lost: the resume was older than the backlog'},
  },
  receive: {},
};

/** The misbehaving stream of `/events/faults`, when a case answers with a stream at all. */
export const FAULTS_SSE_CHANNEL: ChannelSpec = {
  title: 'An event stream that misbehaves on request',
  description: `A text/event-stream for the cases that answer 200 with one: one event with its \`id\` (one more than the request's \`Last-Event-ID\`), \`retry: ${EVENT_FAULT_LIMITS.retryHintMs}\` first in the \`end-retry\` case, then \`heartbeat\` events, \`: heartbeat\` comments or nothing, as the case says.`,
  send: {
    message: {payload: FaultStreamMessage, summary: 'The one event of a fault stream (its `id` field is `n`)'},
    heartbeat: {payload: FaultHeartbeat, summary: 'A heartbeat the page can see (`heartbeat-event` case)'},
  },
  receive: {},
};

/** The streamed response of `/http/stream`, to a `POST` or a `GET`. */
export const STREAMED_RESPONSE_CHANNEL: ChannelSpec = {
  title: 'A response streamed token by token',
  description: `A text/event-stream answering \`POST\` (a StreamRequest body) or \`GET ?prompt=\`: a comment line (and \`retry: ${STREAM_LIMITS.retryMs}\` for the \`GET\`), one event per token with its \`id\`, then \`${STREAM_DONE_EVENT}\`, then the end of the response. At most ${STREAM_LIMITS.maxTokens} tokens and ${STREAM_LIMITS.maxStreamBytes} bytes; the writes are cut where events are not, on purpose.`,
  send: {
    message: {payload: StreamToken, summary: 'One token (its `id` field is `index`)'},
    [STREAM_DONE_EVENT]: {payload: StreamDone, summary: 'The last event: the text is complete'},
  },
  receive: {},
};

/** The Server-Sent Events channels, by address. */
export const SSE_CHANNELS: Readonly<Record<string, ChannelSpec>> = {
  [ENDPOINTS.eventsStream]: SSE_CHANNEL,
  [ENDPOINTS.eventsFaults]: FAULTS_SSE_CHANNEL,
  [ENDPOINTS.streamedResponse]: STREAMED_RESPONSE_CHANNEL,
};

/**
 * The contract's schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect);
 * AsyncAPI 3.0 payloads are draft-07. The one keyword that differs among
 * those used: a tuple's `prefixItems` (with `items: false`) is draft-07's
 * array-form `items` with `additionalItems: false`.
 */
export function toDraft07(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toDraft07);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: {[key: string]: Json} = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'prefixItems') {
      out.items = toDraft07(value);
      out.additionalItems = false;
    } else if (!(key === 'items' && 'prefixItems' in schema)) out[key] = toDraft07(value);
  }
  return out;
}

/** The channels of the document, by id: the WebSocket endpoints' names from ENDPOINTS, and the SSE stream. */
function channels(): Array<{id: string; address: string; spec: ChannelSpec; protocol: 'ws' | 'http'}> {
  const byPath = new Map<string, string>(Object.entries(ENDPOINTS).map(([name, path]) => [path, name]));
  return [
    ...Object.entries(WEBSOCKET_CHANNELS).map(([address, spec]) => ({
      id: byPath.get(address) ?? address,
      address,
      spec,
      protocol: 'ws' as const,
    })),
    ...Object.entries(SSE_CHANNELS).map(([address, spec]) => ({
      id: byPath.get(address) ?? address,
      address,
      spec,
      protocol: 'http' as const,
    })),
  ];
}

/** The names of the messages the server sends on each address: what the schema test checks received messages against. */
export function sentMessages(): Map<string, Map<string, MessageSpec>> {
  return new Map(channels().map(({address, spec}) => [address, new Map(Object.entries(spec.send))]));
}

const upper = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export function asyncApiDocument(serverUrl?: string): Json {
  const url = serverUrl ? new URL(serverUrl) : undefined;
  const messages: {[name: string]: Json} = {};
  const channelObjects: {[id: string]: Json} = {};
  const operations: {[id: string]: Json} = {};
  for (const {id, address, spec, protocol} of channels()) {
    const channelMessages: {[name: string]: Json} = {};
    for (const [name, message] of [...Object.entries(spec.send), ...Object.entries(spec.receive)]) {
      const component: Json = {
        name,
        summary: message.summary,
        contentType: message.contentType ?? 'application/json',
        ...(message.fragmented ? {description: 'Always fragmented: one message in several frames'} : {}),
        payload: toDraft07(message.payload.json),
      };
      // One component per distinct message: a name that several channels use
      // alike shares it, and one that differs somewhere (its summary, say) is
      // keyed by its channel too, so neither description overwrites the other.
      const shared =
        id === 'eventsStream' ? `sse${upper(name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()))}` : name;
      const same = messages[shared] === undefined || JSON.stringify(messages[shared]) === JSON.stringify(component);
      const key = same ? shared : `${id}${upper(shared)}`;
      messages[key] = component;
      channelMessages[name] = {$ref: `#/components/messages/${key}`};
    }
    channelObjects[id] = {
      address,
      title: spec.title,
      description: spec.description,
      messages: channelMessages,
      servers: [{$ref: `#/servers/${protocol === 'ws' ? 'webSocket' : 'http'}`}],
      ...(spec.query ? {bindings: {ws: {query: spec.query, bindingVersion: '0.1.0'}}} : {}),
    };
    for (const [action, list] of [
      ['send', spec.send],
      ['receive', spec.receive],
    ] as const) {
      const names = Object.keys(list);
      if (names.length === 0) continue;
      operations[`${action}${upper(id)}`] = {
        action,
        channel: {$ref: `#/channels/${id}`},
        messages: names.map((name) => ({$ref: `#/channels/${id}/messages/${name}`})),
      };
    }
  }
  const host = url?.host ?? 'localhost:8787';
  const secure = url?.protocol === 'https:';
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Over the Wire demo server: messages',
      version: '1',
      description:
        'Every message the demo server sends and reads on its WebSockets, and every event of its Server-Sent Events stream. Its HTTP endpoints are in /openapi.json.',
      license: {name: 'MIT'},
    },
    servers: {
      webSocket: {host, protocol: secure ? 'wss' : 'ws', description: 'WebSocket endpoints (RFC 6455)'},
      http: {host, protocol: secure ? 'https' : 'http', description: 'The Server-Sent Events stream'},
    },
    defaultContentType: 'application/json',
    channels: channelObjects,
    operations,
    components: {messages},
  };
}
