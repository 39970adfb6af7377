/**
 * Fetches one file twice, over loopback: by FTP from the server's own FTP
 * server with a real client (basic-ftp), and by HTTP/1.1 from the demo server
 * itself over a raw TCP socket. Both are recorded from the client's side as
 * they cross the wire: every command and reply, the request and response
 * heads, each connection opening and closing, with timings.
 */
import {createHash} from 'node:crypto';
import {connect, type Socket} from 'node:net';
import {performance} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {Client} from 'basic-ftp';
import type {FtpVsHttpConnection, FtpVsHttpStep, FtpVsHttpTally} from '../contract/ftpVsHttp.ts';
import {FtpReplyReader, passivePortOf} from './replies.ts';

/** Called for each step as it happens; `atMs` counts from the start of that protocol's fetch. */
export type StepListener = (step: FtpVsHttpStep, atMs: number) => void;

export interface FetchResult {
  steps: {step: FtpVsHttpStep; atMs: number}[];
  body: Buffer;
  durationMs: number;
}

/** Records steps with their time since `start`, and passes each on as it happens. */
function recorder(onStep: StepListener) {
  const start = performance.now();
  const steps: FetchResult['steps'] = [];
  return {
    steps,
    elapsed: () => Math.round((performance.now() - start) * 10) / 10,
    record: (step: FtpVsHttpStep) => {
      const atMs = Math.round((performance.now() - start) * 10) / 10;
      steps.push({step, atMs});
      onStep(step, atMs);
    },
  };
}

/** CRLF-terminated lines as they were written, without the CRLF. */
function linesOf(text: string): string[] {
  return text.split('\r\n').filter((line, index, all) => index < all.length - 1 || line !== '');
}

/**
 * Reports a socket's opening (now, if it is already open), the data it
 * receives and its closing. It watches `emit` rather than adding listeners:
 * basic-ftp removes every listener from a socket it closes (a FIN from the
 * server, after QUIT, counts as such), and the closing must still be seen.
 */
function watchConnection(
  socket: Socket,
  connection: FtpVsHttpConnection,
  record: (step: FtpVsHttpStep) => void,
  onData: (chunk: string | Buffer) => void = () => undefined,
): Promise<void> {
  const opened = () =>
    record({kind: 'connect', connection, localPort: socket.localPort ?? 0, remotePort: socket.remotePort ?? 0});
  if (!socket.connecting) opened();
  return new Promise<void>((resolve) => {
    const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === 'connect') opened();
      if (event === 'data') onData(args[0] as string | Buffer);
      if (event === 'close') {
        record({kind: 'close', connection, bytes: socket.bytesRead + socket.bytesWritten});
        resolve();
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Logs in anonymously, fetches `file` in binary (basic-ftp's defaults: TYPE I,
 * passive mode, EPSV first), then QUITs and waits for the server to close.
 */
export async function fetchByFtp(
  target: {host: string; port: number},
  file: string,
  onStep: StepListener,
  timeoutMs: number,
): Promise<FetchResult> {
  const {steps, record, elapsed} = recorder(onStep);
  const client = new Client(timeoutMs);
  const chunks: Buffer[] = [];
  let controlClosed: Promise<void> = Promise.resolve();
  let dataClosed: Promise<void> = Promise.resolve();

  // basic-ftp sets `dataSocket` once the data connection is open: watch it from there.
  const context = client.ftp;
  const prototype = Object.getPrototypeOf(context) as object;
  const dataSocket = Object.getOwnPropertyDescriptor(prototype, 'dataSocket');
  Object.defineProperty(context, 'dataSocket', {
    configurable: true,
    get: () => dataSocket?.get?.call(context) as unknown,
    set: (socket: Socket | undefined) => {
      if (socket) dataClosed = watchConnection(socket, 'ftp-data', record);
      dataSocket?.set?.call(context, socket);
    },
  });

  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      record({kind: 'body', connection: 'ftp-data', bytes: chunk.length});
      callback();
    },
  });

  try {
    await withTimeout(
      (async () => {
        const access = client.access({host: target.host, port: target.port, user: 'anonymous', password: 'guest'});
        // `access` has created and started connecting the control socket by now, and no byte has moved yet.
        const control = context.socket;
        const replies = new FtpReplyReader();
        controlClosed = watchConnection(control, 'ftp-control', record, (chunk) => {
          for (const reply of replies.push(chunk.toString())) {
            const bytes = reply.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 2, 0);
            record({kind: 'receive', connection: 'ftp-control', lines: reply.lines, bytes});
          }
        });
        const write = control.write.bind(control) as (...args: unknown[]) => boolean;
        control.write = (chunk: unknown, ...rest: unknown[]) => {
          if (control.writable && typeof chunk === 'string') {
            record({kind: 'send', connection: 'ftp-control', lines: linesOf(chunk), bytes: Buffer.byteLength(chunk)});
          }
          return write(chunk, ...rest);
        };
        await access;
        await client.downloadTo(sink, file);
        await dataClosed;
        // QUIT and its 221 (RFC 959 §4.1.1); the server then closes the control connection.
        await client.send('QUIT');
        await controlClosed;
      })(),
      timeoutMs,
      'The FTP fetch',
    );
  } finally {
    client.close();
  }
  return {steps, body: Buffer.concat(chunks), durationMs: elapsed()};
}

