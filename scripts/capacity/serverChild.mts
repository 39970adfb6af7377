/**
 * The IPC half shared by every server process the capacity benchmark measures
 * (ourServer.mts, anchorWebSocket.mts, anchorHttp.mts): it answers the
 * parent's commands the same way whatever server runs beside it.
 */
import {subscribe} from 'node:diagnostics_channel';
import {writeFile} from 'node:fs/promises';
import type {IncomingMessage} from 'node:http';
import {Session} from 'node:inspector/promises';
import type {ServerCommand, ServerReport} from './protocol.mts';

/** What the server does when told to emit: sends one event to every subscriber and says which. */
export type Emit = () => {id: number; emittedAt: number};

function send(report: ServerReport): void {
  if (process.send === undefined) throw new Error('Run this as a child process with an IPC channel (fork)');
  process.send(report);
}

/**
 * Starts answering the parent's commands. Requests are counted from Node's own diagnostics channel,
 * which sees every request any HTTP server of this process emits, before its handler runs.
 */
export function answerCommands(emit: Emit): void {
  const requests = new Map<string, {count: number; lastAt: number}>();
  subscribe('http.server.request.start', (message) => {
    const {request} = message as {request: IncomingMessage};
    const url = request.url ?? '/';
    const path = url.slice(0, url.indexOf('?') === -1 ? undefined : url.indexOf('?'));
    const entry = requests.get(path) ?? {count: 0, lastAt: 0};
    entry.count += 1;
    entry.lastAt = Date.now();
    requests.set(path, entry);
  });
  // The process runs with --expose-gc; without it this is a programming error of the launcher.
  const gc = (globalThis as {gc?: (options: {type: 'major'; execution: 'sync'; flavor: 'last-resort'}) => void}).gc;
  if (gc === undefined) throw new Error('Start the server process with --expose-gc');

  // The profiler runs in this process's own inspector session, so what it samples is the server at work.
  let profiler: Session | undefined;
  const profile = async (command: Extract<ServerCommand, {type: 'profileStart' | 'profileStop'}>) => {
    if (command.type === 'profileStart') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', {interval: command.intervalUs});
      await profiler.post('Profiler.start');
      send({type: 'profiling'});
      return;
    }
    if (profiler === undefined) throw new Error('profileStop without profileStart');
    const {profile} = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = undefined;
    await writeFile(command.file, JSON.stringify(profile));
    send({type: 'profiled', file: command.file});
  };
  process.on('message', (command: ServerCommand) => {
    switch (command.type) {
      case 'gc':
        // The collection V8 makes when told memory is low: it also gives back the young generation's
        // semispaces, which a burst of handshakes grows to tens of MiB whatever the server holds (they
        // shrink again once the burst is over). Without it, the RSS measured ~2 KiB more per connection
        // (10,000 /ws/events), depending on how hard the setup allocated, not on what it kept.
        gc({type: 'major', execution: 'sync', flavor: 'last-resort'});
        send({type: 'collected', heapUsed: process.memoryUsage().heapUsed});
        break;
      case 'emit': {
        const startedAt = performance.now();
        const cpuBefore = process.cpuUsage();
        const {id, emittedAt} = emit();
        const cpu = process.cpuUsage(cpuBefore);
        const emitMs = performance.now() - startedAt;
        send({type: 'emitted', id, emittedAt, emitMs, emitCpuMs: (cpu.user + cpu.system) / 1000});
        break;
      }
      case 'seen': {
        let count = 0;
        let lastAt = 0;
        for (const [path, entry] of requests) {
          if (!path.startsWith(command.pathPrefix)) continue;
          count += entry.count;
          lastAt = Math.max(lastAt, entry.lastAt);
        }
        send({type: 'seen', count, lastAt});
        break;
      }
      case 'profileStart':
      case 'profileStop':
        // A failure here is the benchmark's own bug: end the process, which fails the run with it.
        profile(command).catch((error: unknown) => {
          console.error(error);
          process.exit(1);
        });
        break;
    }
  });
  // The parent's death ends this process too: a benchmark interrupted must not leave servers behind.
  process.on('disconnect', () => process.exit(0));
}

export function reportListening(port: number): void {
  send({type: 'listening', port});
}
