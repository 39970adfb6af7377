/**
 * What `node demo-server/src/main.ts` tells an operator at start about its
 * configuration: warnings it starts with, and problems it refuses to start on.
 */
import {spawn} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {DEMO_SERVER_MAIN, killDemoProcesses, startDemoProcess} from './support/process.ts';

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs main.ts under `sh` (so `ulimit` can apply to it) until it exits or is stopped once started. */
function runMain(shell: string, env: Record<string, string>): Promise<Finished> {
  const proc = spawn('sh', ['-c', `${shell} exec "$0" "$1"`, process.execPath, DEMO_SERVER_MAIN], {
    env: {...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env},
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('"event":"start"')) proc.kill('SIGTERM');
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => proc.once('close', (code) => resolve({code, stdout, stderr})));
}

const logLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('configuration at start', () => {
  afterEach(killDemoProcesses);

  it('logs a deprecated variable as a warning naming its new name, and starts', async () => {
    const running = await startDemoProcess({IDLE_TIMEOUT_SECONDS: '120'});
    expect(running.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        event: 'config',
        warning: 'IDLE_TIMEOUT_SECONDS is deprecated: set IDLE_TIMEOUT_MS=120000 instead (in ms, not seconds)',
      }),
    );
    running.process.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it('warns when the open-file limit cannot hold the configured totals, and still starts', async () => {
    const {code, stdout} = await runMain('ulimit -n 4096 &&', {});
    const lines = logLines(stdout);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        event: 'config',
        warning:
          'Open-file limit 4096 is below the 30680 descriptors the configured totals may hold; raise it to 30720 (LimitNOFILE=, ulimit -n) or lower the totals',
      }),
    );
    expect(lines.map((line) => line.event)).toContain('start');
    expect(code).toBe(0);
  });

  it('says nothing of open files when the totals fit', async () => {
    const {stdout} = await runMain('ulimit -n 4096 &&', {
      MAX_CONNECTIONS: '1000',
      MAX_TRACKED_CLIENTS: '2000',
      MAX_STREAMS: '1000',
      MAX_PARKED_LONG_POLLS: '1000',
    });
    expect(logLines(stdout).filter((line) => line.event === 'config')).toEqual([]);
  });

  it('refuses to start on bad values, listing every problem on stderr', async () => {
    const {code, stdout, stderr} = await runMain('', {
      MAX_STREAMS: 'lots',
      MAX_CONNECTIONS: '50000',
      ECHO_MAX_MESSAGE_BYTES: '1',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Invalid demo server configuration:\n/);
    expect(stderr).toContain('  - MAX_STREAMS must be a whole number from 1 to 1000000, got "lots"');
    expect(stderr).toContain('  - ECHO_MAX_MESSAGE_BYTES cannot be set: it mirrors `MESSAGE_LIMITS`');
    expect(stderr).toContain('  - MAX_CONNECTIONS (50000) must be at most MAX_TRACKED_CLIENTS (20000, the default)');
  });
});
