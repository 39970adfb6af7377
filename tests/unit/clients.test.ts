/** The client tracker's admission rules and the address limits are counted against. */
import type {IncomingMessage} from 'node:http';
import {describe, expect, it} from 'vitest';
import {clientAddress, createClientTracker, type Admission} from '../../demo-server/src/clients.ts';

const LIMITS = {
  maxConnections: 100,
  maxConnectionsPerClient: 100,
  handshakesPerMinutePerClient: 1000,
  maxTrackedClients: 100,
};

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let time = start;
  return {now: () => time, advance: (ms: number) => void (time += ms)};
}

function admitted(admission: Admission): () => void {
  if (!admission.ok) throw new Error(`Refused: ${admission.status} ${admission.reason}`);
  return admission.release;
}

describe('per-client connection cap', () => {
  it('refuses the connection past the cap with 429 and a Retry-After, counting only that client', () => {
    const tracker = createClientTracker({...LIMITS, maxConnectionsPerClient: 2});
    admitted(tracker.admit('10.0.0.1'));
    admitted(tracker.admit('10.0.0.1'));
    const refused = tracker.admit('10.0.0.1');
    expect(refused).toMatchObject({ok: false, status: 429, reason: expect.stringContaining('2 WebSocket connections')});
    if (refused.ok) throw new Error('unreachable');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number.isInteger(refused.retryAfterSeconds)).toBe(true);
    // Another client is not affected.
    admitted(tracker.admit('10.0.0.2'));
    expect(tracker.totalConnections).toBe(3);
  });

  it('admits again once a connection is released, and a second release changes nothing', () => {
    const tracker = createClientTracker({...LIMITS, maxConnectionsPerClient: 1});
    const release = admitted(tracker.admit('10.0.0.1'));
    expect(tracker.admit('10.0.0.1').ok).toBe(false);
    release();
    expect(tracker.totalConnections).toBe(0);
    const again = admitted(tracker.admit('10.0.0.1'));
    release();
    expect(tracker.totalConnections).toBe(1);
    expect(tracker.admit('10.0.0.1').ok).toBe(false);
    again();
    expect(tracker.totalConnections).toBe(0);
  });
});

describe('total connection cap', () => {
  it('refuses any client past the total with 503 and a Retry-After', () => {
    const tracker = createClientTracker({...LIMITS, maxConnections: 2});
    const release = admitted(tracker.admit('10.0.0.1'));
    admitted(tracker.admit('10.0.0.2'));
    const refused = tracker.admit('10.0.0.3');
    expect(refused).toMatchObject({ok: false, status: 503});
    if (refused.ok) throw new Error('unreachable');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(tracker.admit('10.0.0.1')).toMatchObject({ok: false, status: 503});
    release();
    admitted(tracker.admit('10.0.0.3'));
    expect(tracker.totalConnections).toBe(2);
  });
});

describe('handshake rate limit', () => {
  it('allows the per-minute budget at once, then 429 with the seconds until the next token', () => {
    const clock = manualClock();
    const tracker = createClientTracker({...LIMITS, handshakesPerMinutePerClient: 3}, clock.now);
    // Released at once, so the connection cap plays no part: only handshakes are counted.
    for (let i = 0; i < 3; i++) admitted(tracker.admit('10.0.0.1'))();
    const refused = tracker.admit('10.0.0.1');
    expect(refused).toMatchObject({ok: false, status: 429, reason: expect.stringContaining('3 WebSocket handshakes')});
    if (refused.ok) throw new Error('unreachable');
    // 3 per minute: one token every 20 s.
    expect(refused.retryAfterSeconds).toBe(20);

    clock.advance(15_000);
    const sooner = tracker.admit('10.0.0.1');
    if (sooner.ok) throw new Error('admitted before the next token');
    expect(sooner.retryAfterSeconds).toBe(5);

    clock.advance(5_000);
    admitted(tracker.admit('10.0.0.1'))();
    expect(tracker.admit('10.0.0.1').ok).toBe(false);
    // Other clients have their own budget.
    admitted(tracker.admit('10.0.0.2'));
  });

  it('does not charge refused handshakes, and never refills past the budget', () => {
    const clock = manualClock();
    const tracker = createClientTracker({...LIMITS, handshakesPerMinutePerClient: 2}, clock.now);
    admitted(tracker.admit('10.0.0.1'))();
    admitted(tracker.admit('10.0.0.1'))();
    for (let i = 0; i < 10; i++) expect(tracker.admit('10.0.0.1').ok).toBe(false);
    clock.advance(30_000);
    admitted(tracker.admit('10.0.0.1'))();

    clock.advance(10 * 60_000);
    admitted(tracker.admit('10.0.0.1'))();
    admitted(tracker.admit('10.0.0.1'))();
    expect(tracker.admit('10.0.0.1').ok).toBe(false);
  });
});

