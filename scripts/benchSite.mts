/**
 * What the benchmarks that drive Chromium through a built site share (bench-longtasks.mts,
 * bench-when-it-breaks.mts): a command run to its end, the build served and waited for, stopped with the script,
 * and a demo server that allows that site.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../demo-server/src/server.ts';

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Runs `cmd args` in `cwd` with its output on this script's; rejects unless it exits 0. */
export function runToEnd(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {cwd, env, stdio: ['ignore', 'inherit', 'inherit']});
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

export interface ServedSite {
  child: ChildProcess;
  /** Stops the server's whole process group; does nothing if it has ended. */
  stop: () => void;
}

/**
 * Starts `cmd args` (a static server) in a process group of its own and resolves once `url` answers, within a
 * minute. Stopping this script (SIGINT, SIGTERM) stops the server's group too.
 */
export async function serveSite(cmd: string, args: readonly string[], cwd: string, url: string): Promise<ServedSite> {
  const child = spawn(cmd, args, {cwd, stdio: 'ignore', detached: true});
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return {child, stop};
    } catch {
      // Not listening yet.
    }
    await pause(500);
  }
  stop();
  throw new Error(`the site did not answer on ${url}`);
}

/** The demo server on `demoPort`, on loopback, with its logs silenced, allowing the site served on `sitePort`. */
export function startDemoServerFor(demoPort: number, sitePort: number): Promise<DemoServer> {
  return startServer(
    loadConfig({
      PORT: String(demoPort),
      HOST: '127.0.0.1',
      ALLOWED_ORIGINS: `http://localhost:${sitePort},http://127.0.0.1:${sitePort}`,
    }),
    {logger: silentLogger},
  );
}
