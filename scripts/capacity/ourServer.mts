/**
 * The demo server as the capacity benchmark runs it, in a process of its own:
 * `node --expose-gc scripts/capacity/ourServer.mts` (forked by
 * scripts/bench-capacity.mts, which talks to it over IPC).
 *
 * Its configuration is the default one, with the server-wide totals raised
 * far enough for the run (every client comes from its own address, so the
 * per-client bounds stay as they are) and an event stream that emits when the
 * benchmark says so instead of on its own timer.
 */
import {loadConfig} from '../../demo-server/src/config.ts';
import {createEventSource} from '../../demo-server/src/events/source.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer} from '../../demo-server/src/server.ts';
import {answerCommands, reportListening} from './serverChild.mts';

/** Connections the run may hold at once, per kind; the benchmark opens at most this many. */
const total = Number(process.argv[2] ?? '20000');
if (!Number.isInteger(total) || total < 1)
  throw new Error(`The first argument is the total to allow, not ${process.argv[2]}`);

const config = loadConfig({PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: 'true'});
// The longest setTimeout Node takes is 2^31 - 1 ms; this interval never comes within a run.
const events = createEventSource({meanIntervalMs: 2 ** 30, jitter: 0, backlog: DEFAULT_LIMITS.eventBacklog});
const server = await startServer(
  {
    ...config,
    limits: {
      ...config.limits,
      maxConnections: total,
      maxTrackedClients: total,
      maxStreams: total,
      maxParkedLongPolls: total,
      // Setting up 10,000 long-polls on a busy machine can take longer than the default 25 s hold.
      longPollTimeoutMs: 120_000,
    },
  },
  // The anchor logs nothing either; a log line per connection would be measured as the server's work.
  {logger: silentLogger, events},
);
answerCommands(() => {
  const event = events.emit();
  return {id: event.id, emittedAt: event.emittedAt};
});
reportListening(server.port);
