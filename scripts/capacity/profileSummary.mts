/**
 * Diagnostic (not a test): where a CPU profile's time went, by function, and by whose code it is.
 *
 *   node scripts/capacity/profileSummary.mts /tmp/profiles/longPoll-ours-1.cpuprofile [--top 25]
 *
 * Reads a `.cpuprofile` (V8's Profiler.Profile, as `npm run bench:capacity -- --profile DIR` writes one per
 * fan-out, or `node --cpu-prof`) and prints the time spent in each function itself (self time) and with
 * what it called (total time), the most first, and the self time by where the code lives: the demo server,
 * the benchmark's scripts, `ws`, Node's own modules, V8 (the garbage collector, `(program)`), idle.
 */
import {readFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';

/** The parts of V8's Profiler.Profile this reads. */
interface ProfileNode {
  id: number;
  callFrame: {functionName: string; url: string; lineNumber: number};
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {top: {type: 'string', default: '25'}},
});
const file = positionals[0];
if (file === undefined) throw new Error('Give the .cpuprofile to read');
const top = Number(values.top);
// A profile is V8's own output; only the fields read above are relied on.
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;

/** Whose code a call frame runs. */
function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName === '' ? '(anonymous V8)' : functionName;
  if (url.startsWith('node:')) return 'Node';
  if (url.includes('/node_modules/ws/')) return 'ws';
  if (url.includes('/demo-server/src/')) return 'demo server';
  if (url.includes('/scripts/')) return 'benchmark';
  return url;
}

function label({callFrame: {functionName, url, lineNumber}}: ProfileNode): string {
  const where =
    url === '' ? '' : ` ${url.replace(/^.*\/(demo-server|scripts|node_modules)\//, '$1/')}:${lineNumber + 1}`;
  return `${functionName === '' ? '(anonymous)' : functionName}${where}`;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Each sample's time is the delta to the next one (V8 records the delta before each sample).
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] ?? 0;
  const us = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + us);
}
const bySelf = new Map<string, number>();
const byTotal = new Map<string, number>();
const byOwner = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (node === undefined) continue;
  const name = label(node);
  bySelf.set(name, (bySelf.get(name) ?? 0) + us);
  const owner = ownerOf(node.callFrame.url, node.callFrame.functionName);
  byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
  // A function's total counts each sample once, however often it recurs on the stack.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at);
    if (frame === undefined) break;
    const frameName = label(frame);
    if (seen.has(frameName)) continue;
    seen.add(frameName);
    byTotal.set(frameName, (byTotal.get(frameName) ?? 0) + us);
  }
}

const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(8)} ms`;
const print = (title: string, table: Map<string, number>, count: number) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${ms(us)}  ${name}`);
};
const busy = [...byOwner].filter(([owner]) => owner !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
console.log(`${file}: ${ms(profile.endTime - profile.startTime)} profiled, ${ms(busy)} not idle`);
print('Self time by owner', byOwner, byOwner.size);
print('Self time', bySelf, top);
print('Total time (with callees)', byTotal, top);
