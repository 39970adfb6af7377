/**
 * Where a command's CPU time goes, process kind by process kind: runs the command, reads every process's CPU time
 * from /proc each second while it runs, and prints the CPU-seconds each kind used (Chromium's browser, renderer, GPU
 * and utility processes, the demo server, the site server, the Playwright and Vitest runners, the rest by command).
 * A benchmark helper, not a test: `.ci/run` is CPU-bound on two cores, so a change that makes a test run cheaper is
 * judged by its CPU-seconds, which the machine's other load moves far less than the wall clock.
 *
 *   node scripts/cpu-by-process.mts -- npx playwright test tests/e2e/pollingRace.spec.ts
 *
 * Linux only (/proc). Counts every process on the machine that started after this script (and what the ones already
 * running used from then on), so run it on an otherwise quiet machine. What a process uses after its last reading
 * (at most a second before it ends) is missed, so a short-lived process counts for less than it used.
 */
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

const separator = process.argv.indexOf('--');
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
if (command.length === 0) {
  console.error('usage: node scripts/cpu-by-process.mts -- <command> [arguments…]');
  process.exit(2);
}

/** Clock ticks a second: USER_HZ, 100 on every Linux that Node runs on. */
const TICKS_PER_SECOND = 100;

function kindOf(commandLine: string): string {
  if (/chromium|chrome/.test(commandLine)) {
    const type = /--type=([\w-]+)/.exec(commandLine)?.[1];
    return type === undefined ? 'chromium: browser' : `chromium: ${type}`;
  }
  const named: [RegExp, string][] = [
    [/demoServerHarness|demo-server\/src/, 'demo server'],
    [/serve-build/, 'site server (serve-build)'],
    [/playwright/, 'Playwright runner'],
    [/vitest/, 'Vitest'],
  ];
  for (const [pattern, name] of named) if (pattern.test(commandLine)) return name;
  return `other: ${commandLine.slice(0, 60)}`;
}

interface Seen {
  ticks: number;
  kind: string;
}

/** Keyed by pid and start time, so that a pid used again is a new process. */
const seen = new Map<string, Seen>();
const byKind = new Map<string, number>();

function read(first: boolean): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    let commandLine: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // Gone between the listing and the read.
    }
    // The fields after the command name, which is in parentheses and may hold spaces: utime, stime are 14th and 15th
    // of the whole line, starttime the 22nd (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const key = `${pid}:${fields[19]}`;
    let entry = seen.get(key);
    if (entry === undefined) {
      // What a process used before the first reading is not the command's.
      entry = {ticks: first ? ticks : 0, kind: kindOf(commandLine)};
      seen.set(key, entry);
    }
    byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + ticks - entry.ticks);
    entry.ticks = ticks;
  }
}

read(true);
const started = performance.now();
const timer = setInterval(() => read(false), 1_000);
const [program, ...programArguments] = command as [string, ...string[]];
const child = spawn(program, programArguments, {stdio: 'inherit'});
const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
clearInterval(timer);
read(false);

const rows = [...byKind].filter(([, ticks]) => ticks > 0).sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, ticks]) => sum + ticks, 0);
const wall = (performance.now() - started) / 1_000;
console.log(`\n${command.join(' ')}: exit code ${code}, ${wall.toFixed(1)} s of wall clock`);
console.log(`CPU-seconds by process kind (${(total / TICKS_PER_SECOND).toFixed(1)} in all):`);
for (const [kind, ticks] of rows.slice(0, 15))
  console.log(`${(ticks / TICKS_PER_SECOND).toFixed(1).padStart(9)}  ${kind}`);
process.exitCode = code;
