/**
 * The inputs a hostile peer found that crashed or stalled the demo server
 * (issue #13), each sent exactly as it was to the real process
 * (`node demo-server/src/main.ts`), with the answer it must get and proof
 * that the process is still serving everyone else afterwards.
 */
import {readFileSync} from 'node:fs';
import {connect, type Socket} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import type {ProblemDetails, SandboxRepresentation} from '../../demo-server/src/contract/rest.ts';
import type {RestResponseEnvelope} from '../../demo-server/src/contract/restWebSocket.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {killDemoProcesses, startDemoProcess, type DemoProcess} from './support/process.ts';
import {startTestServer} from './support/server.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

let running: DemoProcess;
let base: string;

beforeAll(async () => {
  running = await startDemoProcess();
  base = `http://127.0.0.1:${running.port}`;
});
afterAll(killDemoProcesses);

/** The process has not exited and still answers its health check. */
async function stillServing(): Promise<void> {
  expect(running.process.exitCode).toBeNull();
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
}

/** The resident memory of the demo server process, from /proc (Linux). */
function residentBytes(): number {
  const status = readFileSync(`/proc/${running.process.pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kib) * 1024;
}

async function problemOf(response: Response): Promise<ProblemDetails> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  return (await response.json()) as ProblemDetails;
}

async function newSandbox(): Promise<SandboxRepresentation> {
  const response = await fetch(`${base}/api/sandboxes`, {method: 'POST'});
  expect(response.status).toBe(201);
  return (await response.json()) as SandboxRepresentation;
}

describe('a note nested 4,500 levels deep (it overflowed the stack in the validation message)', () => {
  const body = `{"title":"t","body":"b","tags":[${nested(4500)}]}`;

  it('is answered 422 on POST, PUT and PATCH, over /api and /via-cache/api, and the server carries on', async () => {
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_LIMITS.maxApiBodyBytes);
    const sandbox = await newSandbox();
    const notes = sandbox._links.notes.href;
    const requests: Array<[string, string, string]> = [
      ['POST', notes, 'application/json'],
      ['PUT', `${notes}/1`, 'application/json'],
      ['PATCH', `${notes}/1`, 'application/merge-patch+json'],
      ['POST', `/via-cache${notes}`, 'application/json'],
      ['PATCH', `/via-cache${notes}/2`, 'application/merge-patch+json'],
    ];
    for (const [method, path, type] of requests) {
      const response = await fetch(`${base}${path}`, {method, headers: {'Content-Type': type}, body});
      expect(response.status, `${method} ${path}`).toBe(422);
      expect((await problemOf(response)).detail).toMatch(/more than 32 levels deep/);
      await stillServing();
    }
  });

  it('still gets the usual 422 just inside the bound, naming the bad tag in a few words', async () => {
    const {_links} = await newSandbox();
    const response = await fetch(`${base}${_links.notes.href}`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: `{"title":"t","body":"b","tags":[${nested(30)}]}`,
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toMatch(/each tag must be .*; got an array$/);
  });
});

describe('a /ws/rest message whose body nests 5,000 levels (it overflowed the stack in a setImmediate)', () => {
  it('is answered 400 by id on the same connection, which stays open and serves the next request', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${running.port}/ws/rest`);
    const answers: RestResponseEnvelope[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as RestResponseEnvelope | {type: string};
      if ('status' in message) answers.push(message);
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    socket.send(`{"id":1,"method":"GET","path":"/api","body":${nested(5000)}}`);
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toMatchObject({id: null, status: 400});
    expect((answers[0]?.body as ProblemDetails).detail).toMatch(/more than 32 levels deep/);

    socket.send(JSON.stringify({id: 2, method: 'GET', path: '/api'}));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers[1]).toMatchObject({id: 2, status: 200});
    socket.close();
    await stillServing();
  });
});

