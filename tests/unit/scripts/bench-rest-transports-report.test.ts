/** The REST-transports benchmark's figures and words come from its rounds: medians, totals, the handshake. */
import {describe, expect, it} from 'vitest';
import {
  handshakeSentence,
  medians,
  resultsMarkdown,
  resultsTable,
  sequenceTotals,
  type RestTransportsRun,
  type StepMedians,
} from '../../../scripts/bench-rest-transports-report.mts';

function step(name: string, http: number, ws: number): StepMedians {
  return {
    name,
    http: {bytesUp: http, bytesDown: http * 4, ms: 0.5},
    ws: {bytesUp: ws, bytesDown: ws * 4, ms: 0.125},
  };
}

const steps = [step('List', 250, 80), step('Create', 400, 200)];

const run: RestTransportsRun = {
  date: '2026-12-05',
  command: 'npm run bench:rest-transports',
  nodeVersion: 'v24.21.0',
  cpuModel: 'AMD EPYC',
  cpuCores: 2,
  rounds: 200,
  warmUp: 5,
  loadAverage: {low: 0.3, high: 0.5},
  steps,
  handshakeBytes: 513,
};

describe('medians', () => {
  it('takes each figure’s median on its own, by nearest rank', () => {
    const rounds = [
      {bytesUp: 3, bytesDown: 10, ms: 0.9},
      {bytesUp: 1, bytesDown: 30, ms: 0.1},
      {bytesUp: 2, bytesDown: 20, ms: 0.5},
    ];
    expect(medians(rounds)).toEqual({bytesUp: 2, bytesDown: 20, ms: 0.5});
    expect(() => medians([])).toThrow(/no rounds/);
  });
});

describe('sequenceTotals', () => {
  it('adds each step’s bytes both ways and its time', () => {
    expect(sequenceTotals(steps, 'http')).toEqual({bytes: 250 * 5 + 400 * 5, ms: 1});
    expect(sequenceTotals(steps, 'ws')).toEqual({bytes: 80 * 5 + 200 * 5, ms: 0.25});
  });
});

describe('resultsTable', () => {
  it('makes a row per step and a bold row of the sequence, bytes grouped, times to two decimals', () => {
    const rows = resultsTable(steps).split('\n');
    expect(rows).toHaveLength(2 + 2 + 1);
    expect(rows[2]).toBe('| List | 250 / 1,000 | 80 / 320 | 0.50 ms | 0.13 ms |');
    expect(rows[4]).toBe('| **Sequence** | **3,250** | **1,400** | **1.00 ms** | **0.25 ms** |');
  });
});

describe('handshakeSentence', () => {
  it('says within the first sequence when one sequence saves more than the handshake cost', () => {
    expect(handshakeSentence(steps, 513)).toBe(
      "The WebSocket's opening handshake took 513 bytes, once for the connection; it saves 1,850 bytes a " +
        'sequence, so it has repaid the handshake within the first sequence.',
    );
  });

  it('counts the sequences it takes otherwise, and says so when it never does', () => {
    expect(handshakeSentence(steps, 4000)).toContain('repaid the handshake after 3 sequences.');
    expect(handshakeSentence([step('List', 80, 80)], 513)).toContain('it never repays the handshake.');
  });
});

describe('resultsMarkdown', () => {
  it('says how the run went: the command, the rounds, the machine and its load', () => {
    const markdown = resultsMarkdown(run);
    expect(markdown).toContain('{/* Written by `npm run bench:rest-transports` (scripts/bench-rest-transports.mts)');
    expect(markdown).toContain("the demo's sequence 200 times over each transport, taking turns, after 5 rounds");
    expect(markdown).toContain('Node v24.21.0, AMD EPYC (2 CPU cores');
    expect(markdown).toContain('a one-minute load average between 0.3 and 0.5 during the run), loopback:');
    expect(markdown).toContain(resultsTable(steps));
    expect(markdown).toContain(handshakeSentence(steps, 513));
    expect(markdown).not.toMatch(/^#/m);
  });

  it('warns that the times are the load’s when the machine was busy', () => {
    expect(resultsMarkdown({...run, loadAverage: {low: 3, high: 3}})).toContain(
      'load average of 3.0 during the run), loopback, so the times say more about that load than about the two code paths:',
    );
  });
});