describe('tracked clients', () => {
  it('forgets idle clients with a full budget to make room, and refuses new clients with 503 when it cannot', () => {
    const clock = manualClock();
    const tracker = createClientTracker({...LIMITS, maxTrackedClients: 2, handshakesPerMinutePerClient: 60}, clock.now);
    const holdA = admitted(tracker.admit('10.0.0.1'));
    admitted(tracker.admit('10.0.0.2'))();
    expect(tracker.trackedClients).toBe(2);

    // B holds nothing but has not refilled yet; A holds a connection: no room.
    expect(tracker.admit('10.0.0.3')).toMatchObject({ok: false, status: 503});

    clock.advance(1_000);
    // B's bucket is full again and it holds nothing: forgotten for C.
    admitted(tracker.admit('10.0.0.3'));
    expect(tracker.trackedClients).toBe(2);
    holdA();
  });
});

/** Just enough of an IncomingMessage for clientAddress. */
function fakeRequest(remoteAddress: string | undefined, forwardedFor?: string | string[]): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : {'x-forwarded-for': forwardedFor};
  return {headers, socket: {remoteAddress}} as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the peer address, without the IPv4-mapped IPv6 prefix', () => {
    expect(clientAddress(fakeRequest('203.0.113.7'), false)).toBe('203.0.113.7');
    expect(clientAddress(fakeRequest('::ffff:203.0.113.7'), false)).toBe('203.0.113.7');
    expect(clientAddress(fakeRequest('2001:db8::1'), false)).toBe('2001:db8::1');
    expect(clientAddress(fakeRequest(undefined), false)).toBe('unknown');
  });

  it('ignores X-Forwarded-For unless the server is told it sits behind a proxy', () => {
    expect(clientAddress(fakeRequest('127.0.0.1', '198.51.100.1'), false)).toBe('127.0.0.1');
  });

  it('behind a proxy, takes the right-most X-Forwarded-For entry, the one the proxy appended', () => {
    expect(clientAddress(fakeRequest('127.0.0.1', '198.51.100.1'), true)).toBe('198.51.100.1');
    // Entries to the left are whatever the client wrote: a client cannot choose its own address.
    expect(clientAddress(fakeRequest('127.0.0.1', '1.2.3.4, 5.6.7.8,  198.51.100.1 '), true)).toBe('198.51.100.1');
    expect(clientAddress(fakeRequest('127.0.0.1', ['1.2.3.4', '198.51.100.1']), true)).toBe('198.51.100.1');
    expect(clientAddress(fakeRequest('127.0.0.1', '198.51.100.1, '), true)).toBe('198.51.100.1');
  });

  it('behind a proxy, falls back to the peer address without a usable X-Forwarded-For', () => {
    expect(clientAddress(fakeRequest('::ffff:10.0.0.9'), true)).toBe('10.0.0.9');
    expect(clientAddress(fakeRequest('10.0.0.9', ''), true)).toBe('10.0.0.9');
    expect(clientAddress(fakeRequest('10.0.0.9', ' , '), true)).toBe('10.0.0.9');
  });

  it('feeds the tracker: clients behind one proxy are counted apart', () => {
    const tracker = createClientTracker({...LIMITS, maxConnectionsPerClient: 1});
    const proxy = '127.0.0.1';
    admitted(tracker.admit(clientAddress(fakeRequest(proxy, '198.51.100.1'), true)));
    admitted(tracker.admit(clientAddress(fakeRequest(proxy, '198.51.100.2'), true)));
    // The same client spoofing a left-hand entry is still itself.
    expect(tracker.admit(clientAddress(fakeRequest(proxy, '9.9.9.9, 198.51.100.1'), true))).toMatchObject({
      ok: false,
      status: 429,
    });
  });
});
