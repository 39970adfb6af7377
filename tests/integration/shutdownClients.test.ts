/**
 * Shutdown as each of the three clients sees it, and shutdown bounded in time
 * whatever misbehaving clients hold open: one that never answers the close
 * frame, one that keeps a refused handshake's connection half open, one whose
 * HTTP request head never completes.
 */
import {connect, type Socket} from 'node:net';
import {afterEach, describe, expect, it, vi} from 'vitest';
import WebSocket from 'ws';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {
  newKey,
  OPCODES,
  rawHandshake,
  standardHeaders,
  type Frame,
  type RawConnection,
} from './support/rfc6455Client.ts';
import {killDemoProcesses, startDemoProcess} from './support/process.ts';
import {startTestServer} from './support/server.ts';

function closeCode(frame: Frame | null): number | null {
  if (frame?.opcode !== OPCODES.close) throw new Error(`Expected a close frame, got ${JSON.stringify(frame)}`);
  return frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
}

async function rawOpen(port: number): Promise<RawConnection> {
  const {response, connection} = await rawHandshake(port, {path: '/ws/echo', headers: standardHeaders(port, newKey())});
  if (response.status !== 101 || connection === null) throw new Error(`Handshake refused: ${response.statusLine}`);
  return connection;
}

/** A raw client that completes the closing handshake as §5.5.1 asks: resolves with the server's code. */
async function rawAnswersClose(connection: RawConnection): Promise<number | null> {
  const frame = await connection.nextDataFrame();
  const code = closeCode(frame);
  connection.send(OPCODES.close, frame!.payload.subarray(0, 2));
  await connection.ended;
  return code;
}

function wsOpen(url: string): Promise<{socket: WebSocket; closed: Promise<number>}> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({socket, closed}));
    socket.once('error', reject);
  });
}

function undiciOpen(url: string): Promise<{socket: globalThis.WebSocket; closed: Promise<CloseEvent>}> {
  const socket = new globalThis.WebSocket(url);
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener('close', resolve, {once: true}));
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve({socket, closed}), {once: true});
    socket.addEventListener('error', () => reject(new Error('undici WebSocket failed to open')), {once: true});
  });
}

interface Stragglers {
  /** Resolves once the server has ended the connections whose end the client can see. */
  allEnded(): Promise<void>;
  destroy(): void;
}

/**
 * Three clients that would hold a naive shutdown open: a WebSocket that never
 * answers the close frame, a refused handshake whose client keeps its half of
 * the connection open, and an HTTP request whose head never ends.
 */
