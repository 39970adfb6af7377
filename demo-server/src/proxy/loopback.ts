/**
 * Which client a loopback connection from the proxy to the server itself is
 * on behalf of. The proxy forwards each request over its own TCP connection to
 * the server's port; the server then sees 127.0.0.1, and every per-client
 * bound (streams, long polls, WebSockets, attempts) would be shared by all the
 * readers using the proxy. The proxy notes here the connection's two ends when
 * it connects, before it writes a byte, so the server counts each forwarded
 * request against the reader who sent it. Keyed by both ends of a connection
 * this process holds: no other connection can have the same key while it is
 * open, and no header a client writes can claim one.
 *
 * It notes the browser's own exchange with the proxy too, so that the cost
 * meter counts the bytes the reader's connection carried, once, rather than
 * those of the proxy's loopback connection.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';

/** The browser's side of an exchange the proxy forwards. */
export interface Carried {
  /** The reader's address, for the per-client bounds. */
  client: string;
  /** The browser's request to the proxy, on the browser's own connection (`req.socket`). */
  req: IncomingMessage;
  /** The proxy's answer to it; absent for a WebSocket handshake, whose answer goes onto `req.socket`. */
  res?: ServerResponse;
}

const forwardedFor = new Map<string, Carried>();

// A dual-stack listener sees 127.0.0.1 as ::ffff:127.0.0.1.
const plain = (address: string) => (address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address);
const keyOf = (fromAddress: string, fromPort: number, toAddress: string, toPort: number) =>
  `${plain(fromAddress)}|${fromPort}|${plain(toAddress)}|${toPort}`;

/** Notes that `socket`, the proxy's connection to the server, carries this browser's exchange; forgotten when it closes. */
export function carryFor(socket: Socket, carried: Carried): void {
  const {localAddress, localPort, remoteAddress, remotePort} = socket;
  if (localAddress === undefined || localPort === undefined) return;
  if (remoteAddress === undefined || remotePort === undefined) return;
  const key = keyOf(localAddress, localPort, remoteAddress, remotePort);
  forwardedFor.set(key, carried);
  socket.once('close', () => forwardedFor.delete(key));
}

type Ends = Pick<Socket, 'remoteAddress' | 'remotePort' | 'localAddress' | 'localPort'>;

/** The client a connection accepted by the server was opened for by the proxy, if it was. */
export function carriedFor(socket: Ends): string | undefined {
  return carriedExchange(socket)?.client;
}

/** The browser's exchange a connection accepted by the server carries for the proxy, if it does. */
export function carriedExchange(socket: Ends): Carried | undefined {
  if (forwardedFor.size === 0) return undefined;
  const {localAddress, localPort, remoteAddress, remotePort} = socket;
  if (localAddress === undefined || localPort === undefined) return undefined;
  if (remoteAddress === undefined || remotePort === undefined) return undefined;
  return forwardedFor.get(keyOf(remoteAddress, remotePort, localAddress, localPort));
}

/** Connections the proxy holds open to the server (for tests). */
export function carriedCount(): number {
  return forwardedFor.size;
}
