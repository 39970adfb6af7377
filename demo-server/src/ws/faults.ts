/**
 * `/ws/faults`: a WebSocket endpoint that misbehaves on request, one connection at a time, so that a page can
 * watch a connection fail for real. During the handshake (chosen by the query): a 101 naming a subprotocol the
 * client did not offer (`?fault=unoffered-subprotocol`), and two small admission pools with real per-client limits
 * of their own (`?pool=connections`, `?pool=handshakes`) that answer 429 with Retry-After. On an open connection
 * (a FaultCommand): a text frame that is not UTF-8, the TCP connection cut with no close frame, a close frame with
 * the code and reason the page chose, and the liveness faults of `liveness.ts` (pings unanswered, pings stopped,
 * pongs delayed, half-open), beside the connection's own short ping cycle and the answers to the page's
 * heartbeat. What the server did is noted on the page's attempt (`?attempt=`), for `GET /attempts/{id}`.
 */
import type {IncomingMessage} from 'node:http';
import type {WebSocket} from 'ws';
import {createClientTracker, type ClientTracker} from '../clients.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  FAULT_PARAM,
  FAULT_POOLS,
  FaultCommand,
  HANDSHAKE_FAULTS,
  INVALID_UTF8_PAYLOAD,
  POOL_PARAM,
  UNOFFERED_SUBPROTOCOL,
  type FaultPool,
  type FaultsServerMessage,
  type HandshakeFault,
} from '../contract/faults.ts';
import {check} from '../contract/schema.ts';
import {excerpt} from '../http.ts';
import {attemptIdOf} from '../attempts.ts';
import {parseClientJson} from '../json.ts';
import {FAULT_LIMITS} from '../limits.ts';
import type {Endpoint, EndpointAdmission} from './endpoint.ts';
import {LIVENESS_FAULTS, superviseLiveness, type Liveness, type LivenessCommand} from './liveness.ts';

export interface FaultsOptions {
  /** Notes what the server did on the attempt the connection was opened under (if any). */
  note: (client: string, attempt: string, text: string) => void;
  /** The connections' own ping cycle and the bound of a timed fault (tests shorten them). */
  pingIntervalMs?: number;
  maxFaultMs?: number;
  /** Clock of the pools' handshake budgets (tests move it). */
  now?: () => number;
}

/** What the query of a handshake asks for, or a sentence saying what is wrong with it. */
export function parseFaultQuery(
  url: string | undefined,
): {fault: HandshakeFault | null; pool: FaultPool | null} | {error: string} {
  const query = (url ?? '').indexOf('?');
  const params = new URLSearchParams(query < 0 ? '' : (url ?? '').slice(query + 1));
  const faults: readonly string[] = Object.values(HANDSHAKE_FAULTS);
  const fault = params.get(FAULT_PARAM);
  if (fault !== null && !faults.includes(fault)) {
    return {error: `Unknown ?${FAULT_PARAM}=${excerpt(fault)}: this endpoint knows ${faults.join(', ')}`};
  }
  const pool = params.get(POOL_PARAM);
  if (pool !== null && !(FAULT_POOLS as readonly string[]).includes(pool)) {
    return {error: `Unknown ?${POOL_PARAM}=${excerpt(pool)}: this endpoint has the pools ${FAULT_POOLS.join(', ')}`};
  }
  return {fault: fault as HandshakeFault | null, pool: pool as FaultPool | null};
}

/** The largest close reason: a close frame's payload is at most 125 bytes (RFC 6455 §5.5), two of them the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Why a close frame with this code and reason may not be sent, in words, or null when it may (RFC 6455 §7.4,
 * §5.5.1). The same codes `ws` refuses to send, so the server says why rather than throw.
 */
export function closeProblem(code: number, reason: string): string | null {
  const bytes = Buffer.byteLength(reason);
  if (code === 1005 || code === 1006 || code === 1015) {
    return `${code} may not be sent in a close frame: RFC 6455 §7.4.1 keeps it for what an endpoint reports when ${
      code === 1005
        ? 'a close frame had no code'
        : code === 1006
          ? 'a connection ended with no close frame'
          : 'the TLS handshake failed'
    }`;
  }
  if (code === 1004) return '1004 is reserved (RFC 6455 §7.4.1): no endpoint may send it';
  if (code < 1000) return `${code} is not a close code: RFC 6455 §7.4.2 leaves 0–999 unused`;
  if (code > 4999) return `${code} is not a close code: RFC 6455 §7.4.2 defines none above 4999`;
  if (code > 1014 && code < 3000) {
    return `${code} is not assigned: RFC 6455 §7.4.2 reserves 1000–2999 for the protocol and its extensions; use 3000–4999`;
  }
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    return `The reason is ${bytes} bytes of UTF-8: a close frame's payload is at most 125 bytes, 2 of them the code, so the reason at most ${MAX_CLOSE_REASON_BYTES} (RFC 6455 §5.5)`;
  }
  return null;
}

const trackerLimits = (maxConnectionsPerClient: number, handshakesPerMinutePerClient: number) => ({
  maxConnections: FAULT_LIMITS.maxConnections,
  maxConnectionsPerClient,
  handshakesPerMinutePerClient,
  maxTrackedClients: FAULT_LIMITS.maxTrackedClients,
});

