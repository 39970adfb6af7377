/**
 * A raw HTTP/1.1 client over `node:net`, for tests that count bytes: it writes the request exactly as given and
 * keeps every byte the server sends, so a test can check a response to the byte (head, framing, body).
 */
import {connect, type Socket} from 'node:net';

export interface RawResponse {
  status: number;
  /** Header fields in the order written, names lower-cased. */
  headers: [string, string][];
  /** The status line and header fields with the blank line, as bytes on the wire. */
  head: Buffer;
  body: Buffer;
  /** Milliseconds from the request's last byte to the response's first byte, and to its last. */
  firstByteMs: number;
  lastByteMs: number;
}

export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([field]) => field === name.toLowerCase())?.[1];
}

/** A connection that sends requests one after another and reads each response by its Content-Length. */
export interface RawConnection {
  request(lines: readonly string[]): Promise<RawResponse>;
  /** Every byte received on the connection so far. */
  readonly received: number;
  /** Resolves when the server ends the connection. */
  readonly ended: Promise<void>;
  close(): void;
}

const HEAD_END = Buffer.from('\r\n\r\n');

export async function rawConnection(url: string): Promise<RawConnection> {
  const {hostname, port} = new URL(url);
  const socket: Socket = connect({host: hostname, port: Number(port)});
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = Buffer.alloc(0);
  let received = 0;
  let wake: (() => void) | null = null;
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  });
  socket.on('close', () => wake?.());
  socket.on('error', () => undefined);
  const more = () => new Promise<void>((resolve) => (wake = resolve));

  return {
    async request(lines) {
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      const sentAt = performance.now();
      let firstByteMs = -1;
      let end = -1;
      for (;;) {
        if (firstByteMs < 0 && buffered.length > 0) firstByteMs = performance.now() - sentAt;
        end = buffered.indexOf(HEAD_END);
        if (end >= 0) break;
        if (socket.readableEnded || socket.destroyed) throw new Error('The connection ended before a response head');
        await more();
        if (firstByteMs < 0 && buffered.length > 0) firstByteMs = performance.now() - sentAt;
      }
      const head = buffered.subarray(0, end + HEAD_END.length);
      const [statusLine = '', ...fieldLines] = head.toString('latin1').trimEnd().split('\r\n');
      const headers = fieldLines.map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      });
      const length = Number(headers.find(([name]) => name === 'content-length')?.[1] ?? 0);
      const bodyLength = lines[0]?.startsWith('HEAD ') ? 0 : length;
      while (buffered.length < head.length + bodyLength) {
        if (socket.destroyed) throw new Error('The connection ended before the body did');
        await more();
      }
      const body = Buffer.from(buffered.subarray(head.length, head.length + bodyLength));
      buffered = buffered.subarray(head.length + bodyLength);
      return {
        status: Number(statusLine.split(' ')[1]),
        headers,
        head: Buffer.from(head),
        body,
        firstByteMs,
        lastByteMs: performance.now() - sentAt,
      };
    },
    get received() {
      return received;
    },
    ended,
    close: () => socket.destroy(),
  };
}

/** One request on a connection of its own. */
export async function rawRequest(url: string, lines: readonly string[]): Promise<RawResponse> {
  const connection = await rawConnection(url);
  try {
    return await connection.request(lines);
  } finally {
    connection.close();
  }
}
