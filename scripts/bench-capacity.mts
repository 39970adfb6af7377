/**
 * Benchmark (not a test): how many readers one demo server holds, against an anchor.
 *
 *   npm run bench:capacity                            (10,000 connections of each kind, 3 rounds)
 *   npm run bench:capacity -- --connections 2000 --rounds 1
 *   npm run bench:capacity -- --out /tmp/results.md
 *   npm run bench:capacity -- --transports longPoll --out /tmp/lp.md --profile /tmp/profiles
 *                                                      (a CPU profile of each setup phase and each fan-out)
 *
 * For each transport that holds a connection open for the event stream (WebSocket on /ws/events,
 * Server-Sent Events on /events/stream, long polling on /events/long-poll), and for each of two servers:
 * the demo server (scripts/capacity/ourServer.mts) and the anchor, a bare `ws` server
 * (anchorWebSocket.mts) or a bare `node:http` server (anchorHttp.mts). Each phase runs in a fresh server
 * process, one after the other, ours and the anchor alternating which goes first from round to round:
 *
 * 1. warm up (a few hundred connections opened and closed), collect garbage, read the server's RSS
 *    (/proc/<pid>/status);
 * 2. open the connections from client worker processes (scripts/capacity/clientWorker.mts), each client
 *    from its own address (X-Forwarded-For; the demo server trusts it here), and time the setups: up to
 *    the last 101 or stream response head, or, for long polls (which get no answer until an event), up
 *    to the server's receipt of the last request;
 * 3. collect garbage, read the RSS again: the difference per 1,000 connections;
 * 4. have the server emit one event and take, on every connection, its arrival time minus the time the
 *    server stamped on it (one machine, one clock);
 * 5. close everything and end the server process.
 *
 * Then it prints the table and writes docs/operate/_capacity-results.md (or the file given with --out):
 * medians over the rounds, each round's ours / anchor and their spread, against the targets of issue #17.
 */
import {fork, type ChildProcess} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {resultsMarkdown, resultsTable, type PhaseResult, type RoundResult} from './bench-capacity-report.mts';
import {
  CAPACITY_TRANSPORTS,
  type CapacityServer,
  type CapacityTransport,
  type ServerCommand,
  type ServerReport,
  type WorkerCommand,
  type WorkerReport,
} from './capacity/protocol.mts';

const defaultOut = fileURLToPath(new URL('../docs/operate/_capacity-results.md', import.meta.url));
const {values} = parseArgs({
  options: {
    connections: {type: 'string', default: '10000'},
    rounds: {type: 'string', default: '3'},
    workers: {type: 'string', default: '4'},
    concurrency: {type: 'string', default: '32'},
    transports: {type: 'string', default: CAPACITY_TRANSPORTS.join(',')},
    out: {type: 'string', default: defaultOut},
    profile: {type: 'string'},
    help: {type: 'boolean', default: false},
  },
});
if (values.help) {
  console.log(`npm run bench:capacity -- [options]
  --connections N   connections of each kind per phase (10000)
  --rounds N        rounds; each measures ours and the anchor back to back (3)
  --transports L    some of ${CAPACITY_TRANSPORTS.join(',')} (all)
  --workers N       client processes (4)
  --concurrency N   setups in flight per client process (32)
  --out FILE        where to write the results (docs/operate/_capacity-results.md)
  --profile DIR     write a CPU profile of each fan-out to DIR (<transport>-<server>-<round>.cpuprofile)
                    and of each setup phase (<transport>-<server>-<round>-setup.cpuprofile);
                    read one with: node scripts/capacity/profileSummary.mts FILE`);
  process.exit(0);
}
if (values.profile !== undefined && values.out === defaultOut) {
  // The profiler's own work is counted in the server's CPU time: such figures are not the page's.
  throw new Error('--profile needs --out too: a profiled run does not write the docs page');
}
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const workerCount = Number(values.workers);
const concurrency = Number(values.concurrency);
const transports = values.transports.split(',') as CapacityTransport[];
for (const [name, value] of Object.entries({connections, rounds, workers: workerCount, concurrency})) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
}
for (const transport of transports) {
  if (!CAPACITY_TRANSPORTS.includes(transport)) throw new Error(`--transports takes ${CAPACITY_TRANSPORTS.join(',')}`);
}
const defaults = connections === 10_000 && rounds === 3 && values.transports === CAPACITY_TRANSPORTS.join(',');
const command = `npm run bench:capacity${defaults ? '' : ` -- --connections ${connections} --rounds ${rounds}${values.transports === CAPACITY_TRANSPORTS.join(',') ? '' : ` --transports ${values.transports}`}`}`;

/** Connections opened and closed before the first RSS reading, so that code and pools used per connection exist. */
const WARM_UP = 200;
/** How long the clients may take to receive the event, and the server the last long poll. */
const WAIT_MS = 60_000;
/** The profiler's sampling interval with --profile: fine enough to see a per-connection cost in one fan-out. */
const PROFILE_INTERVAL_US = 100;

