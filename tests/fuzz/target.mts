/**
 * The demo server under fuzzing, in a process of its own so that an input
 * that kills it is seen as a crash (and its last words on stderr kept), not
 * as a failure of the fuzzer. Started by harness.ts with an IPC channel:
 *
 *   → {type: 'ready', port}           once listening
 *   ← {type: 'reset'}                 start measuring one input
 *   → {type: 'probe', …Probe}         answer to {type: 'read'}: what that input cost
 *   ← {type: 'gc'}                    full collection, then a probe (for retained memory)
 *
 * What an input cost: the longest the event loop was blocked, and the peak
 * resident memory against the resident memory when measuring began, both
 * sampled by a 5 ms timer. The block is the longest gap between two of its
 * ticks, less the 5 ms: perf_hooks.monitorEventLoopDelay was tried first and
 * missed a 120 ms block in two runs of three (one made in an IPC message
 * handler), where the gap between ticks caught it every time.
 *
 * A gap counts only as long as the event loop was busy in it: its thread's CPU time over
 * the gap, when that is shorter than the gap. On a loaded machine the process
 * also waits for a core, and those waits are not the server's doing: a 140 KB
 * echo frame measured 120–260 ms of gap with other builds running, where the
 * server's own work in it was a small part.
 */
import {loadConfig} from '../../demo-server/src/config.ts';
import {createLogger} from '../../demo-server/src/log.ts';
import {startServer} from '../../demo-server/src/server.ts';
import {FUZZ_LIMITS, type Probe, type ProbeRequest} from './protocol.ts';

if (process.send === undefined) throw new Error('Start this file through harness.ts (it needs an IPC channel)');
const send = process.send.bind(process);

const config = loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://localhost:3000'});
// The real logger, writing JSON lines as in production: logging is part of what a client can make the server do.
// The harness reads and discards them.
const logger = createLogger({json: true});
// Behind a proxy, as the README deploys it: X-Forwarded-For decides the client address, so the
// fuzzer's X-Forwarded-For headers reach every map keyed by client.
const server = await startServer({...config, trustProxy: true, limits: {...config.limits, ...FUZZ_LIMITS}}, {logger});

const TICK_MS = 5;
let lastTick = performance.now();
let longestGap = 0;
let baseRss = process.memoryUsage.rss();
let peakRss = baseRss;
let baseCpu = process.cpuUsage();
/** CPU time (user and system, ms) the event loop's thread had used at the last tick. */
let cpuAtLastTick = cpuMsNow();

/**
 * The main thread's CPU time, not the process's: the threads of libuv's pool (the compression the negotiation route
 * does at start, say) run beside the event loop without blocking it, and counted here they made a 120 ms block end
 * after 60 ms of the loop's own time.
 */
function cpuMsNow(): number {
  const {user, system} = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** The gap since the last tick, as long as the process was busy in it. */
function busyGapSinceLastTick(now: number): number {
  return Math.min(now - lastTick, cpuMsNow() - cpuAtLastTick);
}

setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, busyGapSinceLastTick(now));
  lastTick = now;
  cpuAtLastTick = cpuMsNow();
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, TICK_MS).unref();

const probe = (): Probe => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  // A block that ended just now has not been seen by a tick yet: the gap since the last tick counts too.
  const gap = Math.max(longestGap, busyGapSinceLastTick(performance.now()));
  return {
    maxDelayMs: Math.max(0, gap - TICK_MS),
    baseRssBytes: baseRss,
    peakRssBytes: peakRss,
    rssBytes: rss,
    heapUsedBytes: process.memoryUsage().heapUsed,
    cpuMs: (({user, system}) => (user + system) / 1000)(process.cpuUsage(baseCpu)),
  };
};

process.on('message', (message: ProbeRequest) => {
  if (message.type === 'reset') {
    longestGap = 0;
    baseCpu = process.cpuUsage();
    baseRss = process.memoryUsage.rss();
    peakRss = baseRss;
    send({type: 'reset'});
  } else if (message.type === 'read') {
    send({type: 'probe', ...probe()});
  } else if (message.type === 'gc') {
    // --expose-gc is given by the harness.
    (globalThis as {gc?: () => void}).gc?.();
    send({type: 'probe', ...probe()});
  } else if (message.type === 'stop') {
    void server.shutdown().then(() => process.exit(0));
  } else {
    misbehave(message.how);
  }
});

/** Held on purpose by `misbehave('grow')`, so the memory cannot be collected during the measurement. */
const held: Buffer[] = [];

/** What a bad input would do to the server, on request: the fuzzer's own tests check that each is caught. */
function misbehave(how: 'block' | 'grow' | 'crash'): void {
  if (how === 'block') {
    // Busy for 120 ms of the event loop thread's own CPU time, however long a loaded machine makes that take.
    const until = cpuMsNow() + 120;
    while (cpuMsNow() < until) {
      // The event loop is blocked.
    }
  } else if (how === 'grow') {
    held.push(Buffer.alloc(96 * 1024 * 1024, 1));
    setTimeout(() => held.pop(), 200);
  } else {
    setImmediate(() => {
      throw new RangeError('Maximum call stack size exceeded (a misbehaviour asked for by the fuzzer’s own test)');
    });
  }
}

send({type: 'ready', port: server.port});
