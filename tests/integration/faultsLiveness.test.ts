/**
 * `/ws/faults`, liveness: the connection's own ping cycle and each fault that breaks it, seen by a hand-written RFC
 * 6455 client over raw TCP, which answers pings only when the test says so (a library would answer them by
 * itself). The server runs here with a short ping cycle and a short bound on timed faults; the bounds of the
 * commands themselves are FAULT_LIMITS'.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {FaultsServerMessage, LIVENESS_CLOSE_CODES} from '../../demo-server/src/contract/faults.ts';
import {check, parseJson} from '../../demo-server/src/contract/schema.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {FAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';
import {MAX_CLOSE_REASON_BYTES} from '../../demo-server/src/ws/faults.ts';
import {
  newKey,
  OPCODES,
  rawHandshake,
  standardHeaders,
  type Frame,
  type RawConnection,
} from './support/rfc6455Client.ts';
import {SITE_ORIGIN, testConfig} from './support/server.ts';

const PING_INTERVAL_MS = 200;
const MAX_FAULT_MS = 1_500;

let server: DemoServer;
beforeAll(async () => {
  server = await startServer(
    {...testConfig(), trustProxy: true},
    {logger: silentLogger, faults: {pingIntervalMs: PING_INTERVAL_MS, maxFaultMs: MAX_FAULT_MS}},
  );
});
afterAll(() => server.shutdown());

let counter = 0;
const newId = () => `liveness-${process.pid}-${++counter}`;
let clientCounter = 0;
const newClient = () => `198.51.100.${100 + ++clientCounter}`;

interface Seen {
  at: number;
  frame: Frame;
}

/**
 * A raw connection whose every frame is kept with the time it arrived (ms since the 101). It answers the server's
 * pings while `answerPings` is true, as a browser does; the test turns that off to play a dead peer.
 */
class Followed {
  readonly frames: Seen[] = [];
  answerPings = true;
  readonly ended: Promise<void>;
  readonly #start = performance.now();
  readonly #waiters: {test: (seen: Seen) => boolean; resolve: (seen: Seen) => void}[] = [];
  /** Where `next` looks from: just after the last frame it returned. */
  #cursor = 0;
  constructor(readonly connection: RawConnection) {
    this.ended = (async () => {
      for (let frame = await connection.nextFrame(); frame !== null; frame = await connection.nextFrame()) {
        const seen = {at: this.now(), frame};
        this.frames.push(seen);
        if (frame.opcode === OPCODES.ping && this.answerPings) connection.send(OPCODES.pong, frame.payload);
        const waiter = this.#waiters[0];
        if (waiter?.test(seen) === true) {
          this.#waiters.shift();
          this.#cursor = this.frames.length;
          waiter.resolve(seen);
        }
      }
    })();
  }
  now(): number {
    return performance.now() - this.#start;
  }
  /**
   * The next frame that passes `test`, after the last one `next` returned (frames arrive in bursts: one may be
   * in before the test asks for it); fails the test after `timeoutMs`. One waiter at a time.
   */
  next(test: (seen: Seen) => boolean, timeoutMs = 3_000): Promise<Seen> {
    const found = this.frames.findIndex((seen, index) => index >= this.#cursor && test(seen));
    if (found >= 0) {
      this.#cursor = found + 1;
      return Promise.resolve(this.frames[found] as Seen);
    }
    this.#cursor = this.frames.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No such frame within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({
        test,
        resolve: (seen) => {
          clearTimeout(timer);
          resolve(seen);
        },
      });
    });
  }
  nextMessage(
    type: FaultsServerMessage['type'],
    timeoutMs?: number,
  ): Promise<{at: number; message: FaultsServerMessage}> {
    return this.next((seen) => messageOf(seen.frame)?.type === type, timeoutMs).then((seen) => ({
      at: seen.at,
      message: messageOf(seen.frame) as FaultsServerMessage,
    }));
  }
  command(command: object): void {
    this.connection.send(OPCODES.text, JSON.stringify(command));
  }
  /** Frames of one opcode that arrived after `from`. */
  since(from: number, opcode: number): Seen[] {
    return this.frames.filter((seen) => seen.at > from && seen.frame.opcode === opcode);
  }
}

function messageOf(frame: Frame): FaultsServerMessage | null {
  return frame.opcode === OPCODES.text ? parseJson(FaultsServerMessage, frame.payload.toString('utf8')) : null;
}

async function open(id?: string): Promise<{followed: Followed; client: string}> {
  const client = newClient();
  const path = id === undefined ? ENDPOINTS.faults : `${ENDPOINTS.faults}?attempt=${id}`;
  const {connection} = await rawHandshake(server.port, {
    path,
    headers: standardHeaders(server.port, newKey(), [
      ['Origin', SITE_ORIGIN],
      ['X-Forwarded-For', client],
    ]),
  });
  if (connection === null) throw new Error('not upgraded');
  return {followed: new Followed(connection), client};
}

