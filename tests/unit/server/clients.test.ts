import type {IncomingMessage} from 'node:http';
import {describe, expect, it} from 'vitest';
import {clientAddress, createClientTracker, type Admission} from '../../../demo-server/src/clients.ts';

const limits = {maxConnections: 5, maxConnectionsPerClient: 2, handshakesPerMinutePerClient: 4, maxTrackedClients: 3};

function admitted(admission: Admission): () => void {
  if (!admission.ok) throw new Error(`refused: ${admission.reason}`);
  // `release` is a method of the admission (shared by every connection's), so it is called on it.
  return () => admission.release();
}

describe('createClientTracker', () => {
  it('caps connections per client with 429 and a Retry-After, and frees a slot on release', () => {
    const tracker = createClientTracker(limits, () => 0);
    const release = admitted(tracker.admit('a'));
    admitted(tracker.admit('a'));
    expect(tracker.admit('a')).toMatchObject({ok: false, status: 429, retryAfterSeconds: expect.any(Number)});
    release();
    release(); // releasing twice gives back one slot only
    expect(tracker.totalConnections).toBe(1);
    expect(tracker.admit('a').ok).toBe(true);
  });

  it('caps the total with 503', () => {
    const tracker = createClientTracker(
      {...limits, maxConnectionsPerClient: 10, handshakesPerMinutePerClient: 100},
      () => 0,
    );
    for (let i = 0; i < 5; i++) admitted(tracker.admit(`c${i % 2}`));
    expect(tracker.admit('someone-else')).toMatchObject({ok: false, status: 503});
  });

  it('limits handshakes per minute per client, refilling over time', () => {
    let now = 0;
    const tracker = createClientTracker({...limits, maxConnectionsPerClient: 100, maxConnections: 100}, () => now);
    for (let i = 0; i < 4; i++) admitted(tracker.admit('a'))();
    const refused = tracker.admit('a');
    expect(refused).toMatchObject({ok: false, status: 429});
    if (!refused.ok) expect(refused.retryAfterSeconds).toBe(15);
    now += 15_000;
    expect(tracker.admit('a').ok).toBe(true);
  });

  it('remembers a bounded number of clients, forgetting idle ones first', () => {
    let now = 0;
    const tracker = createClientTracker(limits, () => now);
    admitted(tracker.admit('a'));
    admitted(tracker.admit('b'))();
    admitted(tracker.admit('c'))();
    expect(tracker.trackedClients).toBe(3);
    // b and c hold nothing; once their buckets are full again they can be forgotten.
    now += 60_000;
    expect(tracker.admit('d').ok).toBe(true);
    expect(tracker.trackedClients).toBeLessThanOrEqual(3);
  });

  it('answers 503 when every remembered client is still busy', () => {
    const tracker = createClientTracker(limits, () => 0);
    for (const client of ['a', 'b', 'c']) admitted(tracker.admit(client));
    expect(tracker.admit('d')).toMatchObject({ok: false, status: 503});
  });
});

describe('clientAddress', () => {
  const request = (remoteAddress: string, forwarded?: string) =>
    ({
      socket: {remoteAddress},
      headers: forwarded === undefined ? {} : {'x-forwarded-for': forwarded},
    }) as unknown as IncomingMessage;

  it('uses the socket address, without the IPv4-mapped prefix', () => {
    expect(clientAddress(request('::ffff:203.0.113.7'), false)).toBe('203.0.113.7');
    expect(clientAddress(request('2001:db8::1'), false)).toBe('2001:db8::1');
  });

  it('ignores X-Forwarded-For unless told to trust the proxy', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), false)).toBe('127.0.0.1');
  });

  it('behind a trusted proxy, takes the right-most entry (the one the proxy added), not what the client wrote', () => {
    expect(clientAddress(request('127.0.0.1', 'spoofed, 198.51.100.1'), true)).toBe('198.51.100.1');
    expect(clientAddress(request('127.0.0.1', ''), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, 2001:db8::2 '), true)).toBe('2001:db8::2');
  });

  it('behind a trusted proxy, takes no entry that is not an IP address (a proxy that appended none)', () => {
    expect(clientAddress(request('127.0.0.1', `198.51.100.1, ${'a'.repeat(16_000)}`), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1,'), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', 'unknown'), true)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1', '::ffff:198.51.100.9'), true)).toBe('198.51.100.9');
  });
});
