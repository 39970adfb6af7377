/**
 * `/ws/inspect` (and `/ws/inspect-deflate`): the handshake report, the echo,
 * a report of every frame in both directions, and the commands a page sends.
 * `/ws/echo` with the `otw.json.v1` subprotocol answers with the same
 * EchoEnvelope.
 */
import {INSPECT_COMMAND_LIMITS} from '../limits.ts';
import * as s from './schema.ts';
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

const serverClock = (what: string) => s.number({description: `Server clock, epoch milliseconds, ${what}`});

/** First message on `/ws/inspect`: the opening handshake exactly as the server saw it (request) and wrote it (response). */
export const HandshakeReport = s.object(
  {
    type: s.literal('handshake'),
    connectionId: s.string({
      pattern: '^[0-9a-f]{16}$',
      description:
        'Names this connection for a later `close-report` command: its own close frames cannot be reported on it (nothing may follow a close frame)',
    }),
    request: s.object({method: s.string(), url: s.string(), httpVersion: s.string(), headers: HeaderList}),
    response: s.object({status: s.integer(), statusText: s.string(), headers: HeaderList}),
  },
  {description: 'The opening handshake exactly as the server read it and wrote it'},
);
export type HandshakeReport = s.Infer<typeof HandshakeReport>;

/** Every later message on `/ws/inspect`: what the server received, echoed. */
export const EchoEnvelope = s.object(
  {
    type: s.literal('echo'),
    receivedAt: serverClock('when the message was complete'),
    binary: s.boolean({description: 'Opcode class of the message: text (opcode 1) or binary (opcode 2)'}),
    size: s.integer({minimum: 0, description: 'Length of the message payload in bytes'}),
    data: s.string({description: 'The text itself, or base64 of the bytes when `binary` is true'}),
  },
  {description: 'A message the server received, echoed with when it arrived, its kind and its size'},
);
export type EchoEnvelope = s.Infer<typeof EchoEnvelope>;

/** Which way a frame crossed the connection. */
export const FrameDirection = s.oneOf(['client-to-server', 'server-to-client']);
export type FrameDirection = s.Infer<typeof FrameDirection>;

/** How a frame's payload length was written (RFC 6455 §5.2). */
export const LengthForm = s.oneOf(['7-bit', '16-bit', '64-bit']);
export type LengthForm = s.Infer<typeof LengthForm>;

/** One frame that crossed a `/ws/inspect` connection, tapped from the socket (both directions). */
export const FrameReport = s.object(
  {
    type: s.literal('frame'),
    direction: FrameDirection,
    fin: s.boolean(),
    rsv1: s.boolean(),
    rsv2: s.boolean(),
    rsv3: s.boolean(),
    opcode: s.integer({minimum: 0, maximum: 15}),
    masked: s.boolean(),
    maskingKey: s.nullable(
      s.string({pattern: '^[0-9a-f]{8}$', description: 'The 4-byte masking key as 8 hex digits'}),
      {
        description: 'The 4-byte masking key as 8 hex digits, or null when MASK is 0',
      },
    ),
    payloadLength: s.integer({minimum: 0}),
    lengthForm: LengthForm,
    raw: s.string({description: 'base64 of the exact bytes of the frame on the wire, header included'}),
    payload: s.string({description: 'base64 of the payload after unmasking'}),
    at: serverClock('when the frame crossed the socket (ping to pong is a round trip)'),
  },
  {
    description:
      'One frame that crossed the connection, tapped from the socket. Frame reports are not themselves reported',
  },
);
export type FrameReport = s.Infer<typeof FrameReport>;

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
export const InspectCommand = s.union(
  [
    s.object({
      type: s.literal('command'),
      command: s.literal('fragment'),
      text: s.string({minLength: 1, description: `At most ${maxFragmentTextBytes} bytes of UTF-8`}),
      fragments: s.integer({minimum: 2, maximum: maxFragments}),
    }),
    s.object({
      type: s.literal('command'),
      command: s.literal('close'),
      code: s.oneOf(COMMAND_CLOSE_CODES),
      reason: s.optional(s.string({description: `At most ${maxCloseReasonBytes} bytes of UTF-8; empty if absent`})),
    }),
    s.object({
      type: s.literal('command'),
      command: s.literal('ping'),
      payload: s.optional(s.string({description: `At most ${maxPingPayloadBytes} bytes of UTF-8; empty if absent`})),
    }),
    s.object({
      type: s.literal('command'),
      command: s.literal('stream'),
      count: s.integer({minimum: 1, maximum: maxStreamCount}),
      intervalMs: s.integer({minimum: minStreamIntervalMs, maximum: maxStreamIntervalMs}),
    }),
    s.object({
      type: s.literal('command'),
      command: s.literal('close-report'),
      connectionId: s.string({
        pattern: '^[0-9a-f]{16}$',
        description: 'the 16 hex digits of an earlier handshake report',
      }),
    }),
  ],
  {description: 'A command to the server instead of a message to echo'},
);
export type InspectCommand = s.Infer<typeof InspectCommand>;

/** The answer to `close-report`: the close frames of a finished connection, in the order they crossed. */
export const CloseReport = s.object({
  type: s.literal('close-report'),
  connectionId: s.string(),
  frames: s.array(FrameReport),
});
export type CloseReport = s.Infer<typeof CloseReport>;

/** One message of a `stream` command. */
export const StreamTick = s.object({
  type: s.literal('tick'),
  n: s.integer({minimum: 1, description: '1 for the first tick'}),
  of: s.integer({minimum: 1, description: 'How many ticks the stream sends'}),
  sentAt: serverClock('when the tick was sent'),
});
export type StreamTick = s.Infer<typeof StreamTick>;

/** The answer to a command the server could not carry out; the connection stays open. */
export const CommandError = s.object({type: s.literal('command-error'), detail: s.string()});
export type CommandError = s.Infer<typeof CommandError>;

export const InspectServerMessage = s.union([
  HandshakeReport,
  EchoEnvelope,
  FrameReport,
  CommandError,
  StreamTick,
  CloseReport,
]);
export type InspectServerMessage = s.Infer<typeof InspectServerMessage>;

/**
 * Parses one text message from `/ws/inspect`. Returns null for anything that
 * is not a well-formed message of the contract, so a client never renders
 * half a report.
 */
export function parseInspectMessage(text: string): InspectServerMessage | null {
  return s.parseJson(InspectServerMessage, text);
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
  const checked = s.check(InspectCommand, value, {name: 'The command', extraMembers: 'ignore'});
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