async function notesOf(id: string, client: string): Promise<string> {
  // Notes are written as the connection ends on the server, a moment after the client sees it end.
  for (let i = 0; i < 100; i += 1) {
    const health = (await (await fetch(`${server.url}${ENDPOINTS.health}`)).json()) as {connections: {total: number}};
    if (health.connections.total === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const res = await fetch(`${server.url}${ENDPOINTS.attempts}/${id}`, {
    headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
  });
  expect(res.status).toBe(200);
  const checked = check(AttemptRecord, await res.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value.notes.map((n) => n.text).join('\n');
}

const closeCodeOf = (seen: Seen) => seen.frame.payload.readUInt16BE(0);

describe('/ws/faults: the connection’s own heartbeat', () => {
  it('pings on its short cycle, reports each ping and pong to the client, and notes them', async () => {
    const id = newId();
    const {followed, client} = await open(id);
    const first = await followed.next((seen) => seen.frame.opcode === OPCODES.ping);
    expect(first.frame.payload.toString()).toBe('1');
    const sent = await followed.nextMessage('pong-received');
    expect(sent.message).toMatchObject({type: 'pong-received', n: 1});
    expect(followed.frames.some((seen) => messageOf(seen.frame)?.type === 'ping-sent')).toBe(true);
    const second = await followed.next(
      (seen) => seen.frame.opcode === OPCODES.ping && seen.frame.payload.toString() === '2',
    );
    // The cycle, read between two pings: the client's clock starts only when it has read the 101, which a busy
    // machine once delayed enough to see the first ping 125 ms "after" it on a 200 ms cycle.
    expect(second.at - first.at).toBeGreaterThanOrEqual(PING_INTERVAL_MS * 0.8);
    // The client's own ping is answered with the same payload (RFC 6455 §5.5.3).
    followed.connection.send(OPCODES.ping, 'are you there');
    const pong = await followed.next((seen) => seen.frame.opcode === OPCODES.pong);
    expect(pong.frame.payload.toString()).toBe('are you there');
    // And the page's heartbeat, at once.
    followed.command({type: 'heartbeat', n: 7});
    expect((await followed.nextMessage('heartbeat-answer')).message).toEqual({
      type: 'heartbeat-answer',
      n: 7,
      heldMs: 0,
    });
    followed.connection.sendClose(CLOSE_CODES.normal);
    await followed.ended;
    const notes = await notesOf(id, client);
    expect(notes).toMatch(/The server sends ping 1\./);
    expect(notes).toMatch(/The server reads the pong to ping 1, [\d.]+ ms after sending it\./);
    expect(notes).toMatch(/In all: \d+ pings sent, \d+ pongs read \(round trips? [\d.]+/);
  });

  it('cuts the TCP connection, with no close frame, when a ping goes unanswered until the next', async () => {
    const id = newId();
    const {followed, client} = await open(id);
    followed.answerPings = false;
    await followed.ended;
    const pings = followed.frames.filter((seen) => seen.frame.opcode === OPCODES.ping);
    expect(pings).toHaveLength(1);
    expect(followed.frames.some((seen) => seen.frame.opcode === OPCODES.close)).toBe(false);
    expect(await notesOf(id, client)).toMatch(/No pong to ping 1 within 0\.2 s: the server takes the client for gone/);
  });
});

describe('/ws/faults: liveness faults', () => {
  it('stop-answering-pings: no pong, no heartbeat answer; it still pings; closed with 4003 at its bound', async () => {
    const id = newId();
    const {followed, client} = await open(id);
    followed.command({type: 'stop-answering-pings'});
    const engaged = await followed.nextMessage('fault');
    expect(engaged.message).toMatchObject({command: 'stop-answering-pings'});
    followed.connection.send(OPCODES.ping, 'hello?');
    followed.command({type: 'heartbeat', n: 1});
    const from = followed.now();
    const over = await followed.nextMessage('fault-over', MAX_FAULT_MS + 1_000);
    expect(over.at - engaged.at).toBeGreaterThanOrEqual(MAX_FAULT_MS * 0.9);
    const close = await followed.next((seen) => seen.frame.opcode === OPCODES.close);
    expect(closeCodeOf(close)).toBe(LIVENESS_CLOSE_CODES.faultOver);
    expect(followed.since(from, OPCODES.pong)).toHaveLength(0);
    expect(followed.frames.some((seen) => messageOf(seen.frame)?.type === 'heartbeat-answer')).toBe(false);
    // Its own pings go on, and the client's pongs are read.
    expect(followed.since(from, OPCODES.ping).length).toBeGreaterThanOrEqual(3);
    followed.connection.sendClose(LIVENESS_CLOSE_CODES.faultOver);
    await followed.ended;
    const notes = await notesOf(id, client);
    expect(notes).toMatch(/reads a ping from the client and does not answer it/);
    expect(notes).toMatch(/reads heartbeat 1 from the page and does not answer it/);
    expect(notes).toMatch(/The fault has run for 1\.5 s, its bound/);
    expect(notes).toMatch(/left unanswered on purpose: 1 ping, 1 heartbeat\./);
  });

  it('stop-pinging: no ping after it, and nothing else changes', async () => {
    const {followed} = await open();
    await followed.next((seen) => seen.frame.opcode === OPCODES.ping);
    followed.command({type: 'stop-pinging'});
    const engaged = await followed.nextMessage('fault');
    followed.command({type: 'heartbeat', n: 2});
    expect((await followed.nextMessage('heartbeat-answer')).message).toMatchObject({n: 2, heldMs: 0});
    followed.connection.send(OPCODES.ping, 'x');
    await followed.next((seen) => seen.frame.opcode === OPCODES.pong);
    await followed.nextMessage('fault-over', MAX_FAULT_MS + 1_000);
    // Seven ping intervals went by without one.
    expect(followed.since(engaged.at, OPCODES.ping)).toHaveLength(0);
    followed.connection.destroy();
  });

  it('delay-pongs: pong and heartbeat answer held for the delay; one pong for several pings', async () => {
    const delayMs = 400;
    const {followed} = await open();
    followed.command({type: 'delay-pongs', delayMs});
    await followed.nextMessage('fault');
    const sentAt = followed.now();
    followed.connection.send(OPCODES.ping, 'a');
    followed.connection.send(OPCODES.ping, 'b');
    followed.command({type: 'heartbeat', n: 3});
    const answer = await followed.nextMessage('heartbeat-answer');
    expect(answer.message).toEqual({type: 'heartbeat-answer', n: 3, heldMs: delayMs});
    expect(answer.at - sentAt).toBeGreaterThanOrEqual(delayMs - 5);
    await vi.waitFor(() => expect(followed.since(sentAt, OPCODES.pong)).toHaveLength(1));
    const pong = followed.since(sentAt, OPCODES.pong)[0] as Seen;
    expect(pong.at - sentAt).toBeGreaterThanOrEqual(delayMs - 5);
    // RFC 6455 §5.5.3: a pong for the most recent ping only.
    expect(pong.frame.payload.toString()).toBe('b');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    expect(followed.frames.filter((seen) => seen.frame.opcode === OPCODES.pong)).toHaveLength(1);
    followed.connection.destroy();
  });

  it(`delay-pongs: a delay outside ${FAULT_LIMITS.minPongDelayMs}–${FAULT_LIMITS.maxPongDelayMs} ms is refused`, async () => {
    const {followed} = await open();
    followed.command({type: 'delay-pongs', delayMs: FAULT_LIMITS.maxPongDelayMs + 1});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /delayMs/});
    followed.command({type: 'delay-pongs', delayMs: FAULT_LIMITS.minPongDelayMs - 1});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /delayMs/});
    // Still no fault on: another may be switched on.
    followed.command({type: 'stop-pinging'});
    expect((await followed.nextMessage('fault')).message).toMatchObject({command: 'stop-pinging'});
    // One at a time.
    followed.command({type: 'delay-pongs', delayMs: 500});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /One fault at a time: stop-pinging/});
    followed.command({type: 'close', code: 1000, reason: ''});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /One fault at a time/});
    followed.connection.destroy();
  });

  it('half-open: nothing written, nothing read, then the TCP connection cut; what it holds stays bounded', async () => {
    const id = newId();
    const {followed, client} = await open(id);
    const forMs = FAULT_LIMITS.minHalfOpenMs;
    followed.command({type: 'half-open', forMs});
    const engaged = await followed.nextMessage('fault');
    // The client goes on: a ping, a heartbeat, a close frame, then far more than any buffer of the server's.
    followed.connection.send(OPCODES.ping, 'still there?');
    followed.command({type: 'heartbeat', n: 4});
    followed.connection.sendClose(CLOSE_CODES.normal, 'bye');
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 64; i += 1) followed.connection.send(OPCODES.binary, chunk);
    await followed.ended;
    const endedAt = followed.now();
    expect(endedAt - engaged.at).toBeGreaterThanOrEqual(forMs * 0.95);
    expect(endedAt - engaged.at).toBeLessThan(forMs + 1_000);
    // Not one frame after the announcement: no ping, no pong, no answer, no close frame.
    expect(followed.frames.filter((seen) => seen.at > engaged.at)).toEqual([]);
    const notes = await notesOf(id, client);
    const held = /holding (\d+) unread bytes, at most (\d+) by the socket's high-water mark/.exec(notes);
    expect(held).not.toBeNull();
    // Node reads past its high-water mark by at most one read (64 KiB); 4 MiB stayed in the kernel, or unsent.
    expect(Number(held?.[1])).toBeLessThanOrEqual(Number(held?.[2]) + 64 * 1024);
    expect(notes).toMatch(/the server cuts the TCP connection with no close frame/);
    // As it tears the socket down, ws parses what the socket had buffered unread (ws/lib/websocket.js,
    // socketOnClose), and finds the client's close frame there: read only after the cut.
    expect(notes).toMatch(/the client's close frame had code 1000, reason "bye"/);
  });

  it(`half-open: a time outside ${FAULT_LIMITS.minHalfOpenMs}–${FAULT_LIMITS.maxHalfOpenMs} ms is refused`, async () => {
    const {followed} = await open();
    followed.command({type: 'half-open', forMs: FAULT_LIMITS.maxHalfOpenMs + 1});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /forMs/});
    followed.command({type: 'half-open'});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /forMs/});
    followed.connection.destroy();
  });
});

