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
 */
import type {Socket} from 'node:net';

const forwardedFor = new Map<string, string>();

// A dual-stack listener sees 127.0.0.1 as ::ffff:127.0.0.1.
const plain = (address: string) => (address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address);
const keyOf = (fromAddress: string, fromPort: number, toAddress: string, toPort: number) =>
  `${plain(fromAddress)}|${fromPort}|${plain(toAddress)}|${toPort}`;

/** Notes that `socket`, the proxy's connection to the server, carries `client`'s requests; forgotten when it closes. */
export function carryFor(socket: Socket, client: string): void {
  const {localAddress, localPort, remoteAddress, remotePort} = socket;
  if (localAddress === undefined || localPort === undefined) return;
  if (remoteAddress === undefined || remotePort === undefined) return;
  const key = keyOf(localAddress, localPort, remoteAddress, remotePort);
  forwardedFor.set(key, client);
  socket.once('close', () => forwardedFor.delete(key));
}

/** The client a connection accepted by the server was opened for by the proxy, if it was. */
export function carriedFor(socket: Pick<Socket, 'remoteAddress' | 'remotePort' | 'localAddress' | 'localPort'>) {
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
