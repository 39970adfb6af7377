/**
 * The words of the real-time benchmark's results file (docs/realtime/_benchmark-results.md), written from
 * the measurement itself so that a re-run cannot leave a sentence that its own table contradicts.
 * Pure functions; scripts/bench-realtime.mts measures and calls them.
 */

/** One row of the table: a transport and the ids of the events it had received when the window closed. */
export interface RowEvents {
  name: string;
  /** Ids received, in any order; duplicates and ids outside the window are ignored. */
  receivedIds: readonly number[];
}

/** The events the server emitted during the window: ids `firstId` to `lastId`, both included. */
export interface EventWindow {
  firstId: number;
  lastId: number;
}

/** How many of the window's events a row lacks: at the end (not arrived yet) and in between (skipped). */
export interface Shortfall {
  /** Events after the row's newest received one, up to the end of the window. */
  notYetArrived: number;
  /** Events older than the row's newest received one that it never received. */
  skippedIds: number[];
}

/** Events the server emitted in the window. */
export function emittedCount(eventWindow: EventWindow): number {
  return Math.max(0, eventWindow.lastId - eventWindow.firstId + 1);
}

/** The distinct ids of `receivedIds` that fall inside the window. */
export function receivedInWindow(receivedIds: readonly number[], eventWindow: EventWindow): number[] {
  return [...new Set(receivedIds)]
    .filter((id) => id >= eventWindow.firstId && id <= eventWindow.lastId)
    .sort((a, b) => a - b);
}

export function shortfallOf(receivedIds: readonly number[], eventWindow: EventWindow): Shortfall {
  const received = receivedInWindow(receivedIds, eventWindow);
  const newest = received.at(-1) ?? eventWindow.firstId - 1;
  const have = new Set(received);
  const skippedIds: number[] = [];
  for (let id = eventWindow.firstId; id < newest; id++) if (!have.has(id)) skippedIds.push(id);
  return {notYetArrived: eventWindow.lastId - newest, skippedIds};
}

const SMALL = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function count(n: number, noun: string): string {
  return `${SMALL[n] ?? String(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function idList(ids: readonly number[]): string {
  return ids.length === 1 ? `id ${ids[0]}` : `ids ${joinAnd(ids.map(String))}`;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function rowsNamed(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return names.length === 1 ? `The row ${quoted[0]}` : `The rows ${joinAnd(quoted)}`;
}

/**
 * The sentences that say which rows received fewer events than the server emitted in the window, by how
 * many, and which ones they lack. Rows with the same shortfall share a sentence. When no row is short, one
 * sentence says that every row received every event.
 */
export function shortfallSentences(rows: readonly RowEvents[], eventWindow: EventWindow): string {
  const emitted = emittedCount(eventWindow);
  const groups = new Map<string, {names: string[]; shortfall: Shortfall}>();
  for (const row of rows) {
    const shortfall = shortfallOf(row.receivedIds, eventWindow);
    if (shortfall.notYetArrived === 0 && shortfall.skippedIds.length === 0) continue;
    const key = `${shortfall.notYetArrived}|${shortfall.skippedIds.join(',')}`;
    const group = groups.get(key) ?? {names: [], shortfall};
    group.names.push(row.name);
    groups.set(key, group);
  }
  if (groups.size === 0) {
    return rows.length === 1
      ? `The row received all ${emitted} events the server emitted in the window.`
      : `Every row received all ${emitted} events the server emitted in the window.`;
  }
  const sentences: string[] = [];
  for (const {names, shortfall} of groups.values()) {
    const them = names.length === 1 ? 'it' : 'them';
    const fewer = shortfall.notYetArrived + shortfall.skippedIds.length;
    const parts: string[] = [];
    if (shortfall.notYetArrived > 0) {
      const lastIds = Array.from(
        {length: shortfall.notYetArrived},
        (_, i) => eventWindow.lastId - shortfall.notYetArrived + 1 + i,
      );
      parts.push(
        shortfall.notYetArrived === 1
          ? `the window's last event (${idList(lastIds)}) had not reached ${them} when the window closed`
          : `the window's last ${count(shortfall.notYetArrived, 'event')} (${idList(lastIds)}) had not reached ${them} when the window closed`,
      );
    }
    if (shortfall.skippedIds.length > 0) {
      parts.push(
        `${count(shortfall.skippedIds.length, 'event')} (${idList(shortfall.skippedIds)}) never arrived although later ones did`,
      );
    }
    sentences.push(
      `${rowsNamed(names)} received ${count(fewer, 'event')} fewer than the ${emitted} the server emitted in the window: ${joinAnd(parts)}.`,
    );
  }
  return sentences.join(' ');
}

/** What the benchmark measured, as the results file needs it. */
export interface BenchmarkRun {
  /** The day of the run, `YYYY-MM-DD`. */
  date: string;
  seconds: number;
  nodeVersion: string;
  cpuCores: number;
  window: EventWindow;
  header: readonly string[];
  /** The table's cells, one array per row; the first cell is the row's name. */
  cells: readonly (readonly string[])[];
  rows: readonly RowEvents[];
  /** The command that reproduces the run. */
  command: string;
}

/** The whole results file as Markdown (unformatted: the script runs Prettier over it). */
export function resultsMarkdown(run: BenchmarkRun): string {
  const table = [
    `| ${run.header.join(' | ')} |`,
    `| ${run.header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...run.cells.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  const emitted = emittedCount(run.window);
  return [
    `{/* Written by \`${run.command}\` (scripts/bench-realtime.mts); re-run it rather than edit this file. */}`,
    '',
    `Measured on ${run.date} with \`${run.command}\` (${run.seconds} s; Node ${run.nodeVersion}; ` +
      `${count(run.cpuCores, 'CPU core')}; client and demo server on one machine, over loopback). ` +
      `The same event stream for every row: ${emitted} events in the ${run.seconds} s, at irregular times. ` +
      'Bytes are counted by the server on each socket, both directions, headers included; ' +
      "Node's `fetch` sends fewer request headers than a browser, so a browser pays more per request than these rows show.",
    '',
    table,
    '',
    `${shortfallSentences(run.rows, run.window)} ` +
      '"Connections used" counts the distinct TCP connections a session\'s requests travelled on. ' +
      "Here every row's HTTP requests share Node's one `fetch` connection pool, so a row's requests can travel on " +
      'connections that another row opened.',
    '',
  ].join('\n');
}
