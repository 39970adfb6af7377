import type {IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import type {WebSocket} from 'ws';
import type {WebSocketEndpoint} from '../contract/endpoints.ts';
import type {Logger} from '../log.ts';
import type {ConnectionRegistry} from './connections.ts';

/** The opening handshake of an accepted connection, as it crossed the wire. */
export interface AcceptedHandshake {
  request: IncomingMessage;
  /**
   * The response head exactly as written: status line first, then one line per header. Recorded only for
   * an endpoint that sets `reportsResponseHead`; empty for the others.
   */
  responseLines: readonly string[];
  /** The connection's TCP socket, for endpoints that watch the bytes themselves (never to write to). */
  socket: Duplex;
  /** The client address limits are counted against. */
  client: string;
}

export interface EndpointContext {
  registry: ConnectionRegistry;
  logger: Logger;
  /**
   * Listens for this connection's messages. Each one is counted against the
   * message rate first (past it, the connection is closing and the handler is
   * not called); a handler that throws closes this connection alone with 1011
   * and a reason, and the server carries on.
   */
  receive: (handler: (data: Buffer, isBinary: boolean) => void) => void;
}

/**
 * An endpoint's own word on a handshake, before the server-wide admission: a place (given back when the connection
 * closes, or when the server-wide admission refuses it), or a refusal with its status and reason.
 */
export type EndpointAdmission =
  {ok: true; release(): void} | {ok: false; status: number; reason: string; headers?: Record<string, string>};

/** One WebSocket endpoint: a path, its message bound, and what it does with a connection. */
export interface Endpoint {
  path: WebSocketEndpoint;
  maxPayload: number;
  /** Subprotocols this endpoint speaks; the first one the client offers is chosen. */
  subprotocols?: readonly string[];
  /** Accept permessage-deflate (RFC 7692) on this endpoint; off unless set. */
  perMessageDeflate?: boolean;
  /** The endpoint reads `responseLines`: only then is a copy of every 101 response head kept for it. */
  reportsResponseHead?: boolean;
  /**
   * False: ws does not answer pings by itself, and the endpoint answers them (or, on purpose, does not). True
   * by default.
   */
  autoPong?: boolean;
  /**
   * The endpoint pings its connections itself: the server-wide heartbeat leaves them alone (it would ping a
   * connection the endpoint keeps silent on purpose, and end one it keeps half-open).
   */
  ownHeartbeat?: boolean;
  /** Connections this endpoint may hold at once (beyond the server-wide caps); past it, 503. */
  maxConnections?: number;
  /**
   * Checks a handshake the server would otherwise accept, against what this endpoint alone asks (its query, its
   * own limits); called after the origin and RFC 6455 checks, before the server-wide admission.
   */
  admit?(req: IncomingMessage, client: string): EndpointAdmission;
  /**
   * Edits the header lines of the 101 before they are written (the status line is the first): only for an
   * endpoint that misbehaves on purpose.
   */
  editResponseHead?(headers: string[], req: IncomingMessage): void;
  accept(ws: WebSocket, handshake: AcceptedHandshake, context: EndpointContext): void;
  /**
   * Called once when one of its connections has closed: what the endpoint keeps about a connection is
   * let go here, with no 'close' listener of its own on every connection.
   */
  closed?(ws: WebSocket): void;
}
