import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {WebSocketPushClient} from '../../../../../src/lib/realtime/webSocketPushClient.ts';
import {event, FakeWebSocket, recorder, SESSION} from './fakes.ts';

const START = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(serverUrl?: string) {
  const sockets: FakeWebSocket[] = [];
  const record = recorder();
  const client = new WebSocketPushClient({
    ...record.options,
    ...(serverUrl === undefined ? {} : {serverUrl}),
    createWebSocket: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  const latest = () => sockets.at(-1)!;
  return {client, sockets, latest, ...record};
}

describe('WebSocketPushClient', () => {
  it('opens one connection to /ws/events?since= and delivers each pushed event', () => {
    const {client, sockets, latest, batches, arrivals, activities, lastState} = setup();
    client.start(7);
    expect(sockets).toHaveLength(1);
    const url = new URL(latest().url);
    expect(url.protocol).toBe('ws:');
    expect(url.pathname).toBe('/ws/events');
    expect(url.searchParams.get('since')).toBe('7');
    expect(url.searchParams.get('session')).toBe(SESSION);
    expect(lastState()).toEqual({phase: 'waiting', since: START, retryAt: null});
    expect(activities.at(-1)).toMatchObject({
      kind: 'request',
      detail: 'new WebSocket(".../ws/events?since=7"): one handshake',
    });

    vi.advanceTimersByTime(20);
    latest().open();
    expect(lastState()).toEqual({phase: 'live', since: START + 20, retryAt: null});
    expect(activities.at(-1)).toMatchObject({
      kind: 'open',
      detail: '101 Switching Protocols: the connection stays open',
    });
    vi.advanceTimersByTime(480);
    latest().receive(JSON.stringify(event(8)));
    latest().receive(JSON.stringify(event(9)));
    expect(batches).toEqual([[8], [9]]);
    expect(arrivals).toEqual([START + 500, START + 500]);
    expect(client.lastId).toBe(9);
    client.stop();
  });

  it('started from now, connects without since', () => {
    const {client, latest} = setup();
    client.start(null);
    expect(new URL(latest().url).searchParams.has('since')).toBe(false);
    client.stop();
  });

  it('uses wss:// when the server is https://', () => {
    const {client, latest} = setup('https://demo.example/base');
    client.start(1);
    expect(latest().url.startsWith('wss://demo.example/base/ws/events?')).toBe(true);
    client.stop();
  });

  it('never delivers an event twice, and ignores what is not an event', () => {
    const {client, latest, batches} = setup();
    client.start(7);
    latest().open();
    latest().receive(JSON.stringify(event(7)));
    latest().receive(JSON.stringify(event(8)));
    latest().receive(JSON.stringify(event(8)));
    latest().receive('not JSON');
    latest().receive(JSON.stringify({id: 9}));
    latest().receive(new Blob(['{}']));
    latest().receive(JSON.stringify(event(9)));
    expect(batches).toEqual([[8], [9]]);
    client.stop();
  });

  it('when the connection closes, reconnects after a backoff with ?since= the last event it got', async () => {
    const {client, sockets, latest, activities, lastState, onUnreachable} = setup();
    client.start(7);
    latest().open();
    latest().receive(JSON.stringify(event(8)));
    latest().serverClose(1001, 'Server restarting');
    expect(activities.at(-2)).toMatchObject({kind: 'closed', detail: 'Closed 1001: Server restarting'});
    expect(activities.at(-1)).toMatchObject({kind: 'error', detail: 'The connection closed. Trying again in 0.5 s.'});
    expect(lastState()).toEqual({phase: 'retrying', since: null, retryAt: START + 500});
    expect(onUnreachable).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(499);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    expect(new URL(latest().url).searchParams.get('since')).toBe('8');
    client.stop();
  });

  it('when it cannot connect at all, says the server is unreachable and backs off: 0.5 s, 1 s, 2 s', async () => {
    const {client, sockets, latest, activities, onUnreachable} = setup();
    client.start(7);
    for (const waitMs of [500, 1000, 2000]) {
      latest().failToConnect();
      expect(activities.at(-1)).toMatchObject({
        kind: 'error',
        detail: `The WebSocket could not be opened. Trying again in ${(waitMs / 1000).toFixed(1)} s.`,
      });
      const count = sockets.length;
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      expect(sockets).toHaveLength(count);
      await vi.advanceTimersByTimeAsync(1);
      expect(sockets).toHaveLength(count + 1);
      expect(new URL(latest().url).searchParams.get('since')).toBe('7');
    }
    expect(onUnreachable).toHaveBeenCalledTimes(3);
    client.stop();
  });

  it('on 4410 (since older than the backlog) says events were missed and reconnects at once from now', () => {
    const {client, sockets, latest, activities, batches} = setup();
    client.start(3);
    latest().open();
    latest().serverClose(4410, 'Events after 3 are gone; the backlog starts at 40');
    expect(activities.at(-2)).toMatchObject({
      kind: 'gap',
      detail: 'Closed 4410: Events after 3 are gone; the backlog starts at 40; starting again from now',
    });
    expect(sockets).toHaveLength(2);
    expect(new URL(latest().url).searchParams.has('since')).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    latest().open();
    latest().receive(JSON.stringify(event(342)));
    expect(batches).toEqual([[342]]);
    client.stop();
  });

  it('after 4000 (closed for carrying nothing from the page for too long) does not reconnect by itself', async () => {
    const {client, sockets, latest, activities, lastState, onUnreachable} = setup();
    client.start(7);
    latest().open();
    latest().serverClose(4000, 'Idle for 600 s');
    expect(activities.at(-1)).toMatchObject({
      kind: 'closed',
      detail: 'Closed 4000: Idle for 600 s; not reconnecting by itself (a forgotten tab must not hold a connection)',
    });
    expect(lastState()).toEqual({phase: 'stopped', since: null, retryAt: null});
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sockets).toHaveLength(1);
    expect(onUnreachable).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    // The page may start it again.
    client.start(client.lastId);
    expect(sockets).toHaveLength(2);
    client.stop();
  });

  it('when the server refuses ?since= after it restarted (1008, its ids began again), follows on from its newest event', () => {
    const {client, sockets, latest, activities, batches} = setup();
    client.start(500);
    latest().open();
    latest().serverClose(1008, 'since must be a whole number no newer than 3');
    expect(activities.find((a) => a.kind === 'gap')).toMatchObject({
      detail:
        'Closed 1008: since must be a whole number no newer than 3. The server does not know event 500 (it restarted?): starting again from now',
    });
    expect(sockets).toHaveLength(2);
    expect(new URL(latest().url).searchParams.has('since')).toBe(false);
    latest().open();
    latest().receive(JSON.stringify(event(4)));
    expect(batches).toEqual([[4]]);
    // Refused again without since: the refusal is about something else, so back off as usual.
    latest().serverClose(1008, 'session must be 8 to 64 letters');
    expect(sockets).toHaveLength(2);
    expect(activities.at(-1)).toMatchObject({kind: 'error'});
    client.stop();
  });

  it('a 1008 after events came (a limit, not an unknown id) is retried from the last event, after a backoff', async () => {
    const {client, sockets, latest, activities} = setup();
    client.start(7);
    latest().open();
    latest().receive(JSON.stringify(event(8)));
    latest().serverClose(1008, 'Too much unread data: read the messages you are sent');
    expect(activities.some((a) => a.kind === 'gap')).toBe(false);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    expect(new URL(latest().url).searchParams.get('since')).toBe('8');
    client.stop();
  });

  describe('stop()', () => {
    it('closes the connection normally (1000); nothing it does afterwards is reported, and it does not reconnect', async () => {
      const {client, sockets, latest, batches, activities, lastState} = setup();
      client.start(7);
      const socket = latest();
      socket.open();
      client.stop();
      expect(socket.closedWith).toEqual([1000, 'Demo stopped']);
      expect(lastState()).toEqual({phase: 'stopped', since: null, retryAt: null});
      const said = activities.length;
      socket.receive(JSON.stringify(event(8)));
      socket.serverClose(1000, 'Demo stopped');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
      expect(batches).toEqual([]);
      expect(activities).toHaveLength(said);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('abandons a connection still being opened', () => {
      const {client, latest} = setup();
      client.start(7);
      client.stop();
      expect(latest().closedWith).toEqual([1000, 'Demo stopped']);
    });

    it('cancels a scheduled reconnection', async () => {
      const {client, sockets, latest} = setup();
      client.start(7);
      latest().failToConnect();
      expect(vi.getTimerCount()).toBe(1);
      client.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
    });
  });
});
