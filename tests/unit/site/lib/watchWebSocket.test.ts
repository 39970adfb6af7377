/**
 * watchWebSocket against a real server (the `ws` library on a local port), with Node's own WebSocket (undici),
 * which fires the same events in the same order as the WebSockets Standard asks of a browser.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {WebSocketServer} from 'ws';
import {readyStateName, summarise, watchWebSocket, type PageEvent} from '../../../../src/lib/watchWebSocket.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  const wss = new WebSocketServer({noServer: true});
  server = createServer();
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/refuse') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => {
        ws.send(`got ${data.toString()}`);
        ws.close(4001, 'done');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('watchWebSocket', () => {
  it('reports open, what the page sent, the message and the close, in order, with readyState', async () => {
    const events: PageEvent[] = [];
    const socket = watchWebSocket(`${base}/echo`, {number: 1, onEvent: (event) => events.push(event)});
    expect(await socket.opened).toBe(true);
    socket.send('hi', 'the text "hi"');
    expect(await socket.closed).toEqual({code: 4001, reason: 'done', wasClean: true});
    expect(events.map((event) => event.type)).toEqual(['open', 'send', 'message', 'close']);
    expect(events[0]).toMatchObject({readyState: 1, protocol: ''});
    expect(events[1]).toMatchObject({bytes: 2, what: 'the text "hi"'});
    expect(events[2]).toMatchObject({data: 'got hi'});
    expect(events[3]).toMatchObject({readyState: 3, code: 4001, reason: 'done', wasClean: true});
    const times = events.map((event) => event.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reports a refused handshake as the page sees it: error, then close 1006, never open', async () => {
    const events: PageEvent[] = [];
    const socket = watchWebSocket(`${base}/refuse`, {number: 2, onEvent: (event) => events.push(event)});
    expect(await socket.opened).toBe(false);
    expect(await socket.closed).toEqual({code: 1006, reason: '', wasClean: false});
    expect(events.map((event) => [event.type, event.socket, readyStateName(event.readyState)])).toEqual([
      ['error', 2, 'CLOSED'],
      ['close', 2, 'CLOSED'],
    ]);
    expect(summarise(events)).toBe('socket 2 error, socket 2 close 1006 (not clean)');
  });

  it('counts time from a shared start when given one', async () => {
    const events: PageEvent[] = [];
    let clock = 1000;
    const socket = watchWebSocket(`${base}/refuse`, {
      number: 1,
      startedAt: 400,
      now: () => clock,
      onEvent: (event) => events.push(event),
    });
    clock = 1250;
    await socket.closed;
    expect(events.map((event) => event.at)).toEqual([850, 850]);
    expect(summarise(events)).toBe('error, close 1006 (not clean)');
  });
});
