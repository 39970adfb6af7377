/** The real process: `node demo-server/src/main.ts`, stopped by a signal. */
import {spawn} from 'node:child_process';
import {connect} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {DEMO_SERVER_MAIN, killDemoProcesses, startDemoProcess} from './support/process.ts';

afterEach(killDemoProcesses);

describe('process lifecycle', () => {
  it('on SIGTERM closes every WebSocket with 1001, finishes in-flight HTTP, and exits 0 within 5 s', async () => {
    const running = await startDemoProcess();
    // One client of each kind: ws, and Node's own WebSocket (undici).
    const wsSocket = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${running.port}/ws/echo`);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    const undiciSocket = await new Promise<globalThis.WebSocket>((resolve, reject) => {
      const socket = new globalThis.WebSocket(`ws://127.0.0.1:${running.port}/ws/inspect`);
      socket.addEventListener('open', () => resolve(socket), {once: true});
      socket.addEventListener('error', () => reject(new Error('undici WebSocket failed')), {once: true});
    });
    const closes = [
      new Promise<number>((resolve) => wsSocket.once('close', resolve)),
      new Promise<number>((resolve) =>
        undiciSocket.addEventListener('close', (event) => resolve(event.code), {once: true}),
      ),
    ];

    // An HTTP request in flight: its head is half sent when the signal arrives.
    const http = connect(running.port, '127.0.0.1');
    await new Promise((resolve) => http.once('connect', resolve));
    http.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const answer = new Promise<string>((resolve) => {
      let text = '';
      http.on('data', (chunk: Buffer) => (text += chunk.toString()));
      http.once('close', () => resolve(text));
    });

    const signalledAt = Date.now();
    running.process.kill('SIGTERM');
    expect(await Promise.all(closes)).toEqual([CLOSE_CODES.goingAway, CLOSE_CODES.goingAway]);
    http.write('Connection: close\r\n\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK/);

    const code = await running.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(running.logs.map((entry) => entry.event)).toEqual(expect.arrayContaining(['start', 'shutdown', 'stop']));
  });

  it('exits on SIGINT too', async () => {
    const running = await startDemoProcess();
    running.process.kill('SIGINT');
    expect(await running.exited).toBe(0);
  });

  it('refuses to start with a bad value, naming the variable', async () => {
    // Never starts, so not through startDemoProcess (which waits for the "start" line).
    const proc = spawn(process.execPath, [DEMO_SERVER_MAIN], {
      env: {...process.env, PORT: 'eighty', ALLOWED_ORIGINS: 'not a url'},
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT must be a whole number/);
    expect(stderr).toMatch(/ALLOWED_ORIGINS/);
  });

  it('logs refusals with their reason, one JSON line each', async () => {
    const running = await startDemoProcess();
    const socket = new WebSocket(`ws://127.0.0.1:${running.port}/ws/echo`, {origin: 'https://evil.example'});
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('unexpected-response', resolve));
    socket.terminate();
    await expect
      .poll(() => running.logs.find((entry) => entry.event === 'refuse'))
      .toMatchObject({level: 'warn', status: 403, origin: 'https://evil.example'});
    running.process.kill('SIGTERM');
    await running.exited;
  });
});