/**
 * `GET /files/<file>` over one new TCP connection, written by hand so the
 * request is exactly what is shown; `Connection: close` (RFC 9112 §9.6) makes
 * the server close it after the response.
 */
export async function fetchByHttp(
  target: {host: string; port: number},
  path: string,
  onStep: StepListener,
  timeoutMs: number,
): Promise<FetchResult> {
  const {steps, record, elapsed} = recorder(onStep);
  const socket = connect({host: target.host, port: target.port});
  const closed = watchConnection(socket, 'http', record);
  const hostHeader = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  const request = [
    `GET ${path} HTTP/1.1`,
    `Host: ${hostHeader}`,
    'User-Agent: over-the-wire-demo',
    'Accept: */*',
    'Connection: close',
  ];
  const body: Buffer[] = [];
  let head: Buffer | null = Buffer.alloc(0);
  let status = 0;
  socket.on('connect', () => {
    const text = `${request.join('\r\n')}\r\n\r\n`;
    record({kind: 'send', connection: 'http', lines: request, bytes: Buffer.byteLength(text)});
    socket.write(text);
  });
  socket.on('data', (chunk: Buffer) => {
    if (head === null) {
      body.push(chunk);
      record({kind: 'body', connection: 'http', bytes: chunk.length});
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    const lines = head.subarray(0, end).toString('latin1').split('\r\n');
    status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
    record({kind: 'receive', connection: 'http', lines, bytes: end + 4});
    const rest = head.subarray(end + 4);
    head = null;
    if (rest.length > 0) {
      body.push(rest);
      record({kind: 'body', connection: 'http', bytes: rest.length});
    }
  });
  socket.on('error', () => socket.destroy());
  try {
    await withTimeout(closed, timeoutMs, 'The HTTP fetch');
  } finally {
    socket.destroy();
  }
  if (status !== 200) throw new Error(`The HTTP fetch answered ${status || 'nothing'}`);
  return {steps, body: Buffer.concat(body), durationMs: elapsed()};
}

/** What a fetch cost: connections, round trips, bytes, from its steps. */
export function tally(result: FetchResult): FtpVsHttpTally {
  let connections = 0;
  let messages = 0;
  let bytes = 0;
  for (const {step} of result.steps) {
    if (step.kind === 'connect') connections += 1;
    if (step.kind === 'send') messages += 1;
    if (step.kind === 'send' || step.kind === 'receive' || step.kind === 'body') bytes += step.bytes;
  }
  return {
    connections,
    // Each TCP handshake is a round trip before the first byte, and each command or request waits for its answer.
    roundTrips: connections + messages,
    messages,
    bytes,
    fileBytes: result.body.length,
    durationMs: result.durationMs,
    sha256: createHash('sha256').update(result.body).digest('hex'),
  };
}

/** The port the passive reply named, from a run's steps (null if none). */
export function passivePortOfSteps(steps: FetchResult['steps']): number | null {
  for (const {step} of steps) {
    if (step.kind !== 'receive') continue;
    const port = passivePortOf(step.lines[0] ?? '');
    if (port !== null) return port;
  }
  return null;
}

/** The server port the data connection went to (null if none opened). */
export function dataPortOfSteps(steps: FetchResult['steps']): number | null {
  const step = steps.find(({step}) => step.kind === 'connect' && step.connection === 'ftp-data')?.step;
  return step?.kind === 'connect' ? step.remotePort : null;
}
