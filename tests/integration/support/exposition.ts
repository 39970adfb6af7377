/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), written from
 * the format's description rather than from the server's writer, so a test
 * that reads /metrics with it checks the text, not the writer against itself.
 *
 * It reports every departure: a sample before its family's HELP and TYPE, a
 * family split in two, a TYPE given twice or after a sample, a name or label
 * name the format forbids, an escape other than \\ \" \n in a label value, a
 * value that is not a number, a series given twice, a missing final line feed.
 * On top of the format, the conventions Prometheus asks of instrumentation: a
 * counter's name ends in `_total`, and its value is not negative.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  help: string | undefined;
  type: string | undefined;
  samples: ParsedSample[];
}

export interface Exposition {
  families: Map<string, ParsedFamily>;
  problems: string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Inf|NaN)$/;

/** The family a sample belongs to: histograms and summaries write `_sum`, `_count` and `_bucket` under theirs. */
function familyOf(name: string, families: Map<string, ParsedFamily>): string {
  for (const suffix of ['_sum', '_count', '_bucket']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = families.get(base)?.type;
    if (type === 'histogram' || type === 'summary') return base;
  }
  return name;
}

/** Reads `{a="x",b="y"}` from `text` at `start` (just past the name); returns the labels and where they end. */
function readLabels(
  text: string,
  start: number,
  problem: (message: string) => void,
): {labels: Record<string, string>; end: number} {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (i < text.length && text[i] !== '}') {
    const nameMatch = /^[^=]*/.exec(text.slice(i))![0];
    const name = nameMatch.trim();
    if (!LABEL_NAME.test(name)) problem(`"${name}" is not a label name`);
    if (name.startsWith('__')) problem(`label names starting with __ are reserved: "${name}"`);
    i += nameMatch.length;
    if (text[i] !== '=' || text[i + 1] !== '"') {
      problem(`label ${name}: expected ="`);
      return {labels, end: text.length};
    }
    i += 2;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const next = text[i + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else problem(`label ${name}: "\\${next ?? ''}" is not an escape the format has`);
        i += 2;
      } else {
        value += text.charAt(i);
        i += 1;
      }
    }
    if (text[i] !== '"') {
      problem(`label ${name}: unterminated value`);
      return {labels, end: text.length};
    }
    i += 1;
    if (name in labels) problem(`label ${name} given twice`);
    labels[name] = value;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') {
      problem(`after label ${name}: expected , or }`);
      return {labels, end: text.length};
    }
  }
  if (text[i] !== '}') problem('unterminated label set');
  return {labels, end: i + 1};
}

function parseValue(text: string): number {
  if (text === 'NaN') return Number.NaN;
  if (/^[+]?Inf$/.test(text)) return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Reads a whole exposition; `problems` is empty when it is valid. */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, ParsedFamily>();
  const problems: string[] = [];
  const seriesSeen = new Set<string>();
  /** Families whose samples are over: one seen again later is split in two. */
  const closed = new Set<string>();
  let current: string | undefined;

  const lines = text.split('\n');
  if (lines.at(-1) !== '') problems.push('the text does not end with a line feed');
  lines.forEach((line, index) => {
    const problem = (message: string) => problems.push(`line ${index + 1}: ${message} (${line.slice(0, 120)})`);
    if (line.trim() === '') return;
    const family = (name: string): ParsedFamily => {
      let found = families.get(name);
      if (found === undefined) {
        found = {name, help: undefined, type: undefined, samples: []};
        families.set(name, found);
      }
      if (current !== name) {
        if (current !== undefined) closed.add(current);
        if (closed.has(name)) problem(`${name} appears again after other families`);
        current = name;
      }
      return found;
    };

    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (meta === null) return; // Any other comment is allowed.
      const [, keyword, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) problem(`"${name}" is not a metric name`);
      const target = family(name);
      if (keyword === 'HELP') {
        if (target.help !== undefined) problem(`second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) problem(`HELP of ${name}: an escape other than \\\\ or \\n`);
        target.help = rest;
      } else {
        if (target.type !== undefined) problem(`second TYPE for ${name}`);
        if (target.samples.length > 0) problem(`TYPE for ${name} after its samples`);
        if (!TYPES.has(rest.trim())) problem(`"${rest}" is not a metric type`);
        target.type = rest.trim();
      }
      return;
    }

    const name = /^[^\s{]*/.exec(line)![0];
    if (!METRIC_NAME.test(name)) problem(`"${name}" is not a metric name`);
    let labels: Record<string, string> = {};
    let end = name.length;
    if (line[end] === '{') ({labels, end} = readLabels(line, end, problem));
    const fields = line.slice(end).trim().split(/\s+/);
    const [valueText = '', timestamp] = fields;
    if (fields.length > 2) problem('more than a value and a timestamp after the labels');
    if (!FLOAT.test(valueText)) problem(`"${valueText}" is not a sample value`);
    if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) problem(`"${timestamp}" is not a timestamp`);

    const target = family(familyOf(name, families));
    if (target.help === undefined || target.type === undefined)
      problem(`a sample of ${target.name} before its HELP and TYPE`);
    const value = parseValue(valueText);
    if (target.type === 'counter') {
      if (!name.endsWith('_total')) problem(`counter ${name} does not end in _total`);
      if (!(value >= 0)) problem(`counter ${name} is ${valueText}`);
    }
    const series = `${name}{${Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, v]) => `${key}=${JSON.stringify(v)}`)
      .join(',')}}`;
    if (seriesSeen.has(series)) problem(`series ${series} given twice`);
    seriesSeen.add(series);
    target.samples.push({name, labels, value});
  });
  for (const family of families.values()) {
    if (family.samples.length === 0) problems.push(`${family.name} has HELP or TYPE but no sample`);
  }
  return {families, problems};
}

/** The value of the one sample of `name` whose labels include `labels`. */
export function sampleValue(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const matching = (exposition.families.get(name)?.samples ?? []).filter((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (matching.length !== 1) {
    throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}, not one`);
  }
  return matching[0]!.value;
}
