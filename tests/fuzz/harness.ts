/**
 * Runs the server under fuzzing (target.mts) as a child process on loopback
 * and measures each input: the child reports how long its event loop was
 * blocked and how far its memory rose; an input after which the child is gone
 * crashed it, and its stderr says how. A crashed child is started again, so a
 * run carries on past a finding.
 */
import {fork, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {Probe, ProbeRequest, TargetMessage} from './protocol.ts';

const TARGET = fileURLToPath(new URL('./target.mts', import.meta.url));
/** A child that does not answer the harness within this long is counted as stalled for good. */
const ANSWER_TIMEOUT_MS = 10_000;
const STDERR_KEPT = 8_192;

export class ServerUnderFuzz {
  #child: ChildProcess;
  #port: number;
  #stderr = '';
  #exit: {code: number | null; signal: NodeJS.Signals | null} | null = null;
  /** Log lines and bytes the server wrote, counted (their content is not kept). */
  logLines = 0;
  logBytes = 0;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.#port = port;
  }

  static async start(): Promise<ServerUnderFuzz> {
    const child = fork(TARGET, [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {...process.env, NODE_ENV: 'production'},
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_KEPT)));
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: TargetMessage) => {
        if (message.type === 'ready') resolve(message.port);
      });
      child.once('exit', (code) => reject(new Error(`The server under fuzzing exited on start (${code}): ${stderr}`)));
    });
    const server = new ServerUnderFuzz(child, port);
    server.#stderr = stderr;
    child.stderr?.on('data', (text: string) => (server.#stderr = (server.#stderr + text).slice(-STDERR_KEPT)));
    child.stdout?.on('data', (chunk: Buffer) => {
      server.logBytes += chunk.length;
      for (const byte of chunk) if (byte === 0x0a) server.logLines += 1;
    });
    child.once('exit', (code, signal) => (server.#exit = {code, signal}));
    return server;
  }

  get port(): number {
    return this.#port;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.#exit === null && this.#child.exitCode === null;
  }

  /** How the process ended, and the end of what it wrote on stderr (the stack of a crash). */
  get death(): string {
    const how = this.#exit?.signal ?? `exit code ${this.#exit?.code ?? this.#child.exitCode}`;
    return `${how}; stderr: ${this.#stderr.trim().slice(-2_000) || '(nothing)'}`;
  }

  #ask(request: ProbeRequest, answer: TargetMessage['type']): Promise<TargetMessage | null> {
    if (!this.alive) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onMessage = (message: TargetMessage) => {
        if (message.type !== answer) return;
        done(message);
      };
      const onExit = () => done(null);
      const timer = setTimeout(() => done(null), ANSWER_TIMEOUT_MS);
      const done = (message: TargetMessage | null) => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        resolve(message);
      };
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      this.#child.send(request);
    });
  }

  /** Starts measuring one input. False when the process is gone (or no longer answers). */
  async reset(): Promise<boolean> {
    return (await this.#ask({type: 'reset'}, 'reset')) !== null;
  }

  /** What the input cost since `reset`; null when the process died (or stopped answering). */
  async read(): Promise<Probe | null> {
    const message = await this.#ask({type: 'read'}, 'probe');
    return message?.type === 'probe' ? message : null;
  }

  /** A full collection, then the memory still in use. */
  async collect(): Promise<Probe | null> {
    const message = await this.#ask({type: 'gc'}, 'probe');
    return message?.type === 'probe' ? message : null;
  }

  /** Makes the process block, grow or die as a bad input would (for the fuzzer's own tests). */
  misbehave(how: 'block' | 'grow' | 'crash'): void {
    this.#child.send({type: 'misbehave', how} satisfies ProbeRequest);
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.send({type: 'stop'});
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.alive) this.#child.kill('SIGKILL');
  }
}
