/**
 * "Liveness, faults on a live WebSocket": every fault switched on by Chromium for real, each on a fresh connection
 * of one page load. For each, what the page's timeline shows is checked against the frames Playwright saw on the
 * wire (data frames both ways, and the socket's close) and against the server's record the page shows after it.
 * It logs the times it measures; the article quotes those of `npm run bench:when-it-breaks`, which drives the same
 * demo in more runs (scripts/bench-when-it-breaks.mts).
 */
import {expect, test, type Locator, type Page, type WebSocket} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {APP_HEARTBEAT, LIVENESS_CLOSE_CODES} from '../../demo-server/src/contract/faults.ts';
import {FAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {axeViolations} from './accessibility.ts';

const PAGE = '/docs/when-it-breaks/liveness';
/** The half-open case's time: past the page's deadline, short enough for a fast test. */
const HALF_OPEN_MS = 6_000;

interface Frame {
  at: number;
  direction: 'sent' | 'received';
  payload: string;
}

/** Every data frame of every `/ws/faults` socket the page opens, in order, and when each socket closed. */
function watchWire(page: Page): {sockets: {frames: Frame[]; closedAt: number | null}[]} {
  const wire = {sockets: [] as {frames: Frame[]; closedAt: number | null}[]};
  page.on('websocket', (ws: WebSocket) => {
    if (!ws.url().includes(ENDPOINTS.faults)) return;
    const socket = {frames: [] as Frame[], closedAt: null as number | null};
    wire.sockets.push(socket);
    const text = (payload: string | Buffer) => (typeof payload === 'string' ? payload : payload.toString('utf8'));
    ws.on('framesent', ({payload}) => socket.frames.push({at: Date.now(), direction: 'sent', payload: text(payload)}));
    ws.on('framereceived', ({payload}) =>
      socket.frames.push({at: Date.now(), direction: 'received', payload: text(payload)}),
    );
    ws.on('close', () => {
      socket.closedAt = Date.now();
    });
  });
  return wire;
}

const typeOf = (frame: Frame): string => {
  try {
    const parsed: unknown = JSON.parse(frame.payload);
    return typeof parsed === 'object' && parsed !== null && 'type' in parsed ? String(parsed.type) : '';
  } catch {
    return '';
  }
};

/** Timeline entries of one kind, as their `data-at` (ms since the page's open event) and text. */
async function entries(demo: Locator, kind: string): Promise<{at: number; text: string}[]> {
  const items = demo.locator(`[data-testid="liveness-entry"][data-kind="${kind}"]`);
  const found: {at: number; text: string}[] = [];
  for (let i = 0; i < (await items.count()); i += 1) {
    const item = items.nth(i);
    found.push({at: Number(await item.getAttribute('data-at')), text: await item.innerText()});
  }
  return found;
}

async function firstAt(demo: Locator, kind: string): Promise<number> {
  const [entry] = await entries(demo, kind);
  if (entry === undefined) throw new Error(`No ${kind} entry`);
  return entry.at;
}

async function openConnection(demo: Locator): Promise<void> {
  await demo.getByRole('button', {name: /Open a (new )?connection/}).click();
  await expect(demo.getByTestId('liveness-status')).toHaveAttribute('data-status', 'open');
}

async function switchOn(demo: Locator, label: string): Promise<void> {
  await demo.getByRole('radio', {name: label}).check();
  await demo.getByRole('button', {name: 'Switch it on'}).click();
}

/** Waits for the close event and the server's record after it. */
async function closedAndRecorded(demo: Locator): Promise<{close: string; notes: Locator}> {
  await expect(demo.getByTestId('liveness-status')).toHaveAttribute('data-status', 'closed', {timeout: 15_000});
  const notes = demo.getByTestId('server-saw-notes');
  await expect(notes).toBeVisible();
  const [close] = await entries(demo, 'close');
  return {close: close?.text ?? '', notes};
}

test('Liveness: each fault on a live WebSocket, the page’s timeline against the wire and the server’s record', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const wire = watchWire(page);
  await page.goto(PAGE);
  const demo = page.getByRole('region', {name: 'Liveness, faults on a live WebSocket'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  const measured: Record<string, number> = {};

  await test.step('the server stops answering pings: the page’s heartbeat notices and closes, cleanly', async () => {
    await openConnection(demo);
    // The connection works before the fault: a heartbeat answered, a ping of the server's answered by Chromium.
    await expect(demo.locator('[data-kind="heartbeats"]')).toBeVisible();
    await expect(demo.locator('[data-kind="pings"]')).toContainText('1 pong back', {
      timeout: FAULT_LIMITS.pingIntervalMs + 3_000,
    });
    await switchOn(demo, 'The server stops answering pings');
    const {close, notes} = await closedAndRecorded(demo);
    const sentAt = await firstAt(demo, 'sent');
    const faultAt = await firstAt(demo, 'fault');
    const deadAt = await firstAt(demo, 'declared-dead');
    measured.stopAnsweringNoticedAfterMs = deadAt - faultAt;
    // The server's own pings went on after the fault, and Chromium answered them.
    const pingsAfter = (await entries(demo, 'pings')).filter((entry) => entry.at > faultAt);
    expect(pingsAfter.some((entry) => / [1-9]\d* pongs? back/.test(entry.text))).toBe(true);
    // The first heartbeat left unanswered left the page after the command did (one sent before it reaches the server
    // first, and is answered), so the page cannot declare the connection dead sooner than its deadline after that.
    expect(deadAt - sentAt).toBeGreaterThanOrEqual(APP_HEARTBEAT.deadlineMs - 20);
    expect(deadAt - faultAt).toBeLessThan(APP_HEARTBEAT.deadlineMs + APP_HEARTBEAT.intervalMs + 1_500);
    await expect(demo.locator('[data-kind="close-called"]')).toContainText(
      `close(${LIVENESS_CLOSE_CODES.heartbeatMissed}`,
    );
    // The server still reads, so it answers the close frame: a clean close with the page's own code.
    expect(close).toContain(`code ${LIVENESS_CLOSE_CODES.heartbeatMissed}`);
    expect(close).toContain('wasClean true');
    const socket = wire.sockets[0];
    const faultFrame = socket?.frames.findIndex((frame) => typeOf(frame) === 'fault') ?? -1;
    expect(faultFrame).toBeGreaterThan(0);
    const after = socket?.frames.slice(faultFrame) ?? [];
    expect(after.filter((frame) => typeOf(frame) === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(after.filter((frame) => typeOf(frame) === 'heartbeat-answer')).toEqual([]);
    await expect(notes).toContainText('does not answer it');
    // Chromium sent no ping of its own: the server counted none left unanswered.
    await expect(notes).toContainText('left unanswered on purpose: 0 pings');
    await expect(notes).toContainText(`close frame had code ${LIVENESS_CLOSE_CODES.heartbeatMissed}`);
  });

  await test.step('the server stops pinging: nothing happens on the page', async () => {
    await openConnection(demo);
    await switchOn(demo, 'The server stops sending pings');
    await expect(demo.locator('[data-kind="fault"]')).toBeVisible();
    const socket = wire.sockets[1];
    const answersAfterFault = () => {
      const from = socket?.frames.findIndex((frame) => typeOf(frame) === 'fault') ?? -1;
      return from < 0 ? [] : (socket?.frames.slice(from) ?? []);
    };
    // Two ping intervals' worth of heartbeats answered, and not one ping reported.
    await expect
      .poll(() => answersAfterFault().filter((frame) => typeOf(frame) === 'heartbeat-answer').length, {
        timeout: 2 * FAULT_LIMITS.pingIntervalMs + 3_000,
      })
      .toBeGreaterThanOrEqual((2 * FAULT_LIMITS.pingIntervalMs) / APP_HEARTBEAT.intervalMs);
    expect(answersAfterFault().filter((frame) => typeOf(frame) === 'ping-sent')).toEqual([]);
    await expect(demo.locator('[data-kind="declared-dead"]')).toHaveCount(0);
    await demo.getByRole('button', {name: 'Close from the page'}).click();
    const {close, notes} = await closedAndRecorded(demo);
    expect(close).toContain('code 1000');
    expect(close).toContain('wasClean true');
    await expect(notes).toContainText('the server sends no ping');
  });

  await test.step('pongs delayed: answers arrive late, within the deadline, and the page keeps the connection', async () => {
    await openConnection(demo);
    await demo.getByRole('radio', {name: 'Pongs are delayed'}).check();
    await demo.getByRole('spinbutton', {name: 'Delay (ms)'}).fill('800');
    await demo.getByRole('button', {name: 'Switch it on'}).click();
    const socket = wire.sockets[2];
    const late = () =>
      (socket?.frames ?? []).filter(
        (frame) => typeOf(frame) === 'heartbeat-answer' && frame.payload.includes('"heldMs":800'),
      );
    await expect.poll(() => late().length, {timeout: 5_000}).toBeGreaterThanOrEqual(2);
    // The page's run of answered heartbeats after the fault shows the delay in its round trips.
    const runs = await entries(demo, 'heartbeats');
    expect(runs.at(-1)?.text).toMatch(/round trip 8\d\d(\.\d)?/);
    await expect(demo.locator('[data-kind="declared-dead"]')).toHaveCount(0);
    await demo.getByRole('button', {name: 'Close from the page'}).click();
    const {close, notes} = await closedAndRecorded(demo);
    expect(close).toContain('code 1000');
    await expect(notes).toContainText('holds each pong and each heartbeat answer 800 ms');
  });

  await test.step('half-open: the page notices at its deadline; its close waits for the server to cut TCP', async () => {
    await openConnection(demo);
    await demo.getByRole('radio', {name: 'Half-open'}).check();
    await demo.getByRole('spinbutton', {name: 'Cut after (ms)'}).fill(String(HALF_OPEN_MS));
    await demo.getByRole('button', {name: 'Switch it on'}).click();
    const {close, notes} = await closedAndRecorded(demo);
    const sentAt = await firstAt(demo, 'sent');
    const faultAt = await firstAt(demo, 'fault');
    const deadAt = await firstAt(demo, 'declared-dead');
    const closeCalledAt = await firstAt(demo, 'close-called');
    const closeAt = await firstAt(demo, 'close');
    measured.halfOpenNoticedAfterMs = deadAt - faultAt;
    measured.halfOpenCloseEventAfterCloseCallMs = closeAt - closeCalledAt;
    measured.halfOpenCloseEventAfterFaultMs = closeAt - faultAt;
    // The first heartbeat left unanswered left the page after the command did (one sent before it reaches the server
    // first, and is answered), so the page cannot declare the connection dead sooner than its deadline after that.
    expect(deadAt - sentAt).toBeGreaterThanOrEqual(APP_HEARTBEAT.deadlineMs - 20);
    // Chromium sent its close frame and waits for the server's; the close event comes only when the server cuts
    // the TCP connection, at its cap: 1006, not clean. The server's clock starts when it reads the command, after
    // the page sent it and before the page hears of the fault (later still on a loaded machine), so the close comes
    // at least the cap after the command left the page, and well before Chromium's own timeout of a minute.
    expect(closeAt - sentAt).toBeGreaterThanOrEqual(HALF_OPEN_MS - 20);
    expect(closeAt - faultAt).toBeLessThan(HALF_OPEN_MS + 3_000);
    expect(close).toContain('code 1006');
    expect(close).toContain('wasClean false');
    // bufferedAmount did not grow: the kernel's buffers took the heartbeats sent into the silence. At most the one
    // heartbeat sent in the same turn of the event loop is counted (the standard counts it until the next turn).
    const [dead] = await entries(demo, 'declared-dead');
    const buffered = Number(/bufferedAmount (\d+)/.exec(dead?.text ?? '')?.[1]);
    measured.halfOpenBufferedAmount = buffered;
    expect(buffered).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify({type: 'heartbeat', n: 999})));
    const socket = wire.sockets[3];
    const faultFrame = socket?.frames.findIndex((frame) => typeOf(frame) === 'fault') ?? -1;
    expect(socket?.frames.slice(faultFrame + 1).filter((frame) => frame.direction === 'received')).toEqual([]);
    await expect(notes).toContainText('the server cuts the TCP connection with no close frame');
    // Chromium did send its close frame: ws parses it from the socket's unread bytes as it tears the socket down.
    await expect(notes).toContainText(`close frame had code ${LIVENESS_CLOSE_CODES.heartbeatMissed}`);
  });

  await test.step('TCP torn down with no close frame: close 1006 at once, no error event', async () => {
    await openConnection(demo);
    await switchOn(demo, 'TCP torn down, no close frame');
    const {close, notes} = await closedAndRecorded(demo);
    expect(close).toContain('code 1006');
    expect(close).toContain('wasClean false');
    measured.dropTcpCloseAfterFaultMs = (await firstAt(demo, 'close')) - (await firstAt(demo, 'fault'));
    await expect(demo.locator('[data-kind="error"]')).toHaveCount(0);
    await expect(notes).toContainText('without sending a close frame');
  });

  await test.step('the server closes with a chosen code; a code RFC 6455 keeps off the wire is refused', async () => {
    await openConnection(demo);
    await demo.getByRole('radio', {name: 'The server closes with a code'}).check();
    const code = demo.getByRole('textbox', {name: 'Code'});
    const reason = demo.getByRole('textbox', {name: 'Reason'});
    await code.fill('1006');
    await demo.getByRole('button', {name: 'Switch it on'}).click();
    await expect(demo.locator('[data-kind="refused"]')).toContainText('1006 may not be sent in a close frame');
    await expect(demo.getByTestId('liveness-status')).toHaveAttribute('data-status', 'open');
    await code.fill('4321');
    await reason.fill('the reader chose this');
    await demo.getByRole('button', {name: 'Switch it on'}).click();
    const {close, notes} = await closedAndRecorded(demo);
    expect(close).toContain('code 4321');
    expect(close).toContain('reason "the reader chose this"');
    expect(close).toContain('wasClean true');
    await expect(notes).toContainText('The server refuses to send close code 1006');
    await expect(notes).toContainText('The server sends a close frame: code 4321, reason "the reader chose this"');
  });

  await test.step('axe, light and dark, with a timeline, a refusal and the server’s record on screen', async () => {
    const only = 'section[aria-label="Liveness, faults on a live WebSocket"]';
    const light = await axeViolations(page, `${PAGE} [light, after the runs]`, only);
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    const dark = await axeViolations(page, `${PAGE} [dark, after the runs]`, only);
    expect([...light, ...dark]).toEqual([]);
  });

  // The figures the article quotes.
  console.log(`liveness measured: ${JSON.stringify(measured)}`);
});
