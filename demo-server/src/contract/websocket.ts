/** RFC 6455's constants, and header lists as the handshake reports carry them. */
import * as s from './schema.ts';

/** The GUID that RFC 6455 §1.3 appends to the key before hashing it. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The only protocol version RFC 6455 defines (§4.1, §11.6). */
export const WEBSOCKET_VERSION = '13';

/** Opcodes defined by RFC 6455 §5.2 (§11.8 registry). */
export const OPCODES = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/**
 * Close codes (RFC 6455 §7.4.1). 1005 and 1006 are reserved: they are never
 * sent in a close frame, only reported locally by an endpoint.
 */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatusReceived: 1005,
  abnormalClosure: 1006,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
  mandatoryExtension: 1010,
  internalError: 1011,
  tryAgainLater: 1013,
  /**
   * Private-use code (RFC 6455 §7.4.2, 4000–4999): the server closed a
   * connection that carried nothing for too long. Clients should not
   * reconnect on their own after it, or a forgotten tab would hold a slot
   * forever.
   */
  idleTimeout: 4000,
  /**
   * Private-use code: `/ws/events?since=` asked for an id older than the
   * backlog, so some events are gone (the reason says where to start).
   */
  eventsTooOld: 4410,
} as const;

/**
 * Subprotocols `/ws/echo` speaks (RFC 6455 §1.9, §4.2.2 item 5.5). The client
 * offers a list in order of preference; the server picks the first it speaks,
 * or none.
 * - none: the plain echo, the same text or bytes back;
 * - `otw.json.v1`: every message comes back as a JSON EchoEnvelope, which
 *   says when it arrived, its type and its size;
 * - `otw.text.v1`: text only: a binary message is refused with close 1003.
 */
export const ECHO_SUBPROTOCOLS = {json: 'otw.json.v1', text: 'otw.text.v1'} as const;

/** HTTP header fields in wire order, with the case they had on the wire. */
export const HeaderList = s.array(s.tuple([s.string({title: 'name'}), s.string({title: 'value'})]), {
  description: 'Header fields in the order they crossed the wire, each [name, value] with the name in its wire case',
});
export type HeaderList = s.Infer<typeof HeaderList>;

/** Case-insensitive lookup of the first header with this name. */
export function findHeader(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([headerName]) => headerName.toLowerCase() === wanted)?.[1];
}
