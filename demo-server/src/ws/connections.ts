/**
 * The registry of open WebSocket connections and the supervision every one of
 * them gets, whatever its endpoint: a heartbeat that drops dead peers, an idle
 * timeout, a message rate limit and a bound on unread output.
 */
import {channel} from 'node:diagnostics_channel';
import type {Duplex} from 'node:stream';
import * as wsModule from 'ws';
import type {WebSocket} from 'ws';
import {WEBSOCKET_ENDPOINTS, type WebSocketEndpoint} from '../contract/endpoints.ts';
import {CLOSE_CODES, OPCODES} from '../contract/websocket.ts';
import type {Limits} from '../limits.ts';
import {takeToken as takeFromBucket, type BucketState} from '../tokenBucket.ts';

type SupervisionLimits = Pick<
  Limits,
  'idleTimeoutMs' | 'heartbeatIntervalMs' | 'messagesPerSecond' | 'maxBufferedBytes'
>;

/** What the owner of a connection (the upgrade handler) keeps about it, in the registry's record. */
export interface ConnectionOwner {
  /** The client address its limits are counted against. */
  client: string;
  openedAt: number;
  /** The client's place among the connections it may hold, given back when the connection closes. */
  admission: {release(): void};
  /** The TCP connection under it, whose bytes the metrics count (ws keeps it private). */
  socket: Duplex;
  /** The endpoint pings this connection itself: the server-wide heartbeat skips it. */
  ownHeartbeat?: boolean;
  /** What the endpoint does with a message, once it has asked for them. */
  handler: ((data: Buffer, isBinary: boolean) => void) | undefined;
}

/**
 * Everything kept about one connection, in one object: the listeners and
 * timers that read it are shared by every connection, so one more connection
 * costs this object and a map entry, not a set of closures (and not one
 * record per module that needs something about it).
 */
export interface Supervised extends ConnectionOwner, BucketState {
  endpoint: WebSocketEndpoint;
  /** Answered the last ping (or has not been pinged yet). */
  alive: boolean;
  /** When the client's last message arrived (or the connection opened): the idle timeout counts from here. */
  lastMessageAt: number;
}

/** ws's own frame writer: the header and the payload as two buffers, or one. */
type FrameWriter = (
  data: Buffer,
  options: {fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean},
) => Buffer[];

/**
 * `Sender.frame` (ws/lib/sender.js), which @types/ws does not describe: ws made it a public static so that a
 * broadcast can frame its message once for every client (websockets/ws#1016). It reads no `this`.
 */
function wsFrameWriter(): FrameWriter {
  const {Sender} = wsModule as unknown as {Sender?: {frame?: FrameWriter}};
  if (typeof Sender?.frame !== 'function') throw new Error('This version of ws no longer exports Sender.frame');
  return Sender.frame;
}
const frameOf = wsFrameWriter();

/** One text message framed once, to be written as it is to every connection it goes to. */
export interface PreparedText {
  /** The message's UTF-8 bytes. */
  readonly payload: Buffer;
  /** The whole frame, RFC 6455 §5.2: FIN, the text opcode, no mask (a server's frames are not masked), the length. */
  readonly frame: Buffer;
}

/**
 * Every message `sendPrepared` writes past ws, as `{ws, payload}`: what a tap on ws's `send` would otherwise
 * miss (the integration tests check every message against the published schemas). Published only while
 * someone subscribes.
 */
export const PREPARED_SEND_CHANNEL = 'over-the-wire:ws:prepared-send';
const preparedSend = channel(PREPARED_SEND_CHANNEL);

/** Frames one text message (one frame, FIN set) for `sendPrepared`. */
export function prepareText(payload: Buffer): PreparedText {
  const frame = Buffer.concat(
    frameOf(payload, {fin: true, opcode: OPCODES.text, mask: false, readOnly: false, rsv1: false}),
  );
  return {payload, frame};
}

/**
 * How often idle connections are looked for: a connection is closed between
 * `idleTimeoutMs` and this much later. A second, or a quarter of a short
 * timeout (tests use 200 ms).
 */
export function idleSweepMs(idleTimeoutMs: number): number {
  return Math.max(1, Math.min(1000, Math.floor(idleTimeoutMs / 4)));
}

/** A zero for every WebSocket endpoint of the contract's list. */
function zeroCounts(): Record<WebSocketEndpoint, number> {
  // Built from the list, so every endpoint has its count; `fromEntries` loses the keys' type.
  return Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, 0])) as Record<WebSocketEndpoint, number>;
}

export interface ConnectionRegistry {
  /**
   * Starts supervising a freshly upgraded connection, until `remove`. The registry does not listen for the
   * connection's 'close' itself: its owner's one listener calls `remove` (and the endpoint's `closed`), as
   * a second listener would cost Node an array of them on every connection.
   */
  add(ws: WebSocket, endpoint: WebSocketEndpoint, owner: Omit<ConnectionOwner, 'handler'>): Supervised;
  /** Stops supervising a connection (call it when the connection closes); returns what was kept about it. */
  remove(ws: WebSocket): Supervised | undefined;
  /** What is kept about an open connection. */
  get(ws: WebSocket): Supervised | undefined;
  /** The TCP connections under the open WebSockets. */
  sockets(): IterableIterator<Duplex>;
  /**
   * Counts one incoming message against the rate limit and resets the idle
   * timer. Returns false (and starts closing the connection) when over the limit.
   * Pings and pongs from the client are counted too (each ping makes the
   * server write a pong), without resetting the idle timer.
   */
  noteMessage(ws: WebSocket): boolean;
  /**
   * Sends, then closes with 1008 if the client has stopped reading. `fin:
   * false` sends a fragment; the message continues with the next call.
   */
  send(ws: WebSocket, data: string | Buffer, binary: boolean, fin?: boolean): void;
  /**
   * `send` for a message many connections get (`prepareText`): its frame is written onto the connection's
   * socket as it is, one buffer, where ws would frame it again for each connection and write the header and
   * the payload as two. A connection that negotiated an extension (permessage-deflate compresses for each
   * connection) gets it through ws instead. Not for a connection in the middle of a fragmented message.
   */
  sendPrepared(ws: WebSocket, message: PreparedText): void;
  counts(): {total: number; byEndpoint: Record<WebSocketEndpoint, number>};
  /** Sends a close frame to every connection; resolves once all have closed or `graceMs` passed. */
  closeAll(code: number, reason: string, graceMs: number): Promise<void>;
  /** Stops the heartbeat and idle timers (the registry is unusable afterwards). */
  stop(): void;
}