describe('/ws/faults: close with a chosen code', () => {
  it('sends the close frame asked for, code and reason, and notes it', async () => {
    const id = newId();
    const {followed, client} = await open(id);
    followed.command({type: 'close', code: 4321, reason: 'chosen by the reader'});
    expect((await followed.nextMessage('fault')).message).toMatchObject({command: 'close'});
    const close = await followed.next((seen) => seen.frame.opcode === OPCODES.close);
    expect(closeCodeOf(close)).toBe(4321);
    expect(close.frame.payload.subarray(2).toString()).toBe('chosen by the reader');
    followed.connection.sendClose(4321);
    await followed.ended;
    expect(await notesOf(id, client)).toMatch(
      /The server sends a close frame: code 4321, reason "chosen by the reader"\./,
    );
  });

  it('refuses the codes RFC 6455 keeps off the wire, and a reason over 123 bytes, and stays open', async () => {
    const {followed} = await open();
    const refusals: [number, string, RegExp][] = [
      [1005, '', /1005 may not be sent in a close frame: RFC 6455 §7\.4\.1/],
      [1006, '', /1006 may not be sent .* a connection ended with no close frame/],
      [1015, '', /1015 may not be sent .* TLS/],
      [1004, '', /1004 is reserved/],
      [999, '', /999 is not a close code/],
      [5000, '', /5000 is not a close code/],
      [2000, '', /2000 is not assigned/],
      [1000, 'é'.repeat(62), /The reason is 124 bytes of UTF-8/],
    ];
    for (const [code, reason, expected] of refusals) {
      followed.command({type: 'close', code, reason});
      expect((await followed.nextMessage('error')).message).toMatchObject({message: expected});
    }
    followed.command({type: 'close', code: 70_000, reason: ''});
    expect((await followed.nextMessage('error')).message).toMatchObject({message: /code/});
    // At the bound exactly, it is sent.
    const longest = `${'é'.repeat(61)}a`;
    expect(Buffer.byteLength(longest)).toBe(MAX_CLOSE_REASON_BYTES);
    followed.command({type: 'close', code: 1000, reason: longest});
    const close = await followed.next((seen) => seen.frame.opcode === OPCODES.close);
    expect(close.frame.payload.subarray(2).toString()).toBe(longest);
    followed.connection.destroy();
  });
});

