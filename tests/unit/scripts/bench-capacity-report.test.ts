/** The capacity benchmark's figures come from its rounds: medians, per-round ratios, their spread, the targets. */
import {describe, expect, it} from 'vitest';
import {
  formatTarget,
  formatValue,
  measureOf,
  median,
  resultsMarkdown,
  resultsTable,
  sizingSentence,
  summarize,
  type PhaseResult,
  type RoundResult,
} from '../../../scripts/bench-capacity-report.mts';

const MIB = 1024 * 1024;

function phase(setupsPerSecond: number, rssPer1000: number, delays: readonly number[] = [10, 20, 30]): PhaseResult {
  return {
    opened: 10_000,
    failed: 0,
    setupsPerSecond,
    setupCpuUs: 250,
    fanOutCpuMs: 150,
    rssIdle: 60 * MIB,
    rssPer1000,
    delays,
  };
}

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('measureOf', () => {
  it('takes the fan-out percentiles by nearest rank over every connection the event reached', () => {
    const delays = Array.from({length: 100}, (_, i) => i + 1);
    expect(measureOf(phase(1, 1, delays), 'fanOutP50')).toBe(50);
    expect(measureOf(phase(1, 1, delays), 'fanOutP99')).toBe(99);
    expect(measureOf(phase(1, 1, []), 'fanOutP99')).toBeNaN();
  });
});

describe('summarize', () => {
  const rounds: RoundResult[] = [
    {ours: phase(900, 4 * MIB), anchor: phase(1000, 3 * MIB)},
    {ours: phase(1200, 3.3 * MIB), anchor: phase(1000, 3 * MIB)},
    {ours: phase(500, 3.6 * MIB), anchor: phase(1000, 3 * MIB)},
  ];

  it('gives the median of each round’s ratio, each ratio taken between the two phases of one round', () => {
    const setups = summarize(rounds, 'setupsPerSecond');
    expect(setups.ours).toBe(900);
    expect(setups.anchor).toBe(1000);
    expect(setups.ratio).toBeCloseTo(0.9);
    expect(setups.ratioMin).toBeCloseTo(0.5);
    expect(setups.ratioMax).toBeCloseTo(1.2);
    expect(setups.meetsTarget).toBe(true);
  });

  it('holds memory to at most 1.2 times the anchor', () => {
    const memory = summarize(rounds, 'rssPer1000');
    expect(memory.ratio).toBeCloseTo(1.2);
    expect(memory.meetsTarget).toBe(true);
    const worse = summarize([{ours: phase(1, 3.7 * MIB), anchor: phase(1, 3 * MIB)}], 'rssPer1000');
    expect(worse.meetsTarget).toBe(false);
  });

  it('has no target for the fan-out median, and at most 1.0 for its p99', () => {
    expect(summarize(rounds, 'fanOutP50').meetsTarget).toBeUndefined();
    const slower = [{ours: phase(1, 1, [10, 20, 31]), anchor: phase(1, 1, [10, 20, 30])}];
    expect(summarize(slower, 'fanOutP99').meetsTarget).toBe(false);
  });
});

describe('sizingSentence', () => {
  it('adds what each kind costs to the idle server, from the demo server’s medians', () => {
    const round = (ws: number, sse: number): Record<'ws' | 'sse', RoundResult[]> => ({
      ws: [{ours: phase(1, ws * MIB), anchor: phase(1, 1)}],
      sse: [{ours: phase(1, sse * MIB), anchor: phase(1, 1)}],
    });
    expect(sizingSentence(round(3.5, 12), 10_000)).toBe(
      "For sizing: the demo server's process holds 60.0 MiB of RSS at rest (after the warm-up), and adds " +
        '3.5 MiB per 1,000 WebSockets and 12.0 MiB per 1,000 event streams; 10,000 of each kind at once come to ' +
        'about 215.0 MiB. In 512 MiB of RSS it holds about 129,000 WebSockets or 37,000 event streams alone ' +
        "(the kernel's socket buffers come on top, outside the process's RSS).",
    );
  });
});

describe('formatting', () => {
  it('writes each measure in its unit and each target with its direction', () => {
    expect(formatValue('setupsPerSecond', 1234.4)).toBe('1,234');
    expect(formatValue('rssPer1000', 3.95 * MIB)).toBe('4.0 MiB');
    expect(formatValue('fanOutP99', 161.6)).toBe('162 ms');
    expect(formatValue('fanOutP50', Number.NaN)).toBe('—');
    expect(formatValue('setupCpu', 243.6)).toBe('244 µs');
    expect(formatTarget('setupsPerSecond')).toBe('≥ 0.8×');
    expect(formatTarget('rssPer1000')).toBe('≤ 1.2×');
    expect(formatTarget('fanOutP50')).toBe('—');
  });

  it('makes a row per transport and measure, saying which targets were missed', () => {
    const table = resultsTable({
      ws: [{ours: phase(700, 4 * MIB, [10, 50]), anchor: phase(1000, 3 * MIB, [10, 40])}],
    });
    const rows = table.split('\n');
    expect(rows).toHaveLength(2 + 6);
    expect(rows[2]).toBe(
      '| WebSocket (`/ws/events`) | Setups per second | 700 | 1,000 | 0.70× | 0.70×–0.70× | ≥ 0.8× **missed** |',
    );
    expect(rows[3]).toBe(
      '| WebSocket (`/ws/events`) | Server CPU per setup | 250 µs | 250 µs | 1.00× | 1.00×–1.00× | — |',
    );
    expect(rows[4]).toContain('| 1.33× |');
    expect(rows[5]).toContain('| — |');
    expect(rows[7]).toContain('| Server CPU per fan-out | 150 ms | 150 ms |');
    expect(rows[6]).toBe(
      '| WebSocket (`/ws/events`) | Fan-out delay p99 | 50 ms | 40 ms | 1.25× | 1.25×–1.25× | ≤ 1.0× **missed** |',
    );
  });

  it('says how the run went: the command, the machine, its load, and any setup that failed', () => {
    const run = {
      date: '2026-12-05',
      command: 'npm run bench:capacity',
      nodeVersion: 'v24.21.0',
      cpuCores: 2,
      connections: 10_000,
      rounds: 3,
      seconds: 190.4,
      loadBefore: 3.14,
      loadAfter: 5.5,
      failed: 0,
      results: {sse: [{ours: phase(900, 12 * MIB), anchor: phase(1000, 12 * MIB)}]},
    };
    const markdown = resultsMarkdown(run);
    expect(markdown).toContain('{/* Written by `npm run bench:capacity` (scripts/bench-capacity.mts)');
    expect(markdown).toContain('10,000 connections of each kind, 3 rounds, 190 s in all; Node v24.21.0; 2 CPU cores');
    expect(markdown).toContain('load average 3.1 at the start, 5.5 at the end');
    expect(markdown).toContain('Every connection was set up.');
    expect(resultsMarkdown({...run, failed: 12})).toContain('12 setups failed over the run');
  });
});
