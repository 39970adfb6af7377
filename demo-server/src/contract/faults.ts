/**
 * `/ws/faults`: a WebSocket endpoint that misbehaves on request, so that a page can make a connection fail for
 * real and show what the browser told it beside what the server did. What happens during the opening handshake
 * is chosen by the query (`?fault=`, `?pool=`); what happens on an open connection, by a FaultCommand the page
 * sends. Every fault is scoped to the one connection that asked for it.
 */
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

/**
 * What the page asks the server to do on an open connection: one JSON text message each. A union tagged by
 * `type`, so that later faults (liveness: pings, pongs, half-open) join it as members of their own.
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
]);
export type FaultsServerMessage = s.Infer<typeof FaultsServerMessage>;
