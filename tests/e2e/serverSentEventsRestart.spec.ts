/**
 * Server-Sent Events across a demo server restart, in Chromium. The restarted
 * server's ids begin again, so the browser's first reconnect asks it for an id
 * it never sent. The fresh stream it answers with must clear that id: Chromium
 * hands the last event ID on from one stream to the next ("The new parser
 * takes over the event ID", Blink's event_source.cc), so without an `id` field
 * of empty value the browser would ask for the old run's id again after the
 * next drop. The first test shows this with a bare EventSource; the second
 * shows the demo, which also opens a new EventSource without the old run's id
 * in its URL (the server falls back to `?lastEventId=` when no header comes).
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
import {expect, test, type Locator, type Page, type Request} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {demoServer} from './demoServerControl.ts';
import {E2E_DEMO_SERVER_PORT, E2E_DEMO_SERVER_URL, E2E_SITE_PORT, E2E_SITE_URL} from './ports.ts';

interface StreamRequest {
  /** `Last-Event-ID` as the restarted server read it (null: none). */
  lastEventId: string | null;
  /** The `lastEventId` query parameter (null: none). */
  query: string | null;
}

interface RestartedServer {
  process: ChildProcessWithoutNullStreams;
  /** Every `/events/stream` request the restarted server received, in order. */
  streams: StreamRequest[];
  /** Binds the harness's port; resolves once it is served. */
  listen: () => Promise<void>;
}

let restarted: RestartedServer | null = null;

/**
 * Starts restartedDemoServer.mts and resolves once its code is loaded, before
 * it binds the port: `listen()` then serves the port within milliseconds.
 */
function startRestartedServer(): Promise<RestartedServer> {
  const child = spawn(process.execPath, [join(__dirname, 'restartedDemoServer.mts')], {
    env: {
      ...process.env,
      E2E_DEMO_SERVER_PORT: String(E2E_DEMO_SERVER_PORT),
      E2E_SITE_ORIGINS: `${E2E_SITE_URL},http://127.0.0.1:${E2E_SITE_PORT}`,
    },
  });
  let listening = (): void => undefined;
  const server: RestartedServer = {
    process: child,
    streams: [],
    listen: () =>
      new Promise((resolve) => {
        listening = resolve;
        child.stdin.write('listen\n');
      }),
  };
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    createInterface({input: child.stdout}).on('line', (line) => {
      const message = JSON.parse(line) as {ready?: true; listening?: string; stream?: StreamRequest};
      if (message.ready) resolve(server);
      if (message.listening) listening();
      if (message.stream) server.streams.push(message.stream);
    });
    child.once('exit', (code) => reject(new Error(`restartedDemoServer.mts exited with ${code} before listening`)));
  });
}

/** Stops the harness's demo server and serves its port with a restarted one whose ids begin again. */
async function restartDemoServer(): Promise<RestartedServer> {
  restarted = await startRestartedServer();
  // The control port answers once the old server holds no connection, so every request from then on
  // reaches the restarted one, which serves the port again before the browser's retry.
  await demoServer('stop');
  await restarted.listen();
  return restarted;
}

test.afterEach(async () => {
  const child = restarted?.process;
  restarted = null;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await demoServer('start');
});

/** Records the `/events/stream` requests Chromium sends from `page`. */
function streamRequests(page: Page): {
  sent: Request[];
  lastEventIdSent: (index: number) => Promise<string | undefined>;
} {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === ENDPOINTS.eventsStream) sent.push(request);
  });
  return {sent, lastEventIdSent: async (index) => (await sent[index]!.allHeaders())['last-event-id']};
}

