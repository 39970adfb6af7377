/**
 * Entry point: `node demo-server/src/main.ts` (Node 24 runs the TypeScript
 * directly). Reads the configuration from the environment, starts the server,
 * and shuts it down cleanly on SIGTERM or SIGINT.
 */
import {readFileSync} from 'node:fs';
import {ConfigError, fileDescriptorWarning, loadConfig} from './config.ts';
import {SHUTDOWN_EXIT_DEADLINE_MS} from './limits.ts';
import {createLogger} from './log.ts';
import {startServer, type DemoServer} from './server.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger({json: config.jsonLogs, level: config.logLevel});
for (const warning of config.warnings) logger.warn('config', {warning});
if (process.platform === 'linux') {
  let procSelfLimits = '';
  try {
    procSelfLimits = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    // No /proc (a sandbox without it): nothing to compare with.
  }
  const warning = fileDescriptorWarning(config.limits, procSelfLimits);
  if (warning !== null) logger.warn('config', {warning});
}

// Signals are handled from the start: a stop request that arrives while the
// server is still binding (or right after its "start" line) must not kill it
// mid-way with the default handler.
let server: DemoServer | undefined;
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    // A second Ctrl-C means "now".
    logger.warn('forced-exit', {signal});
    process.exit(1);
  }
  stopping = true;
  logger.info('shutdown', {signal});
  if (server === undefined) process.exit(0);
  setTimeout(() => {
    logger.error('shutdown-timeout', {afterMs: SHUTDOWN_EXIT_DEADLINE_MS});
    process.exit(1);
  }, SHUTDOWN_EXIT_DEADLINE_MS).unref();
  server.shutdown().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('shutdown-failed', {error: error instanceof Error ? error.message : String(error)});
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

try {
  server = await startServer(config, {logger});
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    logger.error('start-failed', {
      reason: `Port ${config.port} on ${config.host} is already in use: is another demo server running? Set PORT to use another port.`,
    });
  } else {
    logger.error('start-failed', {reason: error instanceof Error ? error.message : String(error)});
  }
  process.exit(1);
}