export function faultsEndpoint(options: FaultsOptions): Endpoint {
  const {note} = options;
  // The same admission code as the server-wide limits, with numbers small enough to reach on purpose.
  const pools: Record<FaultPool | 'default', ClientTracker> = {
    default: createClientTracker(
      trackerLimits(FAULT_LIMITS.maxConnectionsPerClient, FAULT_LIMITS.handshakesPerMinutePerClient),
      options.now,
    ),
    connections: createClientTracker(
      trackerLimits(FAULT_LIMITS.poolConnectionsPerClient, FAULT_LIMITS.handshakesPerMinutePerClient),
      options.now,
    ),
    handshakes: createClientTracker(
      trackerLimits(FAULT_LIMITS.maxConnectionsPerClient, FAULT_LIMITS.poolHandshakesPerMinutePerClient),
      options.now,
    ),
  };

  /** Each open connection's liveness supervision, let go when it closes. */
  const supervised = new Map<WebSocket, Liveness>();

  return {
    path: ENDPOINTS.faults,
    maxPayload: FAULT_LIMITS.maxMessageBytes,
    maxConnections: FAULT_LIMITS.maxConnections,
    // This endpoint answers pings itself (or, on purpose, not), and pings its connections on a short cycle.
    autoPong: false,
    ownHeartbeat: true,

    closed(ws) {
      supervised.get(ws)?.stop();
      supervised.delete(ws);
    },

    admit(req: IncomingMessage, client: string): EndpointAdmission {
      const asked = parseFaultQuery(req.url);
      if ('error' in asked) return {ok: false, status: 400, reason: asked.error};
      const admission = pools[asked.pool ?? 'default'].admit(client);
      if (admission.ok) return admission;
      const where = asked.pool === null ? ENDPOINTS.faults : `${ENDPOINTS.faults}?${POOL_PARAM}=${asked.pool}`;
      return {
        ok: false,
        status: admission.status,
        reason: `${where}: ${admission.reason}`,
        headers: {'Retry-After': String(admission.retryAfterSeconds)},
      };
    },

    editResponseHead(headers, req) {
      const asked = parseFaultQuery(req.url);
      if ('error' in asked || asked.fault !== HANDSHAKE_FAULTS.unofferedSubprotocol) return;
      // Whatever ws chose (nothing: this endpoint speaks no subprotocol), the answer names one never offered.
      for (let i = headers.length - 1; i > 0; i -= 1) {
        if (headers[i]?.toLowerCase().startsWith('sec-websocket-protocol:')) headers.splice(i, 1);
      }
      headers.push(`Sec-WebSocket-Protocol: ${UNOFFERED_SUBPROTOCOL}`);
    },

    accept(ws, {request, client, socket}, {registry, receive}) {
      // Only the id is kept for the connection's life, not the request.
      const attempt = attemptIdOf(request.url);
      const noteHere = (text: string) => {
        if (attempt !== null) note(client, attempt, text);
      };
      const liveness = superviseLiveness({
        ws,
        socket,
        send: (message) => registry.send(ws, JSON.stringify(message), false),
        note: noteHere,
        pingIntervalMs: options.pingIntervalMs,
        maxFaultMs: options.maxFaultMs,
      });
      supervised.set(ws, liveness);
      const send = (message: FaultsServerMessage) => liveness.send(message);
      receive((data, isBinary) => {
        // Half-open: what ws had read before it paused is not read either.
        if (liveness.fault === 'half-open') return;
        if (isBinary) return send({type: 'error', message: `Send a command as a JSON text message: ${EXAMPLE}`});
        const parsed = parseClientJson(data.toString('utf8'), COMMAND_DEPTH);
        if (!parsed.ok) return send({type: 'error', message: `Send a command as JSON: ${EXAMPLE}`});
        const checked = check(FaultCommand, parsed.value, {name: 'The command'});
        if (!checked.ok) return send({type: 'error', message: checked.problems.join('; ')});
        const command = checked.value;
        if (command.type === 'heartbeat') return liveness.heartbeat(command.n);
        if (liveness.fault !== null) {
          return send({
            type: 'error',
            message: `One fault at a time: ${liveness.fault} is on until this connection ends`,
          });
        }
        if (isLiveness(command)) {
          const refused = liveness.engage(command);
          if (refused !== null) send({type: 'error', message: refused});
          return;
        }
        switch (command.type) {
          case 'send-invalid-utf8': {
            const payload = Buffer.from(INVALID_UTF8_PAYLOAD);
            const hex = [...payload].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
            send({
              type: 'fault',
              command: command.type,
              detail: `Next: a text frame whose payload (${hex}) is not UTF-8`,
            });
            noteHere(`The server sends a text frame (opcode 1) whose payload, ${hex}, is not valid UTF-8.`);
            // ws does not check what it is given to send: the bytes go out as they are, in a text frame.
            ws.send(payload, {binary: false});
            return;
          }
          case 'drop-tcp': {
            const detail = 'Next: the TCP connection closes, with no close frame';
            // Destroyed once the announcement is written, so that it cannot be lost with the socket.
            ws.send(
              JSON.stringify({type: 'fault', command: command.type, detail} satisfies FaultsServerMessage),
              () => {
                noteHere('The server destroys the TCP connection without sending a close frame.');
                ws.terminate();
              },
            );
            return;
          }
          case 'close': {
            const problem = closeProblem(command.code, command.reason);
            if (problem !== null) {
              noteHere(`The server refuses to send close code ${command.code}: ${problem}.`);
              return send({type: 'error', message: problem});
            }
            send({
              type: 'fault',
              command: command.type,
              detail: `Next: a close frame with code ${command.code} and ${command.reason === '' ? 'no reason' : `the reason "${command.reason}"`}`,
            });
            // The close frame itself is noted where every close of an attempt is (upgrade.ts).
            ws.close(command.code, command.reason);
            return;
          }
        }
      });
    },
  };
}

function isLiveness(command: FaultCommand): command is LivenessCommand {
  return (LIVENESS_FAULTS as readonly string[]).includes(command.type);
}

/** A command, for the messages that explain a refused one. */
const EXAMPLE = '{"type":"drop-tcp"}';
/** A command is one flat object. */
const COMMAND_DEPTH = 2;
