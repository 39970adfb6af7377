/**
 * `/ws/inspect` (and `/ws/inspect-deflate`): the handshake report, the echo,
 * a report of every frame in both directions, and the commands a page sends.
 * `/ws/echo` with the `otw.json.v1` subprotocol answers with the same
 * EchoEnvelope.
 */
import {INSPECT_COMMAND_LIMITS} from '../limits.ts';
import {
  array,
  boolean,
  check,
  type Infer,
  integer,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  parseJson,
  string,
  union,
} from './schema.ts';
import {HeaderList} from './websocket.ts';

/**
 * Request headers whose values `/ws/inspect` never echoes. A browser attaches
 * cookies (even HttpOnly ones, which page scripts must not read) and
 * credentials to the handshake on its own; reporting them back to the page
 * would hand them to JavaScript. The report keeps the field, in its place,
 * with a note of its length instead of its value.
 */
export const WITHHELD_REQUEST_HEADERS: readonly string[] = ['cookie', 'authorization', 'proxy-authorization'];

/** The value the handshake report shows in place of a withheld header's. */
export function withheldValue(byteLength: number): string {
  return `(withheld: ${byteLength} bytes)`;
}

const serverClock = (what: string) => number({description: `Server clock, epoch milliseconds, ${what}`});

/** First message on `/ws/inspect`: the opening handshake exactly as the server saw it (request) and wrote it (response). */
export const HandshakeReport = object(
  {
    type: literal('handshake'),
    connectionId: string({
      pattern: '^[0-9a-f]{16}$',
      description:
        'Names this connection for a later `close-report` command: its own close frames cannot be reported on it (nothing may follow a close frame)',
    }),
    request: object({method: string(), url: string(), httpVersion: string(), headers: HeaderList}),
    response: object({status: integer(), statusText: string(), headers: HeaderList}),
  },
  {description: 'The opening handshake exactly as the server read it and wrote it'},
);
export type HandshakeReport = Infer<typeof HandshakeReport>;

/** Every later message on `/ws/inspect`: what the server received, echoed. */
export const EchoEnvelope = object(
  {
    type: literal('echo'),
    receivedAt: serverClock('when the message was complete'),
    binary: boolean({description: 'Opcode class of the message: text (opcode 1) or binary (opcode 2)'}),
    size: integer({minimum: 0, description: 'Length of the message payload in bytes'}),
    data: string({description: 'The text itself, or base64 of the bytes when `binary` is true'}),
  },
  {description: 'A message the server received, echoed with when it arrived, its kind and its size'},
);
export type EchoEnvelope = Infer<typeof EchoEnvelope>;

/** Which way a frame crossed the connection. */
export const FrameDirection = oneOf(['client-to-server', 'server-to-client']);
export type FrameDirection = Infer<typeof FrameDirection>;

/** How a frame's payload length was written (RFC 6455 §5.2). */
export const LengthForm = oneOf(['7-bit', '16-bit', '64-bit']);
export type LengthForm = Infer<typeof LengthForm>;

/** One frame that crossed a `/ws/inspect` connection, tapped from the socket (both directions). */
export const FrameReport = object(
  {
    type: literal('frame'),
    direction: FrameDirection,
    fin: boolean(),
    rsv1: boolean(),
    rsv2: boolean(),
    rsv3: boolean(),
    opcode: integer({minimum: 0, maximum: 15}),
    masked: boolean(),
    maskingKey: nullable(string({pattern: '^[0-9a-f]{8}$', description: 'The 4-byte masking key as 8 hex digits'}), {
      description: 'The 4-byte masking key as 8 hex digits, or null when MASK is 0',
    }),
    payloadLength: integer({minimum: 0}),
    lengthForm: LengthForm,
    raw: string({description: 'base64 of the exact bytes of the frame on the wire, header included'}),
    payload: string({description: 'base64 of the payload after unmasking'}),
    at: serverClock('when the frame crossed the socket (ping to pong is a round trip)'),
  },
  {
    description:
      'One frame that crossed the connection, tapped from the socket. Frame reports are not themselves reported',
  },
);
export type FrameReport = Infer<typeof FrameReport>;

/** Close codes a reader may ask the server to close with (server-initiated closes). */
export const COMMAND_CLOSE_CODES = [1000, 1001, 1008, 1011] as const;
export type CommandCloseCode = (typeof COMMAND_CLOSE_CODES)[number];

const {maxFragments, maxFragmentTextBytes, maxCloseReasonBytes, maxPingPayloadBytes} = INSPECT_COMMAND_LIMITS;
const {maxStreamCount, minStreamIntervalMs, maxStreamIntervalMs} = INSPECT_COMMAND_LIMITS;

