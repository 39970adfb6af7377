import {describe, expect, it} from 'vitest';
import {createClientTracker} from '../../../demo-server/src/clients.ts';
import {fileDescriptorsNeeded, fileDescriptorWarning, openFilesLimit} from '../../../demo-server/src/config.ts';
import {DEFAULT_LIMITS} from '../../../demo-server/src/limits.ts';
import {createSlots} from '../../../demo-server/src/slots.ts';

const addresses = (count: number, prefix: string) =>
  Array.from({length: count}, (_, i) => `${prefix}.${Math.floor(i / 256)}.${i % 256}`);

describe('DEFAULT_LIMITS, sized for one small public instance', () => {
  it('lets 10,000 distinct addresses each hold a WebSocket while others come and go', () => {
    const tracker = createClientTracker(DEFAULT_LIMITS, () => 0);
    // 5,000 readers opened a connection and closed it this very second: their handshake
    // budgets are not full again, so they cannot be forgotten yet.
    for (const address of addresses(5_000, '10.1')) {
      const admission = tracker.admit(address);
      if (admission.ok) admission.release();
    }
    const refused = addresses(10_000, '10.2').filter((address) => !tracker.admit(address).ok);
    expect(refused).toEqual([]);
    expect(tracker.totalConnections).toBe(10_000);
    expect(tracker.admit('10.3.0.1')).toMatchObject({
      ok: false,
      status: 503,
      reason: 'The demo server is at its limit of 10000 connections; try again shortly',
    });
  });

  it('lets 10,000 distinct addresses each hold an event stream and a long-poll', () => {
    for (const [total, perClient] of [
      [DEFAULT_LIMITS.maxStreams, DEFAULT_LIMITS.maxStreamsPerClient],
      [DEFAULT_LIMITS.maxParkedLongPolls, DEFAULT_LIMITS.maxParkedLongPollsPerClient],
    ] as const) {
      const slots = createSlots({total, perClient, totalFull: 'full', perClientFull: 'yours are taken'});
      expect(addresses(10_000, '10.4').filter((address) => !slots.claim(address).ok)).toEqual([]);
      expect(slots.claim('10.5.0.1')).toEqual({ok: false, status: 503, detail: 'full'});
    }
  });

  it('keeps the per-client bounds of a reader’s pages', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      maxConnectionsPerClient: 16,
      maxStreamsPerClient: 4,
      maxParkedLongPollsPerClient: 4,
      handshakesPerMinutePerClient: 60,
    });
  });
});

describe('file descriptors for the configured totals', () => {
  const procSelfLimits = (soft: string, hard: string) =>
    [
      'Limit                     Soft Limit           Hard Limit           Units     ',
      'Max processes             63704                63704                processes ',
      `Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     `,
      'Max locked memory         8388608              8388608              bytes     ',
    ].join('\n');

  it('reads the soft limit on open files from /proc/self/limits', () => {
    expect(openFilesLimit(procSelfLimits('1024', '4096'))).toBe(1024);
    expect(openFilesLimit(procSelfLimits('unlimited', 'unlimited'))).toBe(Number.POSITIVE_INFINITY);
    expect(openFilesLimit('Max processes 5 5 processes')).toBeNull();
  });

  it('counts one per connection of every kind, four per FTP demo connection, and the process’s own', () => {
    expect(fileDescriptorsNeeded(DEFAULT_LIMITS)).toBe(10_000 + 10_000 + 10_000 + 500 + 4 * 20 + 100);
  });

  it('warns, saying what to raise, when the defaults cannot fit', () => {
    const warning = fileDescriptorWarning(DEFAULT_LIMITS, procSelfLimits('20000', '20000'));
    expect(warning).toBe(
      'Open-file limit 20000 is below the 30680 descriptors the configured totals may hold; raise it to 30720 (LimitNOFILE=, ulimit -n) or lower the totals',
    );
    // The logger cuts a field at 200 characters.
    expect(warning?.length).toBeLessThanOrEqual(200);
    expect(fileDescriptorWarning(DEFAULT_LIMITS, procSelfLimits('65536', '65536'))).toBeNull();
    expect(fileDescriptorWarning(DEFAULT_LIMITS, procSelfLimits('unlimited', 'unlimited'))).toBeNull();
    expect(fileDescriptorWarning(DEFAULT_LIMITS, '')).toBeNull();
  });

  it('reads the real file on Linux', async () => {
    if (process.platform !== 'linux') return;
    const {readFile} = await import('node:fs/promises');
    const limit = openFilesLimit(await readFile('/proc/self/limits', 'utf8'));
    expect(limit).toBeGreaterThan(0);
  });
});