describe('/ws/faults and the server-wide heartbeat', () => {
  it('pings its connections itself: the server-wide heartbeat leaves them alone, and pings the others', async () => {
    // A server-wide heartbeat far faster than /ws/faults' own cycle, which is long here.
    const quick = await startServer(
      {...testConfig({heartbeatIntervalMs: 150}), trustProxy: true},
      {logger: silentLogger, faults: {pingIntervalMs: 60_000}},
    );
    try {
      const headers = (client: string) =>
        standardHeaders(quick.port, newKey(), [
          ['Origin', SITE_ORIGIN],
          ['X-Forwarded-For', client],
        ]);
      const faults = await rawHandshake(quick.port, {path: ENDPOINTS.faults, headers: headers(newClient())});
      const echo = await rawHandshake(quick.port, {path: ENDPOINTS.echo, headers: headers(newClient())});
      if (faults.connection === null || echo.connection === null) throw new Error('not upgraded');
      const followedFaults = new Followed(faults.connection);
      const followedEcho = new Followed(echo.connection);
      await followedEcho.next((seen) => seen.frame.opcode === OPCODES.ping);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(followedEcho.frames.filter((seen) => seen.frame.opcode === OPCODES.ping).length).toBeGreaterThanOrEqual(3);
      expect(followedFaults.frames.filter((seen) => seen.frame.opcode === OPCODES.ping)).toEqual([]);
      faults.connection.destroy();
      echo.connection.destroy();
    } finally {
      await quick.shutdown();
    }
  });
});
