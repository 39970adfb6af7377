/**
 * The registry's `sendPrepared`: a message framed once and written as it is to
 * every connection. A real HTTP server with the real upgrade handler; clients
 * that read the bytes themselves, and `ws` clients.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {createClientTracker} from '../../demo-server/src/clients.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {createOriginPolicy} from '../../demo-server/src/origin.ts';
import {createConnectionRegistry, prepareText, type ConnectionRegistry} from '../../demo-server/src/ws/connections.ts';
import {createUpgradeHandler} from '../../demo-server/src/ws/upgrade.ts';
import {encodeFrame, newKey, OPCODES, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * A server whose one endpoint, /ws/echo (whose messages the published schema lets be any text), only
 * listens: with or without permessage-deflate.
 */
async function start(
  perMessageDeflate = false,
): Promise<{port: number; registry: ConnectionRegistry; accepted: () => Promise<WebSocket>}> {
  const registry = createConnectionRegistry(DEFAULT_LIMITS);
  const waiting: ((ws: WebSocket) => void)[] = [];
  const handleUpgrade = createUpgradeHandler({
    endpoints: [{path: ENDPOINTS.echo, maxPayload: 1024, perMessageDeflate, accept: (ws) => waiting.shift()?.(ws)}],
    originPolicy: createOriginPolicy(['http://localhost:3000']),
    clients: createClientTracker(DEFAULT_LIMITS),
    registry,
    logger: silentLogger,
    trustProxy: false,
  });
  server = createServer();
  server.on('upgrade', handleUpgrade);
  server.once('close', () => registry.stop());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {port, registry, accepted: () => new Promise((resolve) => waiting.push(resolve))};
}

/** Payloads whose lengths take each of the three length forms (RFC 6455 §5.2). */
const payloads = [10, 300, 70_000].map((length) => Buffer.from('x'.repeat(length)));

describe('a message framed once for many connections (sendPrepared)', () => {
  it('reaches a plain connection as exactly one unmasked text frame, in order with what else is sent', async () => {
    const {port, registry, accepted} = await start();
    const serverSide = accepted();
    const {connection} = await rawHandshake(port, {path: ENDPOINTS.echo, headers: standardHeaders(port, newKey())});
    const ws = await serverSide;
    for (const payload of payloads) registry.sendPrepared(ws, prepareText(payload));
    registry.send(ws, 'after', false);

    for (const payload of payloads) {
      const frame = await connection!.nextDataFrame();
      expect(frame).toMatchObject({fin: true, opcode: OPCODES.text, masked: false});
      expect(frame!.payload.equals(payload)).toBe(true);
      // The same bytes an independent encoder makes for that frame.
      expect(prepareText(payload).frame.equals(encodeFrame(OPCODES.text, payload, {mask: false}))).toBe(true);
    }
    expect((await connection!.nextDataFrame())!.payload.toString()).toBe('after');
    connection!.destroy();
  });

  it('reaches a connection that compresses through ws, compressed, as the same text', async () => {
    const {port, registry, accepted} = await start(true);
    const serverSide = accepted();
    const client = new WebSocket(`ws://127.0.0.1:${port}${ENDPOINTS.echo}`, {perMessageDeflate: true});
    const ws = await serverSide;
    expect(ws.extensions).toContain('permessage-deflate');
    const received: string[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer) => {
        received.push(data.toString());
        if (received.length === payloads.length) resolve();
      }),
    );
    for (const payload of payloads) registry.sendPrepared(ws, prepareText(payload));
    await all;
    expect(received).toEqual(payloads.map((payload) => payload.toString()));
    client.close();
  });

  it('sends nothing once the close frame has gone (RFC 6455 §5.5.1)', async () => {
    const {port, registry, accepted} = await start();
    const serverSide = accepted();
    const {connection} = await rawHandshake(port, {path: ENDPOINTS.echo, headers: standardHeaders(port, newKey())});
    const ws = await serverSide;
    ws.close(CLOSE_CODES.normal, 'done');
    registry.sendPrepared(ws, prepareText(payloads[0]!));
    const close = await connection!.nextDataFrame();
    expect(close?.opcode).toBe(OPCODES.close);
    // The client answers the close; the server then ends the connection, and no frame came after its close.
    connection!.sendClose(CLOSE_CODES.normal);
    expect(await connection!.nextDataFrame()).toBeNull();
  });

  it('closes 1008 a connection whose client stopped reading, past maxBufferedBytes', async () => {
    const {port, registry, accepted} = await start();
    const serverSide = accepted();
    const client = new WebSocket(`ws://127.0.0.1:${port}${ENDPOINTS.echo}`);
    const ws = await serverSide;
    await new Promise((resolve) => client.once('open', resolve));
    client.pause();
    const big = prepareText(Buffer.alloc(256 * 1024, 'x'));
    // Enough to fill the kernel's buffers on both sides and then the bound (1 MiB by default).
    for (let i = 0; i < 200 && ws.readyState === ws.OPEN; i++) registry.sendPrepared(ws, big);
    expect(ws.readyState).toBe(ws.CLOSING);
    client.terminate();
  });
});
