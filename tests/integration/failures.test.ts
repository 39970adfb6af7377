/**
 * When a handler of the server's own throws, the client that caused it gets
 * an answer (a 500 with problem details, a close 1011 with a reason, a 500
 * envelope) and the process serves everyone else. The real router and the
 * real upgrade handler, on a real HTTP server, with handlers made to fail.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {createClientTracker} from '../../demo-server/src/clients.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {ProblemDetails} from '../../demo-server/src/contract/rest.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {createOriginPolicy, type OriginPolicy} from '../../demo-server/src/origin.ts';
import {createRouter} from '../../demo-server/src/routes/router.ts';
import {createConnectionRegistry} from '../../demo-server/src/ws/connections.ts';
import type {Endpoint} from '../../demo-server/src/ws/endpoint.ts';
import {createUpgradeHandler} from '../../demo-server/src/ws/upgrade.ts';
import {newKey, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const fail = (): never => {
  throw new RangeError('Maximum call stack size exceeded (made to fail by this test)');
};

/** A server with one route of each kind that fails, one that works, and WebSocket endpoints likewise. */
async function start(originPolicy: OriginPolicy = createOriginPolicy(['http://localhost:3000'])): Promise<number> {
  const registry = createConnectionRegistry(DEFAULT_LIMITS);
  const endpoint = (path: Endpoint['path'], accept: Endpoint['accept']): Endpoint => ({path, maxPayload: 1024, accept});
  const handleUpgrade = createUpgradeHandler({
    endpoints: [
      // Echoes, but throws on the message "fail".
      endpoint(ENDPOINTS.echo, (ws, _handshake, {receive}) =>
        receive((data) => (data.toString() === 'fail' ? fail() : ws.send(data))),
      ),
      endpoint(ENDPOINTS.inspect, () => fail()),
    ],
    originPolicy,
    clients: createClientTracker(DEFAULT_LIMITS),
    registry,
    logger: silentLogger,
    trustProxy: false,
  });
  const handleRequest = createRouter({
    routes: {
      '/sync': {methods: ['GET'], handle: () => fail()},
      '/async': {methods: ['GET'], handle: async () => Promise.reject(new Error('rejected'))},
      '/ok': {methods: ['GET'], handle: (_req, res) => void res.end('fine')},
    },
    webSocketPaths: [],
    originPolicy,
    logger: silentLogger,
    maxBodyBytes: 1024,
  });
  server = createServer(handleRequest);
  server.on('upgrade', handleUpgrade);
  server.once('close', () => registry.stop());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('a handler that throws', () => {
  it('over HTTP, now or later: that request gets a 500 with problem details, and the next one is served', async () => {
    const port = await start();
    for (const path of ['/sync', '/async']) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(response.status, path).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(((await response.json()) as ProblemDetails).detail).toBe('The demo server failed to answer this request');
    }
    expect(await (await fetch(`http://127.0.0.1:${port}/ok`)).text()).toBe('fine');
  });

  it('on a WebSocket message: that connection closes 1011 with a reason; it and others are served until then', async () => {
    const port = await start();
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}${ENDPOINTS.echo}`);
        socket.once('open', () => resolve(socket)).once('error', reject);
      });
    const [failing, other] = [await open(), await open()];
    const closed = new Promise<[number, string]>((resolve) =>
      failing.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    failing.send('fail');
    expect(await closed).toEqual([CLOSE_CODES.internalError, 'The server failed to handle that message']);
    const echoed = new Promise<string>((resolve) => other.once('message', (data: Buffer) => resolve(data.toString())));
    other.send('still here');
    expect(await echoed).toBe('still here');
    other.close();
  });

  it('when a connection is accepted: it closes 1011 with a reason', async () => {
    const port = await start();
    const socket = new WebSocket(`ws://127.0.0.1:${port}${ENDPOINTS.inspect}`);
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once('close', (closeCode, closeReason) => resolve([closeCode, closeReason.toString()])),
    );
    expect([code, reason]).toEqual([CLOSE_CODES.internalError, 'The server failed to handle this connection']);
  });

  it('while a handshake is checked: that handshake is refused 500 with problem details', async () => {
    const throwing: OriginPolicy = {allowedOrigins: [], check: () => fail()};
    const port = await start(throwing);
    const {response} = await rawHandshake(port, {path: ENDPOINTS.echo, headers: standardHeaders(port, newKey())});
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({
      status: 500,
      detail: 'The demo server failed to handle this handshake',
    });
  });
});
