/**
 * `npm run bench:amplification`: how much work one client can make the demo
 * server do for the bytes it sends, on the paths that cost the server most.
 * For each, it prints what the client sent, what the server sent back (or
 * wrote to its log), and the server's CPU time, measured in the server's own
 * process (the fuzzer's harness: tests/fuzz/harness.ts, on loopback).
 *
 *   npm run bench:amplification
 *
 * A benchmark, not a test: the README quotes its figures. To measure a
 * version before these bounds, check it out beside this one and copy
 * tests/fuzz and this script into it (they only start its server).
 */
import {connect} from 'node:net';
import WebSocket from 'ws';
import {ServerUnderFuzz} from '../tests/fuzz/harness.ts';
import {frame} from '../tests/fuzz/arbitraries.ts';

const server = await ServerUnderFuzz.start();
const base = `http://127.0.0.1:${server.port}`;
const rows: string[][] = [];
const kib = (bytes: number) => (bytes < 10_240 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KiB`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` between a reset and a read of the server's probe; its CPU time. */
async function measured(work: () => Promise<void>): Promise<{cpuMs: number; blockMs: number}> {
  await server.reset();
  await work();
  const probe = await server.read();
  if (probe === null) throw new Error(`The server died: ${server.death}`);
  return {cpuMs: probe.cpuMs, blockMs: probe.maxDelayMs};
}

async function sandbox(): Promise<string> {
  const response = await fetch(`${base}/api/sandboxes`, {method: 'POST'});
  return `${response.headers.get('location')}/notes`;
}

function openSocket(path: string): Promise<{socket: WebSocket; received: () => number}> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
    let bytes = 0;
    socket.on('message', (data: Buffer) => (bytes += data.length));
    socket.once('open', () => resolve({socket, received: () => bytes}));
    socket.once('error', reject);
  });
}

// 1. A change to a resource that many connections WATCH.
for (const watchers of [1, 100, 1_000]) {
  const notes = await sandbox();
  const sockets = await Promise.all(Array.from({length: watchers}, () => openSocket('/ws/rest')));
  const pushes = new Set<WebSocket>();
  for (const {socket} of sockets) {
    socket.on('message', (data: Buffer) => {
      if (data.toString().includes('"changed"')) pushes.add(socket);
    });
    socket.send(JSON.stringify({id: 1, method: 'WATCH', path: `${notes}/1`}));
  }
  await sleep(500);
  const before = sockets.reduce((sum, s) => sum + s.received(), 0);
  const patch = JSON.stringify({title: 'changed'});
  const {cpuMs} = await measured(async () => {
    await fetch(`${base}${notes}/1`, {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: patch,
    });
    while (pushes.size < watchers) await sleep(5);
  });
  const sent = sockets.reduce((sum, s) => sum + s.received(), 0) - before;
  rows.push([
    `PATCH a note that ${watchers.toLocaleString('en')} connections WATCH`,
    kib(patch.length),
    `${kib(sent)} of pushes`,
    `${cpuMs.toFixed(1)} ms`,
  ]);
  for (const {socket} of sockets) socket.terminate();
}

// 2. Handshakes refused for their Origin, each with a 10 KB Origin: what they cost in log.
{
  const origin = `https://${'a'.repeat(10_000)}.example`;
  const count = 1_000;
  const logBefore = server.logBytes;
  const {cpuMs} = await measured(async () => {
    await Promise.all(
      Array.from(
        {length: count},
        () =>
          new Promise<void>((resolve) => {
            const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws/echo`, {headers: {Origin: origin}});
            socket.on('error', () => resolve());
            socket.on('unexpected-response', () => resolve());
          }),
      ),
    );
    await sleep(200);
  });
  rows.push([
    `${count.toLocaleString('en')} handshakes refused for their 10 KB Origin`,
    kib(count * 10_200),
    `${kib(server.logBytes - logBefore)} of log`,
    `${cpuMs.toFixed(0)} ms`,
  ]);
}

// 3. A flood of empty pings on /ws/inspect, in one write.
{
  const pings = 18_000;
  const bytes = Buffer.from(frame({opcode: 9, payload: ''}).repeat(pings), 'latin1');
  let received = 0;
  const {cpuMs, blockMs} = await measured(
    () =>
      new Promise<void>((resolve) => {
        const socket = connect(server.port, '127.0.0.1');
        let upgraded = false;
        socket.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (!upgraded && chunk.includes('\r\n\r\n')) {
            upgraded = true;
            socket.write(bytes);
          }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
        socket.write(
          'GET /ws/inspect HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
        setTimeout(() => socket.destroy(), 2_000);
      }),
  );
  rows.push([
    `${pings.toLocaleString('en')} empty pings on /ws/inspect, in one write`,
    kib(bytes.length),
    kib(received),
    `${cpuMs.toFixed(0)} ms (longest block ${blockMs.toFixed(0)} ms)`,
  ]);
}

// 4. The largest collection a sandbox can hold, read again and again.
{
  const notes = await sandbox();
  // Control characters are escaped as \u0000 in JSON: six bytes out for each one stored.
  for (;;) {
    const response = await fetch(`${base}${notes}`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      // 2,600 of them: 15.6 KiB of JSON, under the 16 KiB body bound.
      body: JSON.stringify({title: 't', body: '\u0001'.repeat(2_600)}),
    }).catch(() => null);
    const status = response?.status ?? 0;
    if (status !== 201) break;
  }
  const reads = 100;
  let sent = 0;
  const request = `GET ${notes} HTTP/1.1\r\nHost: x\r\n\r\n`;
  const {cpuMs} = await measured(async () => {
    for (let i = 0; i < reads; i++) {
      const response = await fetch(`${base}${notes}`);
      sent += (await response.arrayBuffer()).byteLength;
    }
  });
  rows.push([
    'GET a collection filled with control characters',
    kib(request.length),
    kib(sent / reads),
    `${(cpuMs / reads).toFixed(2)} ms`,
  ]);
}

// 5. A note body of 16 KiB of brackets: refused by the depth bound before it is parsed.
{
  const notes = await sandbox();
  const body = `${'['.repeat(8_000)}${']'.repeat(8_000)}`;
  const count = 200;
  const {cpuMs} = await measured(async () => {
    for (let i = 0; i < count; i++) {
      await fetch(`${base}${notes}`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
    }
  });
  rows.push(['POST a note nested 8,000 deep', kib(body.length), 'a 422', `${(cpuMs / count).toFixed(2)} ms`]);
}

await server.stop();

const header = ['What one client does', 'It sends', 'The server sends', 'Server CPU'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of rows) console.log(line(row));
