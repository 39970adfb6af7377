/**
 * Server-Sent Events across a demo server restart, in Chromium. The restarted
 * server's ids begin again, so the browser's first reconnect asks it for an id
 * it never sent. The fresh stream it answers with must clear that id: Chromium
 * hands the last event ID on from one stream to the next ("The new parser
 * takes over the event ID", Blink's event_source.cc), so without an `id` field
 * of empty value the browser would ask for the old run's id again after the
 * next drop.
 *
 * The restart happens here rather than through the harness: the control port
 * stops the harness's server, and restartedDemoServer.mts serves the same port
 * with the real demo server (this checkout's code) whose first event is ten
 * minutes away, so the drop surely comes before any event of the new run could
 * set a new id.
 *
 * Each reconnect's `Last-Event-ID` is read twice: as Chromium sent it
 * (`request.allHeaders()`, which Playwright takes from the headers the network
 * stack reports as sent on the wire, not from what the page asked for), and as
 * the restarted server parsed it off the socket (the lines it prints).
 */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {expect, test, type Locator, type Request} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract.ts';
import {E2E_CONTROL_URL, E2E_DEMO_SERVER_PORT, E2E_SITE_PORT, E2E_SITE_URL} from './ports.ts';

async function harness(action: 'stop' | 'start'): Promise<void> {
  const response = await fetch(`${E2E_CONTROL_URL}/${action}`, {method: 'POST'});
  expect(response.ok).toBe(true);
}

interface RestartedServer {
  process: ChildProcessWithoutNullStreams;
  /** `Last-Event-ID` of each `/events/stream` request, as the restarted server read it (null: none). */
  streams: (string | null)[];
}

let restarted: RestartedServer | null = null;

/** Starts restartedDemoServer.mts on the harness's port and resolves once it listens. */
function startRestartedServer(): Promise<RestartedServer> {
  const child = spawn(process.execPath, [join(__dirname, 'restartedDemoServer.mts')], {
    env: {
      ...process.env,
      E2E_DEMO_SERVER_PORT: String(E2E_DEMO_SERVER_PORT),
      E2E_SITE_ORIGINS: `${E2E_SITE_URL},http://127.0.0.1:${E2E_SITE_PORT}`,
    },
  });
  const server: RestartedServer = {process: child, streams: []};
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    createInterface({input: child.stdout}).on('line', (line) => {
      const message = JSON.parse(line) as {listening?: string; stream?: {lastEventId: string | null}};
      if (message.listening) resolve(server);
      if (message.stream) server.streams.push(message.stream.lastEventId);
    });
    child.once('exit', (code) => reject(new Error(`restartedDemoServer.mts exited with ${code} before listening`)));
  });
}

test.afterEach(async () => {
  const child = restarted?.process;
  restarted = null;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await harness('start');
});

async function lastId(demo: Locator): Promise<number> {
  return Number(await demo.locator('dl[data-events]').getAttribute('data-last-id'));
}

test('after a restart the fresh stream clears the last event ID: the reconnect after it sends no Last-Event-ID', async ({
  page,
}) => {
  // The old server's shutdown (up to its 4 s grace) and two reconnects at the server's 3 s retry.
  test.setTimeout(60_000);
  const chromiumSent: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === ENDPOINTS.eventsStream) chromiumSent.push(request);
  });
  const lastEventIdSent = async (index: number) => (await chromiumSent[index]!.allHeaders())['last-event-id'];

  await page.goto('/docs/realtime/server-sent-events');
  const demo = page.getByRole('region', {name: 'Server-Sent Events', exact: true});
  const readyState = demo.locator('[data-ready-state]');
  await expect(readyState).toHaveAttribute('data-ready-state', 'OPEN');
  await expect.poll(() => lastId(demo), {timeout: 5_000}).toBeGreaterThan(0);
  const log = demo.getByRole('region', {name: 'What the EventSource did, newest first'});

  // Stopping the server ends the stream. The control port answers once the old server holds no connection, so
  // every request from then on reaches the restarted one, which serves the port again before the browser's retry.
  await harness('stop');
  restarted = await startRestartedServer();
  const serverSaw = restarted.streams;
  const first = chromiumSent.length;

  // The same EventSource reconnects by itself with the old run's last id, which the restarted server never sent.
  await expect.poll(() => serverSaw.length, {timeout: 10_000}).toBe(1);
  const oldId = serverSaw[0];
  expect(Number(oldId), 'the reconnect carried the id of the last event before the restart').toBeGreaterThan(0);
  expect(chromiumSent).toHaveLength(first + 1);
  expect(await lastEventIdSent(first)).toBe(oldId);
  await expect(log.locator('li', {hasText: `does not know event ${oldId}`})).toBeVisible();
  await expect(readyState).toHaveAttribute('data-ready-state', 'OPEN');

  // Dropped before the new run's first event: nothing but the fresh stream's first block set the id since.
  await demo.getByRole('button', {name: 'Drop the stream'}).click();
  await expect(readyState).toHaveAttribute('data-ready-state', 'CONNECTING');
  await expect.poll(() => serverSaw.length, {timeout: 10_000}).toBe(2);
  expect(serverSaw[1], 'the restarted server read no Last-Event-ID on the reconnect').toBeNull();
  expect(chromiumSent).toHaveLength(first + 2);
  expect(await lastEventIdSent(first + 1), 'Chromium sent no Last-Event-ID on the reconnect').toBeUndefined();
});
