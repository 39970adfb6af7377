import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {connect, createServer, type AddressInfo, type Socket} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import {WEBSOCKET_ENDPOINTS, type WebSocketEndpoint} from '../../../demo-server/src/contract/endpoints.ts';
import {DEFAULT_LIMITS} from '../../../demo-server/src/limits.ts';
import {
  CLOSE_REASONS,
  closeReason,
  createServerMetrics,
  type OpenNow,
  REFUSAL_REASONS,
  refusalReason,
  renderExposition,
} from '../../../demo-server/src/metrics.ts';
import {parseExposition, sampleValue} from '../../integration/support/exposition.ts';

const noWebSockets = Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, 0])) as Record<
  WebSocketEndpoint,
  number
>;

/** What is open: nothing, but for what a test names. */
function openNow(some: Partial<OpenNow> = {}): OpenNow {
  return {
    webSockets: noWebSockets,
    streams: 0,
    longPolls: 0,
    held: 0,
    faultStreams: 0,
    proxied: 0,
    timing: 0,
    streamedResponses: 0,
    upgradeSockets: [],
    ...some,
  };
}

describe('renderExposition', () => {
  it('escapes label values and HELP text so a reader gets them back as they were', () => {
    const awkward = 'a "quoted" back\\slash and a\nline feed';
    const text = renderExposition([
      {
        name: 'odd_total',
        help: `Help with a \\ and a\nline feed, "quotes" kept`,
        type: 'counter',
        samples: [{labels: {v: awkward}, value: 2}],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP odd_total Help with a \\\\ and a\\nline feed, "quotes" kept',
        '# TYPE odd_total counter',
        'odd_total{v="a \\"quoted\\" back\\\\slash and a\\nline feed"} 2',
        '',
      ].join('\n'),
    );
    const parsed = parseExposition(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.families.get('odd_total')?.samples[0]?.labels.v).toBe(awkward);
  });

  it('writes NaN and infinities as the format spells them', () => {
    const text = renderExposition([
      {
        name: 'g',
        help: 'x',
        type: 'gauge',
        samples: [
          {labels: {k: 'a'}, value: Number.NaN},
          {labels: {k: 'b'}, value: Infinity},
          {labels: {k: 'c'}, value: -Infinity},
        ],
      },
    ]);
    expect(text.split('\n').slice(2, 5)).toEqual(['g{k="a"} NaN', 'g{k="b"} +Inf', 'g{k="c"} -Inf']);
    expect(parseExposition(text).problems).toEqual([]);
  });

  it('refuses a metric or label name the format does not allow', () => {
    expect(() => renderExposition([{name: 'bad-name', help: 'x', type: 'gauge', samples: []}])).toThrow(/bad-name/);
    expect(() =>
      renderExposition([{name: 'ok', help: 'x', type: 'gauge', samples: [{labels: {'a.b': 'x'}, value: 1}]}]),
    ).toThrow(/a\.b/);
    expect(() =>
      renderExposition([{name: 'ok', help: 'x', type: 'gauge', samples: [{labels: {__name: 'x'}, value: 1}]}]),
    ).toThrow(/__name/);
  });
});

describe('the exposition reader used by the tests', () => {
  it.each([
    ['a sample before its TYPE', 'x 1\n# HELP x h\n# TYPE x gauge\n', /before its HELP and TYPE/],
    ['a series twice', '# HELP x h\n# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n', /given twice/],
    [
      'a family split in two',
      '# HELP x h\n# TYPE x gauge\nx 1\n# HELP y h\n# TYPE y gauge\ny 1\nx{a="b"} 1\n',
      /again after/,
    ],
    ['a bad escape', '# HELP x h\n# TYPE x gauge\nx{a="\\t"} 1\n', /not an escape/],
    ['a counter without _total', '# HELP x h\n# TYPE x counter\nx 1\n', /does not end in _total/],
    ['a negative counter', '# HELP x_total h\n# TYPE x_total counter\nx_total -1\n', /is -1/],
    ['a value that is no number', '# HELP x h\n# TYPE x gauge\nx one\n', /not a sample value/],
    ['no final line feed', '# HELP x h\n# TYPE x gauge\nx 1', /line feed/],
    ['an unterminated label value', '# HELP x h\n# TYPE x gauge\nx{a="1} 1\n', /unterminated/],
  ])('catches %s', (_what, text, problem) => {
    expect(parseExposition(text).problems.join('\n')).toMatch(problem);
  });
});

describe('the fixed label values', () => {
  it('maps the statuses the server refuses with to reasons, and other answers to none', () => {
    expect(refusalReason(403, false)).toBe('origin');
    expect(refusalReason(429, false)).toBe('per_client');
    expect(refusalReason(503, false)).toBe('full');
    expect(refusalReason(503, true)).toBe('draining');
    expect(refusalReason(431, false)).toBe('too_big');
    expect(refusalReason(408, false)).toBe('timeout');
    expect(refusalReason(200, false)).toBeNull();
    expect(refusalReason(404, false)).toBeNull();
    expect(refusalReason(422, false)).toBeNull();
  });

  it('maps close codes to reasons, whatever code a client picks', () => {
    expect(closeReason(1009)).toBe('too_big');
    expect(closeReason(1008)).toBe('policy');
    expect(closeReason(4000)).toBe('idle');
    expect(closeReason(1005)).toBe('no_status');
    expect(closeReason(3999)).toBe('other');
    expect(closeReason(4999)).toBe('other');
  });
});

function maxDelay(metrics: ReturnType<typeof createServerMetrics>): number {
  const text = metrics.render(openNow());
  return sampleValue(parseExposition(text), 'nodejs_eventloop_delay_max_seconds');
}

describe('createServerMetrics', () => {
  it('renders valid text with every family, and sees the event loop blocked', async () => {
    const metrics = createServerMetrics({version: '9.9.9', limits: DEFAULT_LIMITS, draining: () => false});
    try {
      await sleep(30);
      const blockedAt = performance.now();
      while (performance.now() - blockedAt < 120) {
        // Blocks the event loop, as a slow handler would.
      }
      // The histogram takes the late sample when its timer next runs.
      await expect.poll(() => maxDelay(metrics), {timeout: 2_000, interval: 20}).toBeGreaterThanOrEqual(0.1);
      const parsed = parseExposition(metrics.render(openNow({streams: 2, longPolls: 1})));
      expect(parsed.problems).toEqual([]);
      expect(sampleValue(parsed, 'demo_server_info', {version: '9.9.9'})).toBe(1);
      expect(sampleValue(parsed, 'demo_server_ready')).toBe(1);
      expect(sampleValue(parsed, 'demo_server_open_connections', {endpoint: '/events/stream'})).toBe(2);
      expect(sampleValue(parsed, 'demo_server_connection_limit', {pool: 'websocket'})).toBe(
        DEFAULT_LIMITS.maxConnections,
      );
      const max = sampleValue(parsed, 'nodejs_eventloop_delay_max_seconds');
      expect(max).toBeGreaterThanOrEqual(0.1);
      expect(max).toBeLessThan(1);
      expect(sampleValue(parsed, 'nodejs_eventloop_delay_p50_seconds')).toBeLessThanOrEqual(max);
      expect(sampleValue(parsed, 'process_resident_memory_bytes')).toBeGreaterThan(
        sampleValue(parsed, 'nodejs_heap_size_used_bytes'),
      );
      expect(
        Math.abs(sampleValue(parsed, 'process_start_time_seconds') - (Date.now() / 1000 - process.uptime())),
      ).toBeLessThan(2);
    } finally {
      metrics.stop();
    }
  });

  it('reports the event-loop delay by windows: a block shows, then goes once a quiet window has ended', async () => {
    const metrics = createServerMetrics({
      version: '1',
      limits: DEFAULT_LIMITS,
      draining: () => true,
      eventLoopWindowMs: 300,
    });
    try {
      await sleep(30);
      const blockedAt = performance.now();
      while (performance.now() - blockedAt < 100) {
        // Blocks the event loop.
      }
      await expect.poll(() => maxDelay(metrics), {timeout: 3_000, interval: 20}).toBeGreaterThanOrEqual(0.08);
      // Polled, not timed: on a loaded machine the windows' edges move.
      await expect.poll(() => maxDelay(metrics), {timeout: 5_000, interval: 50}).toBeLessThan(0.08);
      const text = metrics.render(openNow());
      expect(sampleValue(parseExposition(text), 'demo_server_ready')).toBe(0);
    } finally {
      metrics.stop();
    }
  });
});

describe('the WebSocket byte counters', () => {
  it('never go down, though a socket destroyed with data queued drops it from its count', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    client.pause(); // A client that stops reading.
    const [socket] = (await once(server, 'connection')) as [Socket];
    const metrics = createServerMetrics({version: '1', limits: DEFAULT_LIMITS, draining: () => false});
    const sent = (sockets: Socket[]) =>
      sampleValue(
        parseExposition(metrics.render(openNow({upgradeSockets: sockets}))),
        'demo_server_websocket_sent_bytes_total',
      );
    try {
      // One large write is handed to the kernel at once and counted; the small ones after it wait in the
      // stream's buffer, and are counted by bytesWritten until a destroy throws them away.
      socket.on('error', () => undefined);
      socket.write(Buffer.alloc(16 * 1024 * 1024));
      for (let i = 0; i < 1000; i += 1) socket.write(Buffer.alloc(1024));
      const whileQueued = sent([socket]);
      expect(whileQueued).toBe(16 * 1024 * 1024 + 1000 * 1024);
      socket.destroy();
      await once(socket, 'close');
      metrics.upgradeSocketClosed(socket);
      expect(socket.bytesWritten).toBeLessThan(whileQueued);
      expect(sent([])).toBe(whileQueued);
    } finally {
      metrics.stop();
      client.destroy();
      server.close();
    }
  });
});

describe('the monitoring page', () => {
  const page = readFileSync(new URL('../../../docs/operate/monitoring.mdx', import.meta.url), 'utf8');
  /** The first cell of every table row that is a name in backticks. */
  const firstCells = [...page.matchAll(/^\| `([a-z0-9_]+)`/gm)].map(([, name]) => name ?? '');

  it('describes every metric the server writes, and no other', () => {
    const metrics = createServerMetrics({version: '1', limits: DEFAULT_LIMITS, draining: () => false});
    try {
      const text = metrics.render(openNow());
      const written = [...parseExposition(text).families.keys()];
      expect(firstCells.filter((name) => /^(demo_server|nodejs|process)_/.test(name)).sort()).toEqual(written.sort());
    } finally {
      metrics.stop();
    }
  });

  it('explains every refusal reason and every close reason', () => {
    for (const reason of [...REFUSAL_REASONS, ...CLOSE_REASONS]) expect(firstCells, reason).toContain(reason);
  });
});
