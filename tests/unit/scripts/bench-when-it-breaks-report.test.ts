/** The "When it breaks" benchmark's figures and words come from its samples: ranges, medians, units, the partials. */
import {describe, expect, it} from 'vitest';
import {
  consoleTable,
  figure,
  figures,
  howMeasured,
  measuredJson,
  median,
  partialMarkdown,
  quantity,
  range,
  type FigureSpec,
  type Measurement,
} from '../../../scripts/bench-when-it-breaks-report.mts';

const seconds: FigureSpec = {key: 'noticed', what: 'Noticed after', unit: 's', decimals: 1};
const millis: FigureSpec = {key: 'reconnect', what: 'Reconnected after', unit: 'ms', decimals: 0};
const bytes: FigureSpec = {key: 'buffered', what: 'Buffered', unit: 'bytes', decimals: 0};

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('quantity and range', () => {
  it('writes ms as seconds with the figure’s decimals, and thousands with a comma', () => {
    expect(quantity(3449.7, seconds)).toBe('3.4 s');
    expect(quantity(60_012, seconds)).toBe('60.0 s');
    expect(quantity(3008.4, millis)).toBe('3,008 ms');
    expect(quantity(1, bytes)).toBe('1 byte');
    expect(quantity(0, bytes)).toBe('0 bytes');
  });

  it('gives the unit once, and one value when both ends are written the same', () => {
    expect(range(3020, 3740, seconds)).toBe('3.0 to 3.7 s');
    expect(range(5990, 6040, seconds)).toBe('6.0 s');
    expect(range(0, 26, bytes)).toBe('0 to 26 bytes');
    expect(range(509, 511, millis)).toBe('509 to 511 ms');
  });
});

describe('figure', () => {
  it('keeps the samples and writes min, max, median and range from them', () => {
    expect(figure(seconds, [3449.7, 3020, 3740, 3100])).toEqual({
      what: 'Noticed after',
      samples: [3449.7, 3020, 3740, 3100],
      min: '3.0 s',
      max: '3.7 s',
      median: '3.3 s',
      range: '3.0 to 3.7 s',
    });
  });

  it('refuses a figure with no sample, so the articles never show a blank', () => {
    expect(() => figure(seconds, [])).toThrow('no sample of noticed');
    expect(() => figures([seconds, millis], {noticed: [3000]})).toThrow('no sample of reconnect');
  });
});

const measurement: Measurement = {
  date: '2026-12-05',
  command: 'npm run bench:when-it-breaks',
  browserVersion: 'Chromium 150.0.7871.100',
  cpuCores: 2,
  runs: 4,
  settings: {halfOpenCut: '6 s'},
  liveness: figures([seconds, bytes], {noticed: [3020, 3740], buffered: [0, 0, 26]}),
  eventSource: figures([millis], {reconnect: [509, 528, 511]}),
};

describe('the files written', () => {
  it('the JSON holds every figure under the key the articles name', () => {
    const parsed = JSON.parse(measuredJson(measurement)) as Measurement;
    expect(parsed.liveness.noticed?.range).toBe('3.0 to 3.7 s');
    expect(parsed.liveness.buffered?.range).toBe('0 to 26 bytes');
    expect(parsed.eventSource.reconnect?.median).toBe('511 ms');
    expect(parsed.settings.halfOpenCut).toBe('6 s');
  });

  it('the partial says when, with what and how, then gives the table', () => {
    const markdown = partialMarkdown(measurement, measurement.liveness, 'this page', 'One more thing.');
    expect(markdown.split('\n')[0]).toContain('Written by `npm run bench:when-it-breaks`');
    expect(howMeasured(measurement, 'this page')).toContain(
      'Measured on 2026-12-05 with `npm run bench:when-it-breaks`',
    );
    expect(markdown).toContain('two CPU cores');
    expect(markdown).toContain('Chromium 150.0.7871.100 headless');
    expect(markdown).toContain('four runs, each on a fresh page. One more thing.');
    expect(markdown).toContain('| Noticed after | 2 | 3.0 to 3.7 s | 3.4 s |');
    expect(markdown).toContain('| Buffered | 3 | 0 to 26 bytes | 0 bytes |');
  });

  it('the console table pads its columns', () => {
    const lines = consoleTable(measurement.eventSource).split('\n');
    expect(lines[0]).toBe('Figure             Samples  Min to max     Median');
    expect(lines[1]).toBe('Reconnected after  3        509 to 528 ms  511 ms');
  });
});
