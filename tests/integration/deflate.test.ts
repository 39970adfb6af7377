/** permessage-deflate (RFC 7692) on /ws/inspect-deflate, seen through the frame reports. */
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {
  parseInspectMessage,
  type FrameReport,
  type InspectServerMessage,
} from '../../demo-server/src/contract/inspect.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

/** A ws client that offers permessage-deflate, with a queue of parsed messages. */
async function open(path: string) {
  const socket = new WebSocket(`${server!.url.replace('http', 'ws')}${path}`, {perMessageDeflate: true});
  const queue: InspectServerMessage[] = [];
  const waiters: Array<(message: InspectServerMessage) => void> = [];
  socket.on('message', (data) => {
    const message = parseInspectMessage((data as Buffer).toString('utf8'));
    if (!message) return;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = () => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise<InspectServerMessage>((resolve) => waiters.push(resolve));
  };
  const nextReport = async (): Promise<FrameReport> => {
    for (;;) {
      const message = await next();
      if (message.type === 'frame' && (message.opcode === 1 || message.opcode === 2)) return message;
    }
  };
  return {socket, next, nextReport};
}

// Repetitive, as real JSON traffic is: it compresses well.
const MESSAGE = JSON.stringify(Array.from({length: 40}, (_, i) => ({id: i, type: 'event', status: 'ok'})));

describe('permessage-deflate', () => {
  it('is negotiated on /ws/inspect-deflate: frames carry RSV1 and fewer bytes than the message', async () => {
    server = await startTestServer();
    const {socket, next, nextReport} = await open('/ws/inspect-deflate');
    expect(socket.extensions).toContain('permessage-deflate');
    expect((await next()).type).toBe('handshake');

    socket.send(MESSAGE);
    const clientFrame = await nextReport();
    expect(clientFrame).toMatchObject({direction: 'client-to-server', rsv1: true, masked: true});
    expect(clientFrame.payloadLength).toBeLessThan(MESSAGE.length / 3);
    const serverFrame = await nextReport();
    expect(serverFrame).toMatchObject({direction: 'server-to-client', rsv1: true});
    socket.close();
  });

  it('is declined on /ws/inspect: the same message crosses uncompressed', async () => {
    server = await startTestServer();
    const {socket, next, nextReport} = await open('/ws/inspect');
    expect(socket.extensions).toBe('');
    expect((await next()).type).toBe('handshake');
    socket.send(MESSAGE);
    expect(await nextReport()).toMatchObject({rsv1: false, payloadLength: MESSAGE.length});
    socket.close();
  });

  it('has a connection cap of its own: 503 with Retry-After past it', async () => {
    server = await startTestServer({maxDeflateConnections: 1});
    const {socket} = await open('/ws/inspect-deflate');
    const refused = new WebSocket(`${server.url.replace('http', 'ws')}/ws/inspect-deflate`);
    refused.on('error', () => undefined);
    const response = await new Promise<{status: number; retryAfter: string | undefined}>((resolve) =>
      refused.once('unexpected-response', (_req, res) =>
        resolve({status: res.statusCode ?? 0, retryAfter: res.headers['retry-after']}),
      ),
    );
    expect(response).toEqual({status: 503, retryAfter: '30'});
    refused.terminate();
    socket.close();
  });
});