/** Streams `total` bytes of body after `head` until the server stops the connection; what it wrote and read. */
function sendBody(head: string, total: number): Promise<{answer: string; written: number; elapsedMs: number}> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const socket: Socket = connect(running.port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let answer = '';
    let written = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({answer, written, elapsedMs: Date.now() - startedAt});
    };
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('error', finish);
    socket.on('close', finish);
    const pump = () => {
      while (!done && written < total) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

describe('a cart item of 48 MiB and of 560 MiB (read whole before the 1 KiB bound was checked)', () => {
  it('is answered 413 the moment it passes 1 KiB: the server stops reading and does not grow', async () => {
    const before = residentBytes();
    const head = 'POST /balanced/stateless/cart HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    // A chunked body never says its size up front: the bound can only be found by counting.
    const {answer, written} = await sendBody(`${head}${(48 * 1024 * 1024).toString(16)}\r\n`, 48 * 1024 * 1024);
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toMatch(/"detail":"The body is larger than 1024 bytes"/);
    // The kernel's socket buffers take a few MiB before the connection is cut; never the whole body.
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(residentBytes() - before).toBeLessThan(16 * 1024 * 1024);
    await stillServing();
  });

  it('is answered 413 before any of it is read when Content-Length declares it, on any path', async () => {
    const size = 560 * 1024 * 1024;
    for (const path of ['/balanced/stateless/cart', '/balanced/stateful/cart', '/health']) {
      const {answer, written, elapsedMs} = await sendBody(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`,
        size,
      );
      expect(answer, path).toMatch(/^HTTP\/1\.1 413 /);
      expect(written).toBeLessThan(16 * 1024 * 1024);
      expect(elapsedMs).toBeLessThan(2_000);
    }
    await stillServing();
  });

  it('applies to the REST API bodies too', async () => {
    const {answer, written} = await sendBody(
      'POST /api/sandboxes/x/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10000000\r\n',
      256 * 1024 * 1024,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(written).toBeLessThan(16 * 1024 * 1024);
    await stillServing();
  });
});

describe('slow clients (the timeouts were checked only every 30 s)', () => {
  /**
   * Sends `head` at once, then one byte of `text` every `everyMs` until the
   * server closes the connection; when it closed, and what it answered.
   */
  function trickle(
    port: number,
    head: string,
    text: string,
    everyMs: number,
  ): Promise<{answer: string; closedAfterMs: number}> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.write(head);
      const startedAt = Date.now();
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < text.length && socket.writable) socket.write(text[sent++] ?? '');
      }, everyMs);
      socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
      socket.on('error', () => undefined);
      socket.once('close', () => {
        clearInterval(timer);
        resolve({answer, closedAfterMs: Date.now() - startedAt});
      });
    });
  }

  it('a head sent a byte at a time is cut off with 408 within the 10 s header timeout and a second', async () => {
    const slowloris = 'GET /health HTTP/1.1\r\nHost: x\r\n' + 'X-Slow: a\r\n'.repeat(1000);
    const {answer, closedAfterMs} = await trickle(running.port, '', slowloris, 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toMatch(/application\/problem\+json/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(DEFAULT_LIMITS.headersTimeoutMs - 100);
    expect(closedAfterMs).toBeLessThan(
      DEFAULT_LIMITS.headersTimeoutMs + DEFAULT_LIMITS.connectionsCheckingIntervalMs + 1_000,
    );
    await stillServing();
  }, 20_000);

  describe('with the timeouts shortened', () => {
    let server: DemoServer;
    const limits = {headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, connectionsCheckingIntervalMs: 250};
    beforeAll(async () => {
      server = await startTestServer(limits);
    });
    afterAll(() => server.shutdown());

    it('a body sent a byte at a time is cut off with 408 within the request timeout and one check', async () => {
      // The head arrives at once, in time; the body does not.
      const head = 'POST /api/sandboxes/x/notes HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n';
      const {answer, closedAfterMs} = await trickle(server.port, head, 'a'.repeat(1000), 50);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(closedAfterMs).toBeGreaterThanOrEqual(limits.requestTimeoutMs - 100);
      expect(closedAfterMs).toBeLessThan(limits.requestTimeoutMs + limits.connectionsCheckingIntervalMs + 500);
    });
  });
});
