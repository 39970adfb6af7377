/**
 * `/ws/faults`: a WebSocket endpoint that misbehaves on request, so that a page can make a connection fail for
 * real and show what the browser told it beside what the server did. What happens during the opening handshake
 * is chosen by the query (`?fault=`, `?pool=`); what happens on an open connection, by a FaultCommand the page
 * sends. Every fault is scoped to the one connection that asked for it.
 */
import {FAULT_LIMITS} from '../limits.ts';
import * as s from './schema.ts';

/** The query parameter that picks a handshake-time fault. */
export const FAULT_PARAM = 'fault';

/** Faults the server commits in its answer to the opening handshake (`?fault=`). */
export const HANDSHAKE_FAULTS = {
  /**
   * The 101 names a subprotocol in `Sec-WebSocket-Protocol` that the client did not offer: RFC 6455 §4.1 (and the
   * WebSockets Standard) has the client fail the connection.
   */
  unofferedSubprotocol: 'unoffered-subprotocol',
} as const;
export type HandshakeFault = (typeof HANDSHAKE_FAULTS)[keyof typeof HANDSHAKE_FAULTS];

/** The subprotocol the server names when `?fault=unoffered-subprotocol`: no client ever offers it. */
export const UNOFFERED_SUBPROTOCOL = 'otw.unoffered.v1';

/** The query parameter that picks the admission pool a connection counts against. */
export const POOL_PARAM = 'pool';

/**
 * The endpoint's own small admission pools, each with a real per-client limiter (see FAULT_LIMITS), so that a page
 * can meet a 429 without spending the budget every other demo shares:
 * - `connections`: few connections open at once per client; the next handshake is refused with 429 and Retry-After;
 * - `handshakes`: few opening handshakes per minute per client; past them, 429 and Retry-After.
 * Without `?pool=`, a connection counts against the endpoint's default pool.
 */
export const FAULT_POOLS = ['connections', 'handshakes'] as const;
export type FaultPool = (typeof FAULT_POOLS)[number];

/** The page's application-level heartbeat: a `heartbeat` every `intervalMs`; one unanswered after `deadlineMs` is a dead connection. */
export const APP_HEARTBEAT = {intervalMs: 1_000, deadlineMs: 3_000} as const;

/** Private-use close codes (RFC 6455 §7.4.2) of the liveness demo. */
export const LIVENESS_CLOSE_CODES = {
  /** The page closes with this when its heartbeat went unanswered past the deadline. */
  heartbeatMissed: 4002,
  /** The server closes with this when a timed fault reached `FAULT_LIMITS.maxFaultMs`. */
  faultOver: 4003,
} as const;

/** The largest heartbeat number (a heartbeat a second for eleven days). */
export const MAX_HEARTBEAT = 1_000_000;

/**
 * What the page asks the server to do on an open connection: one JSON text message each, a union tagged by
 * `type`: the faults of the handshake demo, the page's heartbeat, and the liveness faults.
 */
export const FaultCommand = s.union([
  s.object(
    {type: s.literal('send-invalid-utf8')},
    {description: 'The server sends one text frame whose payload is not valid UTF-8 (RFC 6455 §8.1)'},
  ),
  s.object(
    {type: s.literal('drop-tcp')},
    {description: 'The server closes the TCP connection without a close frame (RFC 6455 §7.1.5: the code is 1006)'},
  ),
  s.object(
    {type: s.literal('heartbeat'), n: s.integer({minimum: 1, maximum: MAX_HEARTBEAT, description: 'Its number'})},
    {
      description:
        'Not a fault: the page’s own application-level heartbeat (a page cannot send a ping), answered with `heartbeat-answer` unless a fault says otherwise',
    },
  ),
  s.object(
    {type: s.literal('stop-answering-pings')},
    {description: 'The server stops answering pings with pongs (RFC 6455 §5.5.3), and stops answering heartbeats'},
  ),
  s.object(
    {type: s.literal('stop-pinging')},
    {description: 'The server stops sending its pings (RFC 6455 §5.5.2); it still answers'},
  ),
  s.object(
    {
      type: s.literal('delay-pongs'),
      delayMs: s.integer({
        minimum: FAULT_LIMITS.minPongDelayMs,
        maximum: FAULT_LIMITS.maxPongDelayMs,
        description: 'How long each pong, and each heartbeat answer, is held back',
      }),
    },
    {description: 'The server answers pings and heartbeats late'},
  ),
  s.object(
    {
      type: s.literal('half-open'),
      forMs: s.integer({
        minimum: FAULT_LIMITS.minHalfOpenMs,
        maximum: FAULT_LIMITS.maxHalfOpenMs,
        description: 'How long before the server cuts the TCP connection',
      }),
    },
    {description: 'The server stops reading and writing, without closing, then cuts the TCP connection'},
  ),
  s.object(
    {
      type: s.literal('close'),
      code: s.integer({minimum: 0, maximum: 65_535, description: 'The status code to send (RFC 6455 §7.4)'}),
      reason: s.string({maxLength: 256, description: 'The reason, at most 123 bytes of UTF-8 (RFC 6455 §5.5.1)'}),
    },
    {description: 'The server sends a close frame with this code and reason, if they may be sent on the wire'},
  ),
]);
export type FaultCommand = s.Infer<typeof FaultCommand>;
export type FaultCommandType = FaultCommand['type'];

/** The payload of the text frame `send-invalid-utf8` sends: "Hi" then 0xC3 0x28, a lead byte with no continuation. */
export const INVALID_UTF8_PAYLOAD: readonly number[] = [0x48, 0x69, 0xc3, 0x28];

/** What `/ws/faults` sends: the announcement of a fault about to happen, or why a command was not carried out. */
export const FaultsServerMessage = s.union([
  s.object(
    {
      type: s.literal('fault'),
      command: s.string({description: 'The `type` of the command carried out'}),
      detail: s.string({description: 'What the server is about to do, in words'}),
    },
    {description: 'Sent just before the server does what the command asked'},
  ),
  s.object({type: s.literal('error'), message: s.string({description: 'Why the command was not carried out'})}),
  s.object(
    {
      type: s.literal('heartbeat-answer'),
      n: s.integer({minimum: 1, maximum: MAX_HEARTBEAT, description: 'The number of the heartbeat answered'}),
      heldMs: s.integer({minimum: 0, description: 'How long the server held the answer back (`delay-pongs`)'}),
    },
    {description: 'The answer to the page’s heartbeat'},
  ),
  s.object(
    {type: s.literal('ping-sent'), n: s.integer({minimum: 1, description: 'The ping’s number on this connection'})},
    {description: 'The server has just sent a ping frame: a page cannot see control frames, so the server says so'},
  ),
  s.object(
    {
      type: s.literal('pong-received'),
      n: s.integer({minimum: 1, description: 'The number of the ping it answers'}),
      roundTripMs: s.number({minimum: 0, description: 'From the ping written to the pong read, on the server’s clock'}),
    },
    {description: 'A pong frame arrived (the browser sent it without telling the page’s script)'},
  ),
  s.object(
    {
      type: s.literal('fault-over'),
      command: s.string({description: 'The `type` of the fault that ended'}),
      detail: s.string({description: 'Why it ended and what the server does now'}),
    },
    {description: 'A timed fault reached its bound: the server ends the connection next'},
  ),
]);
export type FaultsServerMessage = s.Infer<typeof FaultsServerMessage>;
