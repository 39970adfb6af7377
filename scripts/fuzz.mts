/**
 * `npm run fuzz`: fuzzes the demo server for as long as it is given, and
 * prints every input that crashed it, stalled its event loop for more than
 * 50 ms, raised its memory by more than 48 MiB, or was answered with anything
 * but the documented kind of answer. Exits 1 if there was any. The server runs
 * in a child process on loopback (tests/fuzz/target.mts); nothing leaves this machine.
 *
 *   npm run fuzz                              # 10 minutes, a seed from the clock
 *   npm run fuzz -- --minutes 30 --seed 42    # how the figures in the README were made
 *   npm run fuzz -- --target ws-rest          # one target only
 *   npm run fuzz -- --rounds 1 --batch 300    # 300 inputs per target, once
 *   npm run fuzz -- --replay ws-rest 42 17    # the 18th input of seed 42 again, alone
 *
 * Each round gives every target `--batch` inputs (default 100), with a seed
 * derived from the run's seed, the round and the target, so any finding can be
 * replayed from the three numbers it prints.
 */
import {parseArgs} from 'node:util';
import fc from 'fast-check';
import {describeFinding, Fuzzer, type Finding} from '../tests/fuzz/runner.ts';
import {TARGETS} from '../tests/fuzz/targets.ts';

const {values, positionals} = parseArgs({
  options: {
    minutes: {type: 'string', default: '10'},
    rounds: {type: 'string'},
    seed: {type: 'string'},
    target: {type: 'string'},
    batch: {type: 'string', default: '100'},
    replay: {type: 'boolean', default: false},
  },
  allowPositionals: true,
});

const fuzzer = new Fuzzer();
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

if (values.replay) {
  const [name, seedText, indexText] = positionals;
  const target = TARGETS.find((t) => t.name === name);
  if (target === undefined || seedText === undefined || indexText === undefined) {
    throw new Error(
      `Usage: npm run fuzz -- --replay <target> <seed> <index>; targets: ${TARGETS.map((t) => t.name).join(', ')}`,
    );
  }
  const index = Number(indexText);
  const input = fc.sample(target.input, {seed: Number(seedText), numRuns: index + 1})[index];
  const findings = await fuzzer.run(target, input, Number(seedText), index);
  await fuzzer.stop();
  console.log(findings.length === 0 ? 'No finding on replay.' : findings.map(describeFinding).join('\n\n'));
  process.exit(findings.length === 0 ? 0 : 1);
}

const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const targets = values.target === undefined ? TARGETS : TARGETS.filter((t) => t.name === values.target);
if (targets.length === 0)
  throw new Error(`No target ${values.target}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
const batch = Number(values.batch);
const deadline = Date.now() + Number(values.minutes) * 60_000;
const startedAt = Date.now();

console.log(
  `fuzz: seed ${seed}, ${targets.length} targets, ${batch} inputs each per round, for ${values.minutes} minutes`,
);
const findings: Finding[] = [];
const perTarget = new Map<string, number>();
const targetMs = new Map<string, number>();
// Ctrl-C ends the run after the current batch, with the summary.
let interruptedAt = 0;
process.once('SIGINT', () => (interruptedAt = Date.now()));
const interrupted = () => interruptedAt > 0;

const rounds = values.rounds === undefined ? Number.POSITIVE_INFINITY : Number(values.rounds);
for (let round = 0; round < rounds && Date.now() < deadline && !interrupted(); round++) {
  for (const [t, target] of targets.entries()) {
    if (Date.now() >= deadline || interrupted()) break;
    const roundSeed = (seed + round * 1_000 + t) % 2 ** 31;
    const began = Date.now();
    const found = await fuzzer.runTarget(target, roundSeed, batch);
    perTarget.set(target.name, (perTarget.get(target.name) ?? 0) + batch);
    targetMs.set(target.name, (targetMs.get(target.name) ?? 0) + Date.now() - began);
    for (const finding of found) console.log(`\n${describeFinding(finding)}`);
    findings.push(...found);
  }
  const {tally} = fuzzer;
  const retained = await fuzzer.retained();
  if (retained.finding !== null) {
    console.log(`\n${describeFinding(retained.finding)}`);
    findings.push(retained.finding);
  }
  console.log(
    `fuzz: round ${round + 1} done at ${((Date.now() - startedAt) / 60_000).toFixed(1)} min: ${tally.inputs} inputs, ` +
      `${findings.length} findings; longest event-loop block ${tally.maxDelayMs.toFixed(0)} ms, ` +
      `largest memory rise ${mib(tally.maxRssRiseBytes)}, heap after a collection ${mib(retained.heapUsedBytes)}, ` +
      `${tally.unconfirmed} unconfirmed`,
  );
}

const retained = await (await fuzzer.server()).collect();
await fuzzer.stop();

const minutes = (Date.now() - startedAt) / 60_000;
console.log(`\nfuzz: ${fuzzer.tally.inputs} inputs in ${minutes.toFixed(1)} minutes (seed ${seed})`);
for (const target of targets) {
  const count = perTarget.get(target.name) ?? 0;
  const each = (targetMs.get(target.name) ?? 0) / Math.max(1, count);
  console.log(
    `  ${target.name.padEnd(20)} ${String(count).padStart(6)} inputs, ${each.toFixed(0).padStart(4)} ms each: ${target.aims}`,
  );
}
console.log(
  `  longest event-loop block ${fuzzer.tally.maxDelayMs.toFixed(0)} ms; largest memory rise during one input ` +
    `${mib(fuzzer.tally.maxRssRiseBytes)}; ${fuzzer.tally.unconfirmed} not confirmed on replay (noise)` +
    (retained ? `; heap in use after the run ${mib(retained.heapUsedBytes)}, resident ${mib(retained.rssBytes)}` : ''),
);
if (fuzzer.tally.noise.length > 0) {
  console.log(
    `\nfuzz: not confirmed on replay (the first ${fuzzer.tally.noise.length}):\n${fuzzer.tally.noise.join('\n')}`,
  );
}
if (findings.length > 0) {
  const kinds = new Map<string, number>();
  for (const f of findings) kinds.set(`${f.kind} in ${f.target}`, (kinds.get(`${f.kind} in ${f.target}`) ?? 0) + 1);
  console.log(`fuzz: ${findings.length} findings: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  process.exit(1);
}
console.log('fuzz: no findings');