export function createConnectionRegistry(limits: SupervisionLimits): ConnectionRegistry {
  const connections = new Map<WebSocket, Supervised>();
  const burst = limits.messagesPerSecond * 2;

  const heartbeat = setInterval(() => {
    for (const [ws, state] of connections) {
      if (state.ownHeartbeat === true) continue;
      if (!state.alive) {
        // No pong since the previous ping: the peer or the path to it is gone.
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }, limits.heartbeatIntervalMs);
  heartbeat.unref();

  // One sweep for every connection rather than a timer each (a Timeout, its callback and the callback's
  // scope per connection).
  const idleSweep = setInterval(() => {
    const idleSince = Date.now() - limits.idleTimeoutMs;
    for (const [ws, state] of connections) {
      if (state.lastMessageAt <= idleSince && ws.readyState === ws.OPEN) {
        ws.close(CLOSE_CODES.idleTimeout, `Idle for ${Math.round(limits.idleTimeoutMs / 1000)} s`);
      }
    }
  }, idleSweepMs(limits.idleTimeoutMs));
  idleSweep.unref();

  /** Closes with 1008 a connection whose client has stopped reading (ws counts what its socket still holds). */
  const closeIfNotReading = (ws: WebSocket) => {
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      ws.close(CLOSE_CODES.policyViolation, 'Too much unread data: read the messages you are sent');
    }
  };

  /** Takes one token from the connection's bucket; false (and a 1008 close begun) when there is none. */
  const takeToken = (ws: WebSocket, state: Supervised): boolean => {
    if (takeFromBucket(state, limits.messagesPerSecond, burst, Date.now())) return true;
    ws.close(CLOSE_CODES.policyViolation, `Too many messages: at most ${limits.messagesPerSecond} per second`);
    return false;
  };

  // Shared by every connection: ws calls its listeners with the connection as `this`.
  function onPong(this: WebSocket) {
    const state = connections.get(this);
    if (state === undefined) return;
    state.alive = true;
    takeToken(this, state);
  }
  function onPing(this: WebSocket) {
    const state = connections.get(this);
    if (state !== undefined) takeToken(this, state);
  }

  return {
    add(ws, endpoint, {client, openedAt, admission, socket, ownHeartbeat}) {
      const at = Date.now();
      // Messages, pings and pongs from the client draw on the bucket (tokens, refilledAt).
      const state: Supervised = {
        endpoint,
        client,
        openedAt,
        admission,
        socket,
        ownHeartbeat,
        handler: undefined,
        alive: true,
        lastMessageAt: at,
        tokens: burst,
        refilledAt: at,
      };
      connections.set(ws, state);
      ws.on('pong', onPong);
      ws.on('ping', onPing);
      return state;
    },

    remove(ws) {
      const state = connections.get(ws);
      connections.delete(ws);
      return state;
    },

    get(ws) {
      return connections.get(ws);
    },

    *sockets() {
      for (const state of connections.values()) yield state.socket;
    },

    noteMessage(ws) {
      const state = connections.get(ws);
      if (state === undefined) return false;
      state.lastMessageAt = Date.now();
      return takeToken(ws, state);
    },

    send(ws, data, binary, fin = true) {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(data, {binary, fin});
      closeIfNotReading(ws);
    },

    sendPrepared(ws, message) {
      if (ws.readyState !== ws.OPEN) return;
      const socket = connections.get(ws)?.socket;
      // ws writes every frame of an unextended connection synchronously, in call order, onto this same
      // socket (its queue only holds frames while it compresses), so this frame cannot land inside another.
      if (socket === undefined || ws.extensions !== '') {
        ws.send(message.payload, {binary: false, fin: true});
      } else {
        socket.write(message.frame);
        if (preparedSend.hasSubscribers) preparedSend.publish({ws, payload: message.payload});
      }
      closeIfNotReading(ws);
    },

    counts() {
      const byEndpoint = zeroCounts();
      for (const state of connections.values()) byEndpoint[state.endpoint] += 1;
      return {total: connections.size, byEndpoint};
    },

    async closeAll(code, reason, graceMs) {
      const open = [...connections.keys()];
      const closed = open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            ws.once('close', () => resolve());
            ws.close(code, reason);
          }),
      );
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(closed), deadline]);
      clearTimeout(timer);
      // Whoever did not answer the close frame in time is cut off.
      for (const ws of open) if (ws.readyState !== ws.CLOSED) ws.terminate();
    },

    stop() {
      clearInterval(heartbeat);
      clearInterval(idleSweep);
    },
  };
}
