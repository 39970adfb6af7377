/**
 * Recordings, page by page (issue 20 §2–3): each demo's session, played against the current demo server, must
 * record the same signature as the committed recording (else the recording has rotted: `npm run record -- <Demo>`);
 * then, with the server stopped, each demo offers its recording, plays it to the end labelled as a recording, and
 * goes live again by itself when the server returns. The replay's clock is Playwright's, run forward, so a test
 * does not wait out a recording's real pace. And a share link opens the run it was made from, for anyone.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {inflateRawSync} from 'node:zlib';
import {expect, test, type Page} from '@playwright/test';
import type {Recording} from '../../src/lib/recording/format.ts';
import {MAX_SHARE_CHARS, SHARE_PREFIX} from '../../src/lib/recording/share.ts';
import {demoServer} from './demoServerControl.ts';
import {demoRegion, pageRecording, signature, type Session} from './recordings/session.ts';
import {SESSIONS} from './recordings/sessions/index.ts';

// A page's test runs its sessions live, then loads the page again with the server stopped and plays each
// recording: a minute at most on a quiet machine is generous; a busy one needs the rest.
test.describe.configure({mode: 'parallel', timeout: 120_000});

function committed(demo: string): Recording {
  // Playwright loads specs as CommonJS here (no import.meta): paths from __dirname, as freshness.spec.ts does.
  return JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'static', 'recordings', `${demo}.json`), 'utf8'),
  ) as Recording;
}

function status(page: Page, session: Session, value: string) {
  return page.locator(`section[aria-label="${session.title}"][data-demo-status="${value}"]`).first();
}

/**
 * Stops the page's clock where it is: from here only `runFor` moves it. On a busy machine a recording of a second or
 * two would otherwise end, at its real pace, before its first announcement is checked, and a demo's retry would take
 * its offer away while it tries again. The clock runs on while this is asked, so aim a little ahead of it.
 */
async function holdClock(page: Page): Promise<void> {
  await expect(async () => {
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 500));
  }).toPass();
}

/** The pages whose test also watches the demo go live again by itself once the server is back. */
const SWITCH_BACK_PAGES = new Set([
  '/docs/websocket/echo-console',
  '/docs/rest/what-rest-is',
  '/docs/realtime/server-sent-events',
]);

const byPage = new Map<string, Session[]>();
for (const session of SESSIONS) byPage.set(session.page, [...(byPage.get(session.page) ?? []), session]);

for (const [path, sessions] of byPage) {
  const names = sessions.map((session) => session.demo).join(', ');
  test(`${path}: ${names} record what the server sends today, and replay it when the server is gone`, async ({
    page,
    context,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(path);
    for (const session of sessions) {
      await expect(status(page, session, 'live')).toBeVisible();
      await session.run(demoRegion(page, session), page);
      const fresh = await pageRecording(page, session.demo);
      expect(
        signature(fresh, session.unstable),
        `${session.demo}: the committed recording no longer matches what the server sends; run \`npm run record -- ${session.demo}\` and commit it`,
      ).toEqual(signature(committed(session.demo), session.unstable));
    }

    await demoServer('stop');
    try {
      const replay = await context.newPage();
      replay.on('pageerror', (error) => pageErrors.push(error.message));
      await replay.clock.install();
      await replay.goto(path);
      for (const session of sessions) {
        const recording = committed(session.demo);
        // A refused connection fails at once, and the health probe with it: no timer stands between them and
        // Offline, so the clock may be held from there on. (The page loads and mounts its demos on a running clock.)
        await expect(status(replay, session, 'offline')).toBeVisible({timeout: 30_000});
        await holdClock(replay);
        await expect(status(replay, session, 'offline')).toBeVisible();
        const demo = demoRegion(replay, session);
        await demo.getByRole('button', {name: 'Play the recording'}).click();
        await expect(status(replay, session, 'recording')).toBeVisible();
        const date = new Date(recording.recordedAt).toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        });
        await expect(demo.getByText(`Recording from ${date}, not live`)).toBeVisible();
        // (That a replay's start is announced is a unit test's: a short recording may be over before this looks.)
        await replay.clock.runFor(recording.duration + 1_000);
        await expect(demo.locator('[data-replay-state="ended"]')).toBeVisible();
        await expect(demo.getByRole('status')).toContainText('The recording has ended.');
        await session.expectReplay(demo);
      }
      await demoServer('start');
      // The demos' own retries find the server (backoff up to 30 s): run their clock on until each is live again.
      // The switch is the frame's, the same for every demo; it is watched on one page of each way of connecting
      // (a demo socket, the health check of HTTP-only demos, the real-time session), not on every page.
      if (SWITCH_BACK_PAGES.has(path)) {
        for (const session of sessions) {
          await expect(async () => {
            await replay.clock.runFor(5_000);
            await expect(status(replay, session, 'live')).toBeVisible({timeout: 500});
          }).toPass({timeout: 20_000});
          await expect(demoRegion(replay, session).getByRole('status')).toContainText('live again');
        }
      }
    } finally {
      await demoServer('start');
    }
    expect(pageErrors).toEqual([]);
  });
}

