/** A raw TCP client for tests that read what the demo server writes, byte for byte. */
import {connect, type Socket} from 'node:net';

/**
 * A TCP client that counts its bytes both ways and collects what it receives as text, in latin1: one character per
 * byte, so a length read off the text (a Content-Length, a chunk size) is a count of bytes.
 */
export class CountingSocket {
  readonly socket: Socket;
  sent = 0;
  text = '';
  received = 0;
  readonly #waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.text += chunk.toString('latin1');
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static open(port: number): Promise<CountingSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new CountingSocket(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    this.sent += bytes.length;
    this.socket.write(bytes);
  }

  async until(done: (text: string) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.text)) {
      if (Date.now() > deadline) throw new Error(`timed out; received so far:\n${this.text}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}
