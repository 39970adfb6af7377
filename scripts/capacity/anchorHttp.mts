/**
 * The HTTP anchor of the capacity benchmark: a bare `node:http` server that
 * serves the event stream as Server-Sent Events and as long polls, the minimal
 * way (no bounds, no heartbeat, no backlog, no resumption), on the demo
 * server's paths. Forked with --expose-gc by scripts/bench-capacity.mts.
 */
import {once} from 'node:events';
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {answerCommands, reportListening} from './serverChild.mts';

const streams = new Set<ServerResponse>();
const parked = new Set<ServerResponse>();

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://anchor.invalid').pathname;
  if (path === ENDPOINTS.eventsStream) {
    res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store'});
    res.flushHeaders();
    streams.add(res);
    res.once('close', () => streams.delete(res));
  } else if (path === ENDPOINTS.eventsLongPoll) {
    parked.add(res);
    res.once('close', () => parked.delete(res));
  } else {
    res.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');

let id = 0;
answerCommands(() => {
  id += 1;
  const event = {id, emittedAt: Date.now(), value: 100};
  const block = `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;
  for (const res of streams) res.write(block);
  const body = JSON.stringify({events: [event], latestId: id});
  for (const res of parked) {
    res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)});
    res.end(body);
  }
  parked.clear();
  return event;
});
reportListening((server.address() as AddressInfo).port);
