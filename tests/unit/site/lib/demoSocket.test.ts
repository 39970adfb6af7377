import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DemoSocket, type DemoSocketOptions, type DemoSocketState} from '../../../../src/lib/demoSocket.ts';

/** Just enough of a browser WebSocket for DemoSocket, driven by the test. */
class FakeSocket extends EventTarget {
  readyState = 0;
  binaryType: BinaryType = 'blob';
  protocol = '';
  offered: string[] = [];
  sent: unknown[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  constructor(readonly url: string) {
    super();
  }
  send(data: unknown) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    // As browsers do (WHATWG WebSockets, close()): pages may only use 1000 or 3000–4999.
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(
        `The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        'InvalidAccessError',
      );
    }
    this.closedWith = [code, reason];
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: string) {
    this.dispatchEvent(new MessageEvent('message', {data}));
  }
  serverClose(code: number, reason = '', wasClean = true) {
    this.readyState = 3;
    this.dispatchEvent(new CloseEvent('close', {code, reason, wasClean}));
  }
  failToConnect() {
    this.readyState = 3;
    this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new CloseEvent('close', {code: 1006, wasClean: false}));
  }
}

function setup(overrides: Partial<DemoSocketOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const states: DemoSocketState[] = [];
  const probe = vi.fn<(url: string) => Promise<boolean>>().mockResolvedValue(false);
  const demo = new DemoSocket({
    serverUrl: 'http://localhost:8787',
    path: '/ws/inspect',
    createSocket: (url, protocols) => {
      const socket = new FakeSocket(url);
      socket.offered = protocols;
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    probe,
    random: () => 0,
    onStateChange: (state) => states.push(state),
    ...overrides,
  });
  const latest = () => sockets.at(-1)!;
  return {demo, sockets, states, probe, latest};
}

/** Lets the /health probe's promise settle without moving the fake clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DemoSocket', () => {
  it('connects to the ws:// form of the server URL and goes live on open', () => {
    const {demo, latest} = setup();
    demo.connect();
    expect(latest().url).toBe('ws://localhost:8787/ws/inspect');
    expect(demo.state.status).toBe('connecting');
    latest().open();
    expect(demo.state).toMatchObject({status: 'live', opens: 1, failures: 0});
    expect(latest().binaryType).toBe('arraybuffer');
  });

  it('passes messages on and sends only while live', () => {
    const onMessage = vi.fn();
    const {demo, latest} = setup({onMessage});
    demo.connect();
    expect(demo.send('too early')).toBe(false);
    latest().open();
    latest().receive('hello');
    expect(onMessage).toHaveBeenCalledOnce();
    expect(demo.send('hi')).toBe(true);
    expect(latest().sent).toEqual(['hi']);
  });

  it('reports an unreachable server and retries with growing delays', async () => {
    const {demo, sockets, latest, probe} = setup();
    demo.connect();
    latest().failToConnect();
    await settle();
    expect(demo.state.status).toBe('offline');
    expect(probe).toHaveBeenCalledWith('http://localhost:8787/health');
    expect(demo.state).toMatchObject({offlineReason: 'unreachable', failures: 1});
    expect(demo.state.nextRetryAt).toBe(Date.now() + 1_000);

    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    expect(demo.state.status).toBe('connecting');

    latest().failToConnect();
    await settle();
    expect(demo.state.status).toBe('offline');
    expect(demo.state.nextRetryAt).toBe(Date.now() + 2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sockets).toHaveLength(3);

    latest().open();
    expect(demo.state).toMatchObject({status: 'live', failures: 0, offlineReason: null, nextRetryAt: null});
  });

  it('tells a refusal from a dead server when /health answers', async () => {
    const {demo, latest, probe} = setup();
    probe.mockResolvedValue(true);
    demo.connect();
    latest().failToConnect();
    await settle();
    expect(demo.state.offlineReason).toBe('refused');
  });

  it('reconnects after the server goes away (1001) or the connection drops (1006)', async () => {
    const {demo, sockets, latest} = setup();
    demo.connect();
    latest().open();
    latest().serverClose(1001, 'Server shutting down');
    expect(demo.state).toMatchObject({
      status: 'offline',
      offlineReason: 'dropped',
      lastClose: {code: 1001, reason: 'Server shutting down'},
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
    latest().open();
    latest().serverClose(1006, '', false);
    expect(demo.state.status).toBe('offline');
  });

  it('does not reconnect after a close the server meant: idle timeout, policy, too big', () => {
    for (const code of [4000, 1008, 1009, 1000]) {
      const {demo, sockets, latest} = setup();
      demo.connect();
      latest().open();
      latest().serverClose(code, 'reason');
      expect(demo.state.status).toBe('closed');
      vi.advanceTimersByTime(60_000);
      expect(sockets).toHaveLength(1);
    }
  });

  it('“reconnect” abandons the current socket and cancels a scheduled retry', async () => {
    const {demo, sockets, latest} = setup();
    demo.connect();
    const first = latest();
    first.open();
    demo.connect();
    expect(first.closedWith?.[0]).toBe(1000);
    expect(sockets).toHaveLength(2);
    // Late events from the abandoned socket change nothing.
    first.serverClose(1006, '', false);
    expect(demo.state.status).toBe('connecting');

    latest().failToConnect();
    await settle();
    expect(demo.state.status).toBe('offline');
    demo.connect();
    expect(sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(3);
  });

  it('after dispose, closes with 1000 (pages may not send 1001), schedules nothing and reports nothing', async () => {
    const {demo, sockets, states, latest} = setup();
    demo.connect();
    latest().failToConnect();
    demo.dispose();
    const reported = states.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(states).toHaveLength(reported);

    const other = setup();
    other.demo.connect();
    other.latest().open();
    other.demo.dispose();
    expect(other.latest().closedWith?.[0]).toBe(1000);
  });
});

describe('DemoSocket for demos about closing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('with reconnectAfterDrop: false, a server close (even 1001) leaves it closed with the CloseEvent', async () => {
    const {demo, sockets, latest} = setup({reconnectAfterDrop: false});
    demo.connect();
    latest().open();
    latest().serverClose(1001, 'Server shutting down');
    expect(demo.state).toMatchObject({
      status: 'closed',
      lastClose: {code: 1001, reason: 'Server shutting down', wasClean: true},
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('closeAndReport sends the close and records the resulting CloseEvent, with no retry', async () => {
    const {demo, sockets, latest} = setup();
    demo.connect();
    latest().open();
    demo.closeAndReport(4001, 'reader chose this');
    expect(latest().closedWith).toEqual([4001, 'reader chose this']);
    latest().dispatchEvent(new CloseEvent('close', {code: 4001, reason: 'reader chose this', wasClean: true}));
    expect(demo.state).toMatchObject({
      status: 'closed',
      lastClose: {code: 4001, reason: 'reader chose this', wasClean: true},
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('DemoSocket and subprotocols', () => {
  it('offers the subprotocols it was given and reports the one the server chose', () => {
    const {demo, latest} = setup({protocols: ['mqtt', 'otw.json.v1']});
    demo.connect();
    expect(latest().offered).toEqual(['mqtt', 'otw.json.v1']);
    latest().protocol = 'otw.json.v1';
    latest().open();
    expect(demo.state.protocol).toBe('otw.json.v1');
  });
});