/** A child process spoken to over IPC: each `ask` waits for the next report of the type it names. */
interface Child<Command, Report extends {type: string}> {
  process: ChildProcess;
  ask<T extends Report['type']>(command: Command | null, type: T): Promise<Extract<Report, {type: T}>>;
}

function spawnChild<Command, Report extends {type: string}>(
  script: string,
  args: string[],
  execArgv: string[],
): Child<Command, Report> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {execArgv, stdio: 'inherit'});
  const waiting = new Map<string, {resolve: (report: Report) => void; reject: (error: Error) => void}[]>();
  const early: Report[] = [];
  child.on('message', (message: Report) => {
    const waiter = waiting.get(message.type)?.shift();
    if (waiter === undefined) early.push(message);
    else waiter.resolve(message);
  });
  child.once('exit', (code, signal) => {
    for (const [type, queue] of waiting) {
      for (const waiter of queue)
        waiter.reject(new Error(`${script} exited (${code ?? signal}) while asked for ${type}`));
    }
    waiting.clear();
  });
  return {
    process: child,
    ask(command, type) {
      return new Promise((resolve, reject) => {
        const index = early.findIndex((report) => report.type === type);
        if (index !== -1) {
          resolve(early.splice(index, 1)[0] as Extract<Report, {type: typeof type}>);
        } else {
          const queue = waiting.get(type) ?? [];
          queue.push({resolve: (report) => resolve(report as Extract<Report, {type: typeof type}>), reject});
          waiting.set(type, queue);
        }
        if (command !== null) child.send(command as object);
      });
    },
  };
}

type ServerChild = Child<ServerCommand, ServerReport>;
type WorkerChild = Child<WorkerCommand, WorkerReport>;

function serverScript(server: CapacityServer, transport: CapacityTransport): string {
  if (server === 'ours') return './capacity/ourServer.mts';
  return transport === 'ws' ? './capacity/anchorWebSocket.mts' : './capacity/anchorHttp.mts';
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(kib) * 1024;
}

/**
 * CPU time the process has used so far, user and system, in ms, from /proc/<pid>/stat (fields 14 and 15,
 * in clock ticks of 10 ms: Linux's USER_HZ is 100). Steadier than a rate on a busy machine: it counts the
 * work done, not the time spent waiting for a core.
 */
