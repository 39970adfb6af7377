/** The demo server as operators run it: `node demo-server/src/main.ts` in its own process. */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const MAIN = fileURLToPath(new URL('../../../demo-server/src/main.ts', import.meta.url));

export interface DemoProcess {
  process: ChildProcessWithoutNullStreams;
  port: number;
  /** Every JSON log line so far. */
  logs: Array<Record<string, unknown>>;
  /** The `event` of every log line so far, in order. */
  events: string[];
  /** The exit code, once the process has closed (after its output was read to the end). */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts the server on a free port with JSON logs and waits for its "start" line. */
export function startDemoProcess(env: Record<string, string> = {}): Promise<DemoProcess> {
  const proc = spawn(process.execPath, [MAIN], {
    env: {...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env},
  });
  running.add(proc);
  const logs: Array<Record<string, unknown>> = [];
  const events: string[] = [];
  // 'close', not 'exit': it comes after stdout has been read to the end, so every log line is in.
  const exited = new Promise<number | null>((resolve) =>
    proc.once('close', (code) => {
      running.delete(proc);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    let pending = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        events.push(String(entry.event));
        if (entry.event === 'start' && typeof entry.url === 'string') {
          resolve({process: proc, port: Number(new URL(entry.url).port), logs, events, exited});
        }
      }
    });
    void exited.then((code) => reject(new Error(`demo server exited before starting, code ${code}`)));
  });
}

/** Kills whatever a test left running (for afterEach). */
export function killDemoProcesses(): void {
  for (const proc of running) proc.kill('SIGKILL');
  running.clear();
}

/** The path of main.ts, for tests that spawn it with arguments of their own. */
export const DEMO_SERVER_MAIN = MAIN;
