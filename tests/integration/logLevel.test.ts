/** LOG_LEVEL as operators set it: on `node demo-server/src/main.ts`, read at start. */
import {spawn, type ChildProcess} from 'node:child_process';
import {createServer, type AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {DEMO_SERVER_MAIN, killDemoProcesses, startDemoProcess} from './support/process.ts';

/** What startOnFreePort spawned, killed after each test like startDemoProcess's. */
const spawned = new Set<ChildProcess>();
afterEach(() => {
  killDemoProcesses();
  for (const proc of spawned) proc.kill('SIGKILL');
  spawned.clear();
});

/** A free TCP port on loopback, for a server whose start line (info) the level hides. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts main.ts on a port chosen here and waits until it answers /health. */
async function startOnFreePort(env: Record<string, string>) {
  const port = await freePort();
  const proc = spawn(process.execPath, [DEMO_SERVER_MAIN], {
    env: {...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: 'off', ...env},
  });
  spawned.add(proc);
  let stdout = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => proc.once('close', resolve));
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          (response) => response.status,
          () => 0,
        ),
      {timeout: 10_000},
    )
    .toBe(200);
  const events = () =>
    stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => String((JSON.parse(line) as {event: unknown}).event));
  return {port, process: proc, exited, events};
}

/** Makes the server log a refusal (warn): a handshake from a foreign Origin. */
async function refusedHandshake(port: number): Promise<void> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/echo`, {origin: 'https://evil.example'});
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('unexpected-response', resolve));
  socket.terminate();
}

describe('LOG_LEVEL', () => {
  it('debug adds a line per scrape of /metrics, with its size and time', async () => {
    const running = await startDemoProcess({LOG_LEVEL: 'debug'});
    const metricsUrl = running.logs.find((entry) => entry.event === 'start')?.metricsUrl;
    expect(typeof metricsUrl).toBe('string');
    const text = await (await fetch(`${String(metricsUrl)}/metrics`)).text();
    await expect
      .poll(() => running.logs.find((entry) => entry.event === 'scrape'))
      .toMatchObject({level: 'debug', bytes: Buffer.byteLength(text), ms: expect.any(Number) as number});
    running.process.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it.each([
    ['warn', ['refuse']],
    ['error', []],
  ])('at %s, a refused handshake is logged as %j (refusals are warn)', async (level, events) => {
    const running = await startOnFreePort({LOG_LEVEL: level});
    await refusedHandshake(running.port);
    // One more answer after the refusal, so its line (if any) has been written.
    await fetch(`http://127.0.0.1:${running.port}/health`);
    running.process.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    // Neither start, shutdown nor stop (info) is written at these levels. A start-up `config` warning (an
    // open-file limit below what the default totals need, on machines such as this one) is warn too, and
    // depends on the machine, not on the refusal this test is about.
    expect(running.events().filter((event) => event !== 'config')).toEqual(events);
  });

  it('refuses to start with a level it does not know, naming the variable', async () => {
    const proc = spawn(process.execPath, [DEMO_SERVER_MAIN], {env: {...process.env, PORT: '0', LOG_LEVEL: 'verbose'}});
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/LOG_LEVEL must be one of debug, info, warn, error, got "verbose"/);
  });
});
