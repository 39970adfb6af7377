/**
 * The WebSocket anchor of the capacity benchmark: a bare `ws` server (the
 * demo server's own version of `ws`, its default options) that broadcasts
 * each event to every client, the minimal way. Forked with --expose-gc by
 * scripts/bench-capacity.mts.
 */
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import {WebSocketServer} from 'ws';
import {answerCommands, reportListening} from './serverChild.mts';

const wss = new WebSocketServer({host: '127.0.0.1', port: 0});
await once(wss, 'listening');
let id = 0;
answerCommands(() => {
  id += 1;
  const event = {id, emittedAt: Date.now(), value: 100};
  const data = JSON.stringify(event);
  for (const ws of wss.clients) ws.send(data);
  return event;
});
reportListening((wss.address() as AddressInfo).port);