/**
 * A text message to `/ws/inspect` that is a JSON object with `"type":
 * "command"` asks the server to do something instead of echoing it:
 * - `fragment`: send `text` back as one message split into `fragments`
 *   frames (opcode 1, then continuation frames, FIN on the last; RFC 6455 §5.4);
 * - `close`: close the connection with `code` and `reason` (§7.1.2);
 * - `ping`: send a ping now, carrying `payload` (§5.5.2); the browser answers
 *   with a pong by itself;
 * - `stream`: send `count` tick messages, one every `intervalMs`, while the
 *   connection keeps serving the client's messages (full duplex). A new
 *   stream replaces a running one;
 * - `close-report`: send the close frames (both directions) of an earlier
 *   connection of the same client, named by its `connectionId`, for up to
 *   a minute after it closed.
 */
export const InspectCommand = union(
  [
    object({
      type: literal('command'),
      command: literal('fragment'),
      text: string({minLength: 1, description: `At most ${maxFragmentTextBytes} bytes of UTF-8`}),
      fragments: integer({minimum: 2, maximum: maxFragments}),
    }),
    object({
      type: literal('command'),
      command: literal('close'),
      code: oneOf(COMMAND_CLOSE_CODES),
      reason: optional(string({description: `At most ${maxCloseReasonBytes} bytes of UTF-8; empty if absent`})),
    }),
    object({
      type: literal('command'),
      command: literal('ping'),
      payload: optional(string({description: `At most ${maxPingPayloadBytes} bytes of UTF-8; empty if absent`})),
    }),
    object({
      type: literal('command'),
      command: literal('stream'),
      count: integer({minimum: 1, maximum: maxStreamCount}),
      intervalMs: integer({minimum: minStreamIntervalMs, maximum: maxStreamIntervalMs}),
    }),
    object({
      type: literal('command'),
      command: literal('close-report'),
      connectionId: string({
        pattern: '^[0-9a-f]{16}$',
        description: 'the 16 hex digits of an earlier handshake report',
      }),
    }),
  ],
  {description: 'A command to the server instead of a message to echo'},
);
export type InspectCommand = Infer<typeof InspectCommand>;

/** The answer to `close-report`: the close frames of a finished connection, in the order they crossed. */
export const CloseReport = object({type: literal('close-report'), connectionId: string(), frames: array(FrameReport)});
export type CloseReport = Infer<typeof CloseReport>;

/** One message of a `stream` command. */
export const StreamTick = object({
  type: literal('tick'),
  n: integer({minimum: 1, description: '1 for the first tick'}),
  of: integer({minimum: 1, description: 'How many ticks the stream sends'}),
  sentAt: serverClock('when the tick was sent'),
});
export type StreamTick = Infer<typeof StreamTick>;

/** The answer to a command the server could not carry out; the connection stays open. */
export const CommandError = object({type: literal('command-error'), detail: string()});
export type CommandError = Infer<typeof CommandError>;

export const InspectServerMessage = union([
  HandshakeReport,
  EchoEnvelope,
  FrameReport,
  CommandError,
  StreamTick,
  CloseReport,
]);
export type InspectServerMessage = Infer<typeof InspectServerMessage>;

/**
 * Parses one text message from `/ws/inspect`. Returns null for anything that
 * is not a well-formed message of the contract, so a client never renders
 * half a report.
 */
export function parseInspectMessage(text: string): InspectServerMessage | null {
  return parseJson(InspectServerMessage, text);
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** A command as the server carries it out: absent reason and payload read as empty. */
export type ParsedInspectCommand =
  | Exclude<InspectCommand, {command: 'close'} | {command: 'ping'}>
  | {type: 'command'; command: 'close'; code: CommandCloseCode; reason: string}
  | {type: 'command'; command: 'ping'; payload: string};

/**
 * Reads a command sent to `/ws/inspect`. Returns null when the text is not a
 * command at all (it is then echoed), or `{error}` saying what is wrong with
 * a command that breaks the contract.
 */
export function parseInspectCommand(text: string): ParsedInspectCommand | {error: string} | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || (value as {type?: unknown}).type !== 'command') return null;
  const checked = check(InspectCommand, value, {name: 'The command', extraMembers: 'ignore'});
  if (!checked.ok) return {error: checked.problems.join('; ')};
  const command = checked.value;
  // What JSON Schema cannot say: bounds in UTF-8 bytes, and one byte at least per fragment.
  if (command.command === 'fragment') {
    const bytes = utf8Length(command.text);
    if (bytes > maxFragmentTextBytes) return {error: `"text" may be at most ${maxFragmentTextBytes} bytes`};
    if (command.fragments > bytes) return {error: '"fragments" may not exceed the number of bytes in "text"'};
    return command;
  }
  if (command.command === 'close') {
    const reason = command.reason ?? '';
    if (utf8Length(reason) > maxCloseReasonBytes) {
      return {error: `"reason" must be a string of at most ${maxCloseReasonBytes} bytes`};
    }
    return {type: 'command', command: 'close', code: command.code, reason};
  }
  if (command.command === 'ping') {
    const payload = command.payload ?? '';
    if (utf8Length(payload) > maxPingPayloadBytes) {
      return {error: `"payload" must be a string of at most ${maxPingPayloadBytes} bytes`};
    }
    return {type: 'command', command: 'ping', payload};
  }
  return command;
}
