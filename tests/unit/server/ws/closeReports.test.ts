import {describe, expect, it} from 'vitest';
import {createCloseReportStore} from '../../../../demo-server/src/ws/closeReports.ts';
import {frameReport} from '../../../../demo-server/src/ws/frameTap.ts';

describe('createCloseReportStore', () => {
  const frames = [frameReport('client-to-server', Buffer.from([0x88, 0x02, 0x03, 0xe8]), 1)];

  it('gives a connection’s close frames once, and only to the client that made it', () => {
    const store = createCloseReportStore({ttlMs: 1000, maxEntries: 10}, () => 0);
    store.put('a', '203.0.113.1', frames);
    expect(store.take('a', '198.51.100.2')).toBeUndefined();
    expect(store.take('a', '203.0.113.1')).toEqual(frames);
    expect(store.take('a', '203.0.113.1')).toBeUndefined();
  });

  it('forgets after its time and keeps at most its number of entries', () => {
    let now = 0;
    const store = createCloseReportStore({ttlMs: 1000, maxEntries: 2}, () => now);
    store.put('a', 'c', frames);
    store.put('b', 'c', frames);
    store.put('c', 'c', frames);
    expect(store.size).toBe(2);
    expect(store.take('a', 'c')).toBeUndefined();
    now = 1001;
    expect(store.take('b', 'c')).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
