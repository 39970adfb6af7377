/** Bounds that keep one client from crowding out the rest. */
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {encodeFrame, newKey, OPCODES, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function refusal(url: string): Promise<{status: number; retryAfter: string | undefined}> {
  const socket = new WebSocket(url);
  // Aborting a refused handshake makes ws emit an error: expected here.
  socket.on('error', () => undefined);
  return new Promise((resolve) =>
    socket.once('unexpected-response', (_req, res) => {
      resolve({status: res.statusCode ?? 0, retryAfter: res.headers['retry-after']});
      socket.terminate();
    }),
  );
}

describe('limits', () => {
  it('refuses connections past the per-client cap with 429 and Retry-After, and admits again after one closes', async () => {
    server = await startTestServer({maxConnectionsPerClient: 2});
    const url = `${server.url.replace('http', 'ws')}/ws/echo`;
    const first = await open(url);
    const second = await open(url);
    const refused = await refusal(url);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);

    const closed = new Promise((resolve) => first.once('close', resolve));
    first.close();
    await closed;
    await expect
      .poll(async () => {
        try {
          (await open(url)).close();
          return 'admitted';
        } catch {
          return 'refused';
        }
      })
      .toBe('admitted');
    second.close();
  });

  it('refuses past the total cap with 503 and Retry-After', async () => {
    server = await startTestServer({maxConnections: 1});
    const url = `${server.url.replace('http', 'ws')}/ws/echo`;
    const only = await open(url);
    const refused = await refusal(url);
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBeDefined();
    only.close();
  });

  it('closes a connection that floods messages with 1008 and serves others', async () => {
    server = await startTestServer({messagesPerSecond: 5});
    const url = `${server.url.replace('http', 'ws')}/ws/echo`;
    const flooder = await open(url);
    const closed = new Promise<number>((resolve) => flooder.once('close', resolve));
    for (let i = 0; i < 50; i++) flooder.send(`message ${i}`);
    expect(await closed).toBe(CLOSE_CODES.policyViolation);

    const polite = await open(url);
    const echoed = new Promise<string>((resolve) =>
      polite.once('message', (data) => resolve((data as Buffer).toString('utf8'))),
    );
    polite.send('hello');
    expect(await echoed).toBe('hello');
    polite.close();
  });

  it('closes a connection idle past the timeout with 4000', async () => {
    server = await startTestServer({idleTimeoutMs: 200});
    const socket = await open(`${server.url.replace('http', 'ws')}/ws/echo`);
    const code = await new Promise<number>((resolve) => socket.once('close', resolve));
    expect(code).toBe(CLOSE_CODES.idleTimeout);
  });

  it('drops a peer that stops answering pings within two heartbeat intervals, and keeps one that answers', async () => {
    // 400 ms, not less: the answering client and the server share this process, and a stall of one interval
    // between a ping and the reading of its pong drops the client, as a clean-clone CI run once did at 150 ms.
    server = await startTestServer({heartbeatIntervalMs: 400});
    // A raw client that reads pings but never answers them.
    const {connection: silent} = await rawHandshake(server.port, {
      path: '/ws/echo',
      headers: standardHeaders(server.port, newKey()),
    });
    const answering = await open(`${server.url.replace('http', 'ws')}/ws/echo`);
    const openedAt = Date.now();
    const ping = await silent!.nextFrame();
    expect(ping?.opcode).toBe(OPCODES.ping);
    await silent!.ended;
    const droppedAfter = Date.now() - openedAt;
    // Two intervals, plus slack for a loaded CI machine.
    expect(droppedAfter).toBeLessThan(2 * 400 + 300);
    // ws answers pings by itself, so this one is still open after several intervals.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });

  it('counts pings against the message rate: a ping flood is closed with 1008, each ping having cost a pong', async () => {
    server = await startTestServer({messagesPerSecond: 5});
    const {connection} = await rawHandshake(server.port, {
      path: '/ws/echo',
      headers: standardHeaders(server.port, newKey()),
    });
    // 200 pings in one write: the burst (twice the rate) is answered, then the connection closes.
    connection!.write(Buffer.concat(Array.from({length: 200}, () => encodeFrame(OPCODES.ping, Buffer.from('p')))));
    const opcodes: number[] = [];
    let close: Buffer | undefined;
    for (;;) {
      const frame = await connection!.nextFrame();
      if (frame === null) break;
      opcodes.push(frame.opcode);
      if (frame.opcode === OPCODES.close) {
        close = frame.payload;
        break;
      }
    }
    expect(close?.readUInt16BE(0)).toBe(CLOSE_CODES.policyViolation);
    // The burst of 10, and a token or so refilled while the pings were read.
    expect(opcodes.filter((opcode) => opcode === OPCODES.pong).length).toBeLessThanOrEqual(2 * 5 + 2);
    connection!.destroy();
  });
});