async function openStragglers(port: number): Promise<Stragglers> {
  const sockets: Socket[] = [];
  const ended = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

  const silent = await rawOpen(port);

  const refused = connect({port, host: '127.0.0.1', allowHalfOpen: true});
  sockets.push(refused);
  refused.resume();
  refused.write(
    [
      'GET /ws/echo HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Origin: https://evil.example',
      `Sec-WebSocket-Key: ${newKey()}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  // The server has answered 403 and ended its side; this client does not end its own.
  await new Promise((resolve) => refused.once('end', resolve));

  const slow = connect({port, host: '127.0.0.1'});
  sockets.push(slow);
  await new Promise((resolve) => slow.once('connect', resolve));
  slow.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');

  const slowEnded = ended(slow);
  return {
    // The refused client has already seen the server's FIN; that the server let
    // go of its side shows in shutdown() resolving (server.close waits for it).
    async allEnded() {
      await Promise.all([silent.ended, slowEnded]);
    },
    destroy() {
      silent.destroy();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe('shutdown() of the server in process', () => {
  let server: DemoServer | undefined;
  afterEach(async () => {
    await server?.shutdown();
    server = undefined;
  });

  it('closes every kind of client with 1001 and returns as soon as all have answered', async () => {
    server = await startTestServer({shutdownGraceMs: 3_000});
    const url = `${server.url.replace('http', 'ws')}/ws/echo`;
    const raw = await rawOpen(server.port);
    const ws = await wsOpen(url);
    const undici = await undiciOpen(url);
    const rawClosed = rawAnswersClose(raw);

    const startedAt = Date.now();
    await server.shutdown();
    // Nobody needed the grace period.
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    expect(await rawClosed).toBe(CLOSE_CODES.goingAway);
    expect(await ws.closed).toBe(CLOSE_CODES.goingAway);
    const event = await undici.closed;
    expect(event.code).toBe(CLOSE_CODES.goingAway);
    expect(event.wasClean).toBe(true);
  });

  it('closes the kept-alive connections of the streams and long polls it ends, without waiting out the grace period', async () => {
    server = await startTestServer({shutdownGraceMs: 3_000});
    const port = server.port;
    // HTTP/1.1 connections stay open after a response unless one side says otherwise: after the server ends a
    // stream or a long poll, a reconnecting browser could send its next request down the same connection.
    const held = await Promise.all(
      [ENDPOINTS.eventsStream, ENDPOINTS.eventsLongPoll].map(async (path) => {
        const socket = connect({port, host: '127.0.0.1'});
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
        if (path === ENDPOINTS.eventsStream) {
          await vi.waitFor(() => expect(received).toMatch(/^HTTP\/1\.1 200 /), {timeout: 2_000});
        } else {
          // A long poll answers nothing until an event comes; give the server a moment to park it.
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return {socket, closed, received: () => received};
      }),
    );
    try {
      const startedAt = Date.now();
      await server.shutdown();
      expect(Date.now() - startedAt).toBeLessThan(1_500);
      // The server closed both connections itself, after ending each response properly.
      await Promise.all(held.map(({closed}) => closed));
      const [stream, longPoll] = held.map(({received}) => received());
      expect(stream).toMatch(/0\r\n\r\n$/);
      expect(longPoll).toMatch(/^HTTP\/1\.1 \d{3} /);
    } finally {
      for (const {socket} of held) socket.destroy();
    }
  });

  it('ends within the grace period even with clients that hold connections open', async () => {
    const graceMs = 300;
    server = await startTestServer({shutdownGraceMs: graceMs});
    const stragglers = await openStragglers(server.port);
    const ws = await wsOpen(`${server.url.replace('http', 'ws')}/ws/echo`);
    try {
      const startedAt = Date.now();
      await server.shutdown();
      const took = Date.now() - startedAt;
      // One grace period for everything, not one after another, and not the refusal's own linger.
      expect(took).toBeGreaterThanOrEqual(graceMs - 50);
      expect(took).toBeLessThan(graceMs + 700);
      await stragglers.allEnded();
      // The well-behaved client next to them was closed properly.
      expect(await ws.closed).toBe(CLOSE_CODES.goingAway);
    } finally {
      stragglers.destroy();
    }
  });
});

describe('SIGTERM to `node demo-server/src/main.ts`', () => {
  afterEach(killDemoProcesses);

  it('closes a raw, a ws and a Node WebSocket client with 1001, then exits 0 within 5 s', async () => {
    const running = await startDemoProcess();
    const url = `ws://127.0.0.1:${running.port}/ws/echo`;
    const raw = await rawOpen(running.port);
    const ws = await wsOpen(url);
    const undici = await undiciOpen(url);
    const rawClosed = rawAnswersClose(raw);

    const signalledAt = Date.now();
    running.process.kill('SIGTERM');
    expect(await rawClosed).toBe(CLOSE_CODES.goingAway);
    expect(await ws.closed).toBe(CLOSE_CODES.goingAway);
    expect((await undici.closed).code).toBe(CLOSE_CODES.goingAway);
    expect(await running.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    // Config warnings (an open-file limit below the totals, on a small machine) may come before it.
    expect(running.events.filter((event) => event !== 'config')[0]).toBe('start');
    expect(running.events).toContain('shutdown');
    expect(running.events).not.toContain('shutdown-timeout');
    expect(running.events.at(-1)).toBe('stop');
  });

  it('still exits 0 within 5 s when clients hold connections open', async () => {
    const running = await startDemoProcess();
    const stragglers = await openStragglers(running.port);
    try {
      const signalledAt = Date.now();
      running.process.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(5_000);
      expect(running.events).not.toContain('shutdown-timeout');
      expect(running.events.at(-1)).toBe('stop');
    } finally {
      stragglers.destroy();
    }
  });
});