test("a bare EventSource: the fresh stream after a restart clears the old run's id, so the next reconnect sends none", async ({
  page,
}) => {
  // The old server's shutdown and two reconnects at the server's 3 s retry.
  test.setTimeout(60_000);
  const {sent, lastEventIdSent} = streamRequests(page);
  // A page of the site, for an origin the demo server allows; the article's own demo stays stopped.
  await page.goto('/docs/intro');
  const session = 'restart-bare-eventsource';
  const streamUrl = `${E2E_DEMO_SERVER_URL}${ENDPOINTS.eventsStream}?session=${session}`;
  await page.evaluate((url) => {
    const source = new EventSource(url);
    const seen: {ids: string[]; starts: string[]} = {ids: [], starts: []};
    Object.assign(window, {seen});
    source.addEventListener('message', (event) => seen.ids.push(event.lastEventId));
    source.addEventListener('stream-start', (event) => seen.starts.push(event.data as string));
  }, streamUrl);
  const seen = () => page.evaluate(() => (window as unknown as {seen: {ids: string[]; starts: string[]}}).seen);
  await expect.poll(async () => (await seen()).ids.length, {timeout: 5_000}).toBeGreaterThan(0);
  expect(sent).toHaveLength(1);

  const server = await restartDemoServer();
  // Chromium reconnects by itself with the old run's last id, in the header: nothing in the URL says it.
  await expect.poll(() => server.streams.length, {timeout: 10_000}).toBe(1);
  const oldId = server.streams[0]!.lastEventId;
  expect(Number(oldId), 'the reconnect carried the id of the last event before the restart').toBeGreaterThan(0);
  expect(oldId).toBe((await seen()).ids.at(-1));
  expect(server.streams[0]!.query).toBeNull();
  // Playwright reports the page's request a moment after the server has read it: wait for it, do not race it.
  await expect.poll(() => sent.length).toBeGreaterThanOrEqual(2);
  expect(await lastEventIdSent(1)).toBe(oldId);
  // The restarted server answers with a fresh stream that says it does not know that id.
  await expect.poll(async () => (await seen()).starts.at(-1) ?? '').toContain(`"aheadOfNewest":${oldId}`);

  // Dropped before the new run's first event: only the fresh stream's empty `id` field set the id since.
  const dropped = await fetch(`${E2E_DEMO_SERVER_URL}${ENDPOINTS.eventsStreamDrop}?session=${session}`, {
    method: 'POST',
    headers: {Origin: E2E_SITE_URL},
  });
  expect(await dropped.json()).toEqual({dropped: 1});
  await expect.poll(() => server.streams.length, {timeout: 10_000}).toBe(2);
  expect(server.streams[1], 'the restarted server read no Last-Event-ID on the reconnect').toEqual({
    lastEventId: null,
    query: null,
  });
  await expect.poll(() => sent.length).toBe(3);
  expect(await lastEventIdSent(2), 'Chromium sent no Last-Event-ID on the reconnect').toBeUndefined();
});

async function lastId(demo: Locator): Promise<number> {
  return Number(await demo.locator('dl[data-events]').getAttribute('data-last-id'));
}

test('the demo after a restart: says its ids began again, leaves the old id behind, and a drop reconnects clean', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const {sent, lastEventIdSent} = streamRequests(page);
  await page.goto('/docs/realtime/server-sent-events');
  const demo = page.getByRole('region', {name: 'Server-Sent Events', exact: true});
  const readyState = demo.locator('[data-ready-state]');
  await expect(readyState).toHaveAttribute('data-ready-state', 'OPEN');
  await expect.poll(() => lastId(demo), {timeout: 5_000}).toBeGreaterThan(0);
  const log = demo.getByRole('region', {name: 'What the EventSource did, newest first'});
  const first = sent.length;

  const server = await restartDemoServer();
  // The browser's own reconnect carries the old run's id; the server does not know it, and the page says so.
  await expect.poll(() => server.streams.length, {timeout: 10_000}).toBeGreaterThan(0);
  const oldId = server.streams[0]!.lastEventId;
  expect(Number(oldId), 'the reconnect carried the id of the last event before the restart').toBeGreaterThan(0);
  await expect.poll(() => sent.length).toBeGreaterThan(first);
  expect(await lastEventIdSent(first)).toBe(oldId);
  await expect(log.locator('li', {hasText: `does not know event ${oldId}`})).toBeVisible();
  // That EventSource's URL still names the id it started after; the page replaces it with one that names none.
  await expect.poll(() => server.streams.length).toBe(2);
  expect(server.streams[1]).toEqual({lastEventId: null, query: null});
  await expect(readyState).toHaveAttribute('data-ready-state', 'OPEN');

  // Dropped before the new run's first event: the reconnect asks to resume after nothing, in header or URL.
  await demo.getByRole('button', {name: 'Drop the stream'}).click();
  await expect(readyState).toHaveAttribute('data-ready-state', 'CONNECTING');
  await expect.poll(() => server.streams.length, {timeout: 10_000}).toBe(3);
  expect(server.streams[2], 'the restarted server read no id on the reconnect').toEqual({
    lastEventId: null,
    query: null,
  });
  await expect.poll(() => sent.length).toBe(first + 3);
  expect(await lastEventIdSent(first + 2), 'Chromium sent no Last-Event-ID on the reconnect').toBeUndefined();
  await expect(readyState).toHaveAttribute('data-ready-state', 'OPEN');
});