async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name, in parentheses, may hold spaces: the fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Collects all the garbage it can (serverChild.mts says how), then reads the RSS. */
async function settledRss(server: ServerChild): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await server.ask({type: 'gc'}, 'collected');
  return rssOf(server.process.pid ?? 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` connections spread over the workers; clients numbered from `firstClient`. */
async function openAll(
  workers: readonly WorkerChild[],
  transport: CapacityTransport,
  serverUrl: string,
  firstClient: number,
  count: number,
) {
  const share = Math.ceil(count / workers.length);
  const reports = await Promise.all(
    workers.map((worker, i) =>
      worker.ask(
        {
          type: 'open',
          transport,
          serverUrl,
          firstClient: firstClient + i * share,
          count: Math.max(0, Math.min(share, count - i * share)),
          concurrency,
        },
        'opened',
      ),
    ),
  );
  return {
    opened: reports.reduce((sum, report) => sum + report.opened, 0),
    failed: reports.reduce((sum, report) => sum + report.failed, 0),
    firstError: reports.find((report) => report.firstError !== null)?.firstError ?? null,
    finishedAt: Math.max(...reports.map((report) => report.finishedAt)),
  };
}

async function closeAll(workers: readonly WorkerChild[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.ask({type: 'close'}, 'closed')));
}

/** Waits until the server has received `count` long-poll requests in all; returns when the last arrived. */
async function longPollsReceived(server: ServerChild, count: number, since: number): Promise<number> {
  for (;;) {
    const seen = await server.ask({type: 'seen', pathPrefix: ENDPOINTS.eventsLongPoll}, 'seen');
    if (seen.count >= count) return seen.lastAt;
    if (Date.now() - since > WAIT_MS) throw new Error(`The server received ${seen.count} of ${count} long polls`);
    await sleep(100);
  }
}

async function measurePhase(
  workers: readonly WorkerChild[],
  server: CapacityServer,
  transport: CapacityTransport,
  round: number,
): Promise<PhaseResult> {
  const child: ServerChild = spawnChild(
    serverScript(server, transport),
    [String(2 * connections + WARM_UP)],
    ['--expose-gc'],
  );
  try {
    const {port} = await child.ask(null, 'listening');
    const serverUrl = `http://127.0.0.1:${port}`;
    // Client addresses never repeat within a phase: the warm-up's come after the measured ones.
    await openAll(workers, transport, serverUrl, connections, WARM_UP);
    if (transport === 'longPoll') await longPollsReceived(child, WARM_UP, Date.now());
    await closeAll(workers);
    const rssBefore = await settledRss(child);

    const pid = child.process.pid ?? 0;
    if (values.profile !== undefined)
      await child.ask({type: 'profileStart', intervalUs: PROFILE_INTERVAL_US}, 'profiling');
    const cpuBeforeSetup = await cpuMsOf(pid);
    const startedAt = Date.now();
    const setup = await openAll(workers, transport, serverUrl, 0, connections);
    const finishedAt =
      transport === 'longPoll' ? await longPollsReceived(child, WARM_UP + setup.opened, startedAt) : setup.finishedAt;
    const setupCpuMs = (await cpuMsOf(pid)) - cpuBeforeSetup;
    if (values.profile !== undefined) {
      const file = join(values.profile, `${transport}-${server}-${round + 1}-setup.cpuprofile`);
      await child.ask({type: 'profileStop', file}, 'profiled');
      console.error(`  setup profile: ${file}`);
    }
    if (setup.failed > 0) {
      console.error(`  ${setup.failed} of ${connections} setups failed on ${server}; the first: ${setup.firstError}`);
    }
    const rssAfter = await settledRss(child);

    if (values.profile !== undefined)
      await child.ask({type: 'profileStart', intervalUs: PROFILE_INTERVAL_US}, 'profiling');
    const cpuBeforeFanOut = await cpuMsOf(pid);
    const emission = await child.ask({type: 'emit'}, 'emitted');
    console.error(
      `  emission: ${emission.emitMs.toFixed(0)} ms, ${emission.emitCpuMs.toFixed(0)} ms of CPU, to hand the event to every connection`,
    );
    const emittedAt = Date.now();
    let received: WorkerReport & {type: 'received'};
    for (;;) {
      await sleep(250);
      const reports = await Promise.all(workers.map((worker) => worker.ask({type: 'report'}, 'received')));
      received = {type: 'received', delays: reports.flatMap((r) => r.delays), lost: 0};
      if (received.delays.length >= setup.opened || Date.now() - emittedAt > WAIT_MS) break;
    }
    const fanOutCpuMs = (await cpuMsOf(pid)) - cpuBeforeFanOut;
    if (values.profile !== undefined) {
      const file = join(values.profile, `${transport}-${server}-${round + 1}.cpuprofile`);
      await child.ask({type: 'profileStop', file}, 'profiled');
      console.error(`  fan-out profile: ${file}`);
    }
    if (received.delays.length < setup.opened) {
      console.error(`  ${setup.opened - received.delays.length} connections never received the event on ${server}`);
    }
    await closeAll(workers);
    return {
      opened: setup.opened,
      failed: setup.failed,
      setupsPerSecond: setup.opened / ((finishedAt - startedAt) / 1000),
      setupCpuUs: (setupCpuMs * 1000) / setup.opened,
      fanOutCpuMs,
      rssIdle: rssBefore,
      rssPer1000: ((rssAfter - rssBefore) / setup.opened) * 1000,
      delays: received.delays,
    };
  } finally {
    child.process.kill('SIGKILL');
  }
}

const runStartedAt = Date.now();
const loadBefore = loadavg()[0] ?? 0;
const workers: WorkerChild[] = Array.from({length: workerCount}, () =>
  spawnChild<WorkerCommand, WorkerReport>('./capacity/clientWorker.mts', [], []),
);
await Promise.all(workers.map((worker) => worker.ask(null, 'ready')));

const results: Partial<Record<CapacityTransport, RoundResult[]>> = {};
let failed = 0;
for (let round = 0; round < rounds; round++) {
  for (const transport of transports) {
    // Alternate which server goes first, so that neither always meets the machine in the same state.
    const order: CapacityServer[] = round % 2 === 0 ? ['ours', 'anchor'] : ['anchor', 'ours'];
    const phases: Partial<Record<CapacityServer, PhaseResult>> = {};
    for (const server of order) {
      console.error(`Round ${round + 1} of ${rounds}: ${transport} on ${server}…`);
      const phase = await measurePhase(workers, server, transport, round);
      failed += phase.failed;
      phases[server] = phase;
    }
    if (phases.ours === undefined || phases.anchor === undefined) throw new Error('a phase is missing');
    (results[transport] ??= []).push({ours: phases.ours, anchor: phases.anchor});
  }
}
for (const worker of workers) worker.process.disconnect();

console.log(resultsTable(results));
const markdown = resultsMarkdown({
  date: new Date().toISOString().slice(0, 10),
  command,
  nodeVersion: process.version,
  cpuCores: cpus().length,
  connections,
  rounds,
  seconds: (Date.now() - runStartedAt) / 1000,
  loadBefore,
  loadAfter: loadavg()[0] ?? 0,
  failed,
  results,
});
const formatted = await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out});
await writeFile(values.out, formatted);
console.error(`Written to ${values.out}`);
