/**
 * One client process of the capacity benchmark: opens its share of the
 * connections, each from its own client address (X-Forwarded-For), notes
 * when the first event reaches each one, and closes them on command. Forked
 * by scripts/bench-capacity.mts; several run at once, so that no process
 * nears its file-descriptor limit and the clients' work is spread.
 */
import {request} from 'node:http';
import {WebSocket} from 'ws';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {clientAddress, type CapacityTransport, type WorkerCommand, type WorkerReport} from './protocol.mts';

interface Connection {
  close(): void;
}

/** Called with the arrival time (epoch ms) and the event's `emittedAt`, for the first event of a connection. */
type OnEvent = (arrivedAt: number, emittedAt: number) => void;

function send(report: WorkerReport): void {
  if (process.send === undefined) throw new Error('Run this as a child process with an IPC channel (fork)');
  process.send(report);
}

function emittedAtOf(json: string): number {
  const parsed: unknown = JSON.parse(json);
  const event = (parsed as {events?: unknown[]}).events?.[0] ?? parsed;
  const emittedAt = (event as {emittedAt?: unknown}).emittedAt;
  if (typeof emittedAt !== 'number') throw new Error(`No event in ${json.slice(0, 80)}`);
  return emittedAt;
}

function openWebSocket(serverUrl: string, address: string, onEvent: OnEvent): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}${ENDPOINTS.eventsWebSocket}`, {
      headers: {'X-Forwarded-For': address},
      perMessageDeflate: false,
    });
    let first = true;
    ws.on('message', (data) => {
      const arrivedAt = Date.now();
      if (!first) return;
      first = false;
      // ws's default binaryType ('nodebuffer') delivers every message as one Buffer.
      onEvent(arrivedAt, emittedAtOf((data as Buffer).toString('utf8')));
    });
    ws.on('error', (error) => reject(error));
    ws.once('open', () => resolve({close: () => ws.terminate()}));
  });
}

function openStream(serverUrl: string, address: string, onEvent: OnEvent): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const req = request(`${serverUrl}${ENDPOINTS.eventsStream}`, {
      agent: false,
      headers: {'X-Forwarded-For': address, Accept: 'text/event-stream'},
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${ENDPOINTS.eventsStream} answered ${res.statusCode}`));
        return;
      }
      resolve({close: () => req.destroy()});
      res.setEncoding('utf8');
      let buffer = '';
      let first = true;
      res.on('data', (chunk: string) => {
        const arrivedAt = Date.now();
        if (!first) return;
        buffer += chunk;
        // Blocks end with a blank line; the stream's own blocks (`event: stream-start`) carry no event.
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data === undefined || /^event:/m.test(block)) continue;
          first = false;
          onEvent(arrivedAt, emittedAtOf(data));
          return;
        }
      });
    });
    req.end();
  });
}

function openLongPoll(serverUrl: string, address: string, onEvent: OnEvent): Promise<Connection> {
  return new Promise((resolve, reject) => {
    // Without `since`, both servers hold the request until the next event.
    const req = request(`${serverUrl}${ENDPOINTS.eventsLongPoll}`, {
      agent: false,
      headers: {'X-Forwarded-For': address},
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const arrivedAt = Date.now();
        if (res.statusCode === 200) onEvent(arrivedAt, emittedAtOf(Buffer.concat(chunks).toString('utf8')));
      });
    });
    // The server answers only when an event comes: the setup is done once the request is on its way.
    req.on('finish', () => resolve({close: () => req.destroy()}));
    req.end();
  });
}

const OPENERS: Record<CapacityTransport, typeof openWebSocket> = {
  ws: openWebSocket,
  sse: openStream,
  longPoll: openLongPoll,
};

let connections: Connection[] = [];
let delays: number[] = [];

async function open(command: Extract<WorkerCommand, {type: 'open'}>): Promise<void> {
  const opener = OPENERS[command.transport];
  const onEvent: OnEvent = (arrivedAt, emittedAt) => delays.push(arrivedAt - emittedAt);
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const startedAt = Date.now();
  const lane = async () => {
    while (next < command.count) {
      const address = clientAddress(command.firstClient + next);
      next += 1;
      try {
        connections.push(await opener(command.serverUrl, address, onEvent));
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({length: command.concurrency}, lane));
  send({type: 'opened', opened: connections.length, failed, firstError, startedAt, finishedAt: Date.now()});
}

process.on('message', (command: WorkerCommand) => {
  switch (command.type) {
    case 'open':
      void open(command);
      break;
    case 'report':
      send({type: 'received', delays: [...delays], lost: connections.length - delays.length});
      break;
    case 'close':
      for (const connection of connections) connection.close();
      connections = [];
      delays = [];
      send({type: 'closed'});
      break;
  }
});
process.on('disconnect', () => process.exit(0));
send({type: 'ready'});
