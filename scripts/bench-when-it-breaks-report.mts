/**
 * The figures and the words of the "When it breaks" benchmark (scripts/bench-when-it-breaks.mts): how each figure
 * the articles state is summed up over the runs (min, max, median), how it is written in a sentence ("3.0 to 3.7 s"),
 * and the files written from the measurement itself: docs/when-it-breaks/_measured.json, whose strings the articles
 * put in their sentences (`{measured.liveness.halfOpenNoticed.range}`), and one Markdown partial per article with the
 * table and how it was measured. Pure functions.
 */

/** How a figure is written: its unit, and how many decimals. Times are measured in ms and may be written in s. */
export interface FigureFormat {
  unit: 's' | 'ms' | 'bytes';
  decimals: number;
}

/** One figure the articles state: what it is, in the table's words, and how it is written. */
export interface FigureSpec extends FigureFormat {
  /** Its key in the generated JSON, which the articles name. */
  key: string;
  /** The table's words for it. */
  what: string;
}

/** What the benchmark keeps of one figure: the raw samples (ms or bytes), and the same written out. */
export interface Figure {
  what: string;
  /** One value per run, or several per run (each reconnection of a stream), in ms or bytes. */
  samples: readonly number[];
  min: string;
  max: string;
  median: string;
  /** "3.0 to 3.7 s", or "6.0 s" when every sample rounds to the same value. */
  range: string;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The number alone, in the figure's unit and decimals, with thousands separated by commas ("3,009"). */
export function number(value: number, format: FigureFormat): string {
  const scaled = format.unit === 's' ? value / 1000 : value;
  return scaled.toLocaleString('en-US', {
    minimumFractionDigits: format.decimals,
    maximumFractionDigits: format.decimals,
  });
}

/** The number with its unit: "3.4 s", "528 ms", "26 bytes" ("1 byte", "0 bytes"). */
export function quantity(value: number, format: FigureFormat): string {
  const written = number(value, format);
  const unit = format.unit === 'bytes' && written === '1' ? 'byte' : format.unit;
  return `${written} ${unit}`;
}

/** "3.0 to 3.7 s": the unit once, at the end; one value when min and max are written the same. */
export function range(min: number, max: number, format: FigureFormat): string {
  const low = number(min, format);
  const high = number(max, format);
  return low === high ? quantity(min, format) : `${low} to ${quantity(max, format)}`;
}

/** One figure from its samples. */
export function figure(spec: FigureSpec, samples: readonly number[]): Figure {
  if (samples.length === 0) throw new Error(`no sample of ${spec.key}`);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return {
    what: spec.what,
    samples: [...samples],
    min: quantity(min, spec),
    max: quantity(max, spec),
    median: quantity(median(samples), spec),
    range: range(min, max, spec),
  };
}

/** A group of figures (one article's), keyed as the articles name them. */
export type Figures = Record<string, Figure>;

/** Builds a group from its specs and the samples collected under each spec's key; a spec with none is an error. */
export function figures(specs: readonly FigureSpec[], samples: Readonly<Record<string, readonly number[]>>): Figures {
  return Object.fromEntries(specs.map((spec) => [spec.key, figure(spec, samples[spec.key] ?? [])]));
}

/** Everything one run of the benchmark measured, and what the articles need to say where and how. */
export interface Measurement {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  /** The command that reproduces it. */
  command: string;
  browserVersion: string;
  cpuCores: number;
  runs: number;
  /** The settings the benchmark chose in the demos, written as the articles use them ("6 s", "800 ms"). */
  settings: Readonly<Record<string, string>>;
  liveness: Figures;
  eventSource: Figures;
}

/** The JSON the articles import: the measurement as it is, formatted by the script (Prettier). */
export function measuredJson(measurement: Measurement): string {
  return `${JSON.stringify(measurement, null, 2)}\n`;
}

function count(n: number, noun: string): string {
  const small = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  return `${small[n] ?? String(n)} ${noun}${n === 1 ? '' : 's'}`;
}

const HEADER = ['Figure', 'Samples', 'Min to max', 'Median'] as const;

/** The table of one group, in Markdown. */
export function figuresTable(group: Figures): string {
  return [
    `| ${HEADER.join(' | ')} |`,
    '| --- | ---: | ---: | ---: |',
    ...Object.values(group).map((one) => `| ${one.what} | ${one.samples.length} | ${one.range} | ${one.median} |`),
  ].join('\n');
}

/** The table for the terminal, columns padded. */
export function consoleTable(group: Figures): string {
  const rows = [
    [...HEADER],
    ...Object.values(group).map((one) => [one.what, String(one.samples.length), one.range, one.median]),
  ];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '))
    .join('\n')
    .replace(/ +$/gm, '');
}

/** The sentence that says where, when and how the figures were measured. */
export function howMeasured(measurement: Measurement, page: string): string {
  return (
    `Measured on ${measurement.date} with \`${measurement.command}\`: the end-to-end build of the site and the demo ` +
    `server on one machine (${count(measurement.cpuCores, 'CPU core')}, shared with other work), over loopback, ` +
    `${measurement.browserVersion} headless, driven through the demo on ${page} as a reader would drive it, ` +
    `${count(measurement.runs, 'run')}, each on a fresh page.`
  );
}

/** One article's partial: how it was measured, the table, and a warning not to edit it by hand. */
export function partialMarkdown(measurement: Measurement, group: Figures, page: string, note = ''): string {
  return [
    `{/* Written by \`${measurement.command}\` (scripts/bench-when-it-breaks.mts); re-run it rather than edit this file. */}`,
    '',
    `${howMeasured(measurement, page)}${note === '' ? '' : ` ${note}`}`,
    '',
    figuresTable(group),
    '',
  ].join('\n');
}