test('a run exports as a HAR with its WebSocket messages and as a replay script; a share link opens it for anyone, without the reader’s user agent', async ({
  page,
  browser,
}) => {
  const session = SESSIONS.find((s) => s.demo === 'EchoConsole')!;
  await page.goto(session.page);
  await expect(status(page, session, 'live')).toBeVisible();
  const demo = demoRegion(page, session);
  await session.run(demo, page);

  const [harFile] = await Promise.all([
    page.waitForEvent('download'),
    demo.getByRole('button', {name: 'Download HAR'}).click(),
  ]);
  expect(harFile.suggestedFilename()).toMatch(/^over-the-wire-EchoConsole-[\dT-]+\.har$/);
  const har = JSON.parse(readFileSync(await harFile.path(), 'utf8')) as {
    log: {version: string; entries: {_resourceType?: string; _webSocketMessages?: {type: string; data: string}[]}[]};
  };
  expect(har.log.version).toBe('1.2');
  const socket = har.log.entries.find((entry) => entry._resourceType === 'websocket');
  // What the session sent and the echo returned: 'Hello, echo' as text, then 00 ff 7e as binary (base64 AP9+).
  expect(socket?._webSocketMessages?.map((m) => [m.type, m.data])).toEqual([
    ['send', 'Hello, echo'],
    ['receive', 'Hello, echo'],
    ['send', 'AP9+'],
    ['receive', 'AP9+'],
  ]);
  const [scriptFile] = await Promise.all([
    page.waitForEvent('download'),
    demo.getByRole('button', {name: 'Download curl/websocat script'}).click(),
  ]);
  const script = readFileSync(await scriptFile.path(), 'utf8');
  expect(script.startsWith('#!/bin/sh\n')).toBe(true);
  expect(script).toContain('websocat');
  expect(script).toContain(`SERVER=\${SERVER:-'${new URL(page.url()).protocol}//localhost:`);
  await demo.getByRole('button', {name: 'Make a share link'}).click();
  const link = await demo.getByRole('textbox', {name: 'Link to a replay of this run'}).inputValue();
  const hash = new URL(link).hash;
  expect(hash.startsWith(`${SHARE_PREFIX}EchoConsole.`)).toBe(true);
  const data = hash.slice(`${SHARE_PREFIX}EchoConsole.`.length);
  expect(data.length).toBeLessThanOrEqual(MAX_SHARE_CHARS);
  await expect(demo.getByText(`${data.length.toLocaleString('en')} characters after the`)).toBeVisible();
  const carried = inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8');
  const userAgent = await page.evaluate(() => navigator.userAgent);
  expect(carried).not.toContain(userAgent);
  expect(JSON.parse(carried)).toMatchObject({demo: 'EchoConsole', source: 'shared'});

  // Someone else, with nothing of this reader's: a new context.
  const other = await browser.newContext();
  try {
    const shared = await other.newPage();
    await shared.clock.install();
    await shared.goto(link);
    await expect(status(shared, session, 'recording')).toBeVisible();
    const replayed = demoRegion(shared, session);
    await expect(replayed.locator('[data-replay="shared"]')).toContainText('someone shared with a link');
    await shared.clock.runFor(30_000);
    await expect(replayed.locator('[data-replay-state="ended"]')).toBeVisible();
    await session.expectReplay(replayed);
    await replayed.getByRole('button', {name: 'Go to the live demo'}).click();
    await expect(status(shared, session, 'live')).toBeVisible();
    expect(new URL(shared.url()).hash).toBe('');
  } finally {
    await other.close();
  }
});
