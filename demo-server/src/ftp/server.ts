/**
 * A small, read-only FTP server (RFC 959, with EPSV from RFC 2428): enough of
 * the protocol for a real client (basic-ftp) to log in anonymously and fetch
 * one of the demo files, and small enough to read in one sitting.
 *
 * It listens on 127.0.0.1 only, on a port the system picks, so nothing
 * outside this machine can reach it: the demo server is its only client.
 * Passive data ports are on 127.0.0.1 too, and accept one connection, from
 * the control connection's address only. Active mode (PORT, EPRT) is not
 * offered: the server never connects out.
 */
import {createServer, type AddressInfo, type Server, type Socket} from 'node:net';
import type {Limits} from '../limits.ts';
import {findDemoFile, type DemoFiles} from './files.ts';
import {parseCommandLine, toNetworkAscii} from './replies.ts';

/** The only address the control and data ports listen on. */
export const FTP_HOST = '127.0.0.1';

export type FtpLimits = Pick<
  Limits,
  'ftpMaxConnections' | 'ftpIdleTimeoutMs' | 'ftpMaxCommandBytes' | 'ftpPassiveTimeoutMs' | 'ftpTransferTimeoutMs'
>;

export interface FtpServer {
  readonly host: typeof FTP_HOST;
  readonly port: number;
  /** Control connections open now. */
  connections(): number;
  /** Closes every connection and the listening socket. */
  close(): Promise<void>;
}

/** Commands that would change something: refused with 550, since nothing here can be written. */
const WRITE_COMMANDS = new Set(['STOR', 'STOU', 'APPE', 'DELE', 'MKD', 'XMKD', 'RMD', 'XRMD', 'RNFR', 'RNTO', 'SITE']);
/** Commands allowed before login (RFC 959 §5.4 lets a server refuse the rest with 530). */
const BEFORE_LOGIN = new Set(['USER', 'PASS', 'QUIT', 'SYST', 'FEAT', 'NOOP', 'OPTS']);
/** Commands queued behind one being handled; a client pipelining more is cut off. */
const MAX_QUEUED_COMMANDS = 16;

/** What FEAT lists (RFC 2389): one feature per line, each starting with a space. */
const FEATURES = ['EPSV', 'PASV', 'SIZE', 'UTF8'];

interface PassivePort {
  listener: Server;
  port: number;
  /** Resolves with the data connection, or null if none came in time. */
  connection: Promise<Socket | null>;
}

interface Session {
  control: Socket;
  user: string | null;
  loggedIn: boolean;
  type: 'A' | 'I';
  passive: PassivePort | null;
  data: Socket | null;
}

/** Starts the server on 127.0.0.1 and a port the system picks. */
export async function startFtpServer(files: DemoFiles, limits: FtpLimits): Promise<FtpServer> {
  const sessions = new Set<Session>();
  const server = createServer((control) => {
    if (sessions.size >= limits.ftpMaxConnections) {
      control.end('421 Too many connections, try again later\r\n');
      control.setTimeout(5_000, () => control.destroy());
      return;
    }
    const session: Session = {control, user: null, loggedIn: false, type: 'A', passive: null, data: null};
    sessions.add(session);
    control.once('close', () => {
      sessions.delete(session);
      closePassive(session);
      session.data?.destroy();
    });
    control.on('error', () => control.destroy());
    serve(session, files, limits);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({host: FTP_HOST, port: 0}, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const {port} = server.address() as AddressInfo;
  return {
    host: FTP_HOST,
    port,
    connections: () => sessions.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.control.destroy();
        server.close(() => resolve());
      }),
  };
}

function reply(session: Session, code: number, text: string): void {
  if (session.control.writable) session.control.write(`${code} ${text}\r\n`);
}

/** Reads command lines off the control connection and answers them one at a time, in order. */
function serve(session: Session, files: DemoFiles, limits: FtpLimits): void {
  const {control} = session;
  control.setTimeout(limits.ftpIdleTimeoutMs, () => {
    reply(session, 421, `Idle for ${Math.round(limits.ftpIdleTimeoutMs / 1000)} s, closing the control connection`);
    control.end();
  });
  reply(session, 220, 'Over the Wire demo FTP server: anonymous, read-only');

  let buffered = '';
  let queued = 0;
  let chain = Promise.resolve();
  control.setEncoding('utf8');
  control.on('data', (text: string) => {
    buffered += text;
    let end = buffered.indexOf('\n');
    while (end !== -1) {
      // Telnet end-of-line is CRLF (RFC 959 §4.1.3); a bare LF is accepted too.
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      if (Buffer.byteLength(line) + 2 > limits.ftpMaxCommandBytes) return tooLong(session, limits);
      queued += 1;
      if (queued > MAX_QUEUED_COMMANDS) {
        reply(session, 421, 'Too many commands waiting, closing the control connection');
        return void control.end();
      }
      chain = chain
        .then(() => handle(session, line, files, limits))
        .catch(() => reply(session, 451, 'Local error in processing'))
        .finally(() => {
          queued -= 1;
        });
      end = buffered.indexOf('\n');
    }
    if (Buffer.byteLength(buffered) > limits.ftpMaxCommandBytes) tooLong(session, limits);
  });
}

function tooLong(session: Session, limits: FtpLimits): void {
  reply(session, 500, `Command line longer than ${limits.ftpMaxCommandBytes} bytes, closing the control connection`);
  session.control.end();
  session.control.removeAllListeners('data');
}

async function handle(session: Session, line: string, files: DemoFiles, limits: FtpLimits): Promise<void> {
  if (!session.control.writable) return;
  const {verb, argument} = parseCommandLine(line);
  if (!BEFORE_LOGIN.has(verb) && !session.loggedIn) return reply(session, 530, 'Log in with USER and PASS first');
  switch (verb) {
    case 'USER':
      // Anonymous FTP (RFC 1635): the user is "anonymous" or "ftp", any password.
      if (!['anonymous', 'ftp'].includes(argument.toLowerCase())) {
        return reply(session, 530, 'Only anonymous login here: USER anonymous');
      }
      session.user = argument;
      session.loggedIn = false;
      return reply(session, 331, 'Anonymous login: any password will do');
    case 'PASS':
      if (session.user === null) return reply(session, 503, 'Send USER first');
      session.loggedIn = true;
      return reply(session, 230, 'Logged in, read-only');
    case 'SYST':
      return reply(session, 215, 'UNIX Type: L8');
    case 'FEAT':
      return void session.control.write(`211-Features:\r\n${FEATURES.map((f) => ` ${f}\r\n`).join('')}211 End\r\n`);
    case 'OPTS':
      return /^UTF8 ON$/i.test(argument)
        ? reply(session, 200, 'UTF-8 is always on')
        : reply(session, 501, 'Only OPTS UTF8 ON is understood');
    case 'NOOP':
      return reply(session, 200, 'OK');
    case 'PWD':
    case 'XPWD':
      return reply(session, 257, '"/" is the current directory');
    case 'CWD':
    case 'XCWD':
      return ['/', '.', ''].includes(argument)
        ? reply(session, 250, 'The current directory is /')
        : reply(session, 550, 'Only / exists here');
    case 'CDUP':
      return reply(session, 250, 'The current directory is /');
    case 'TYPE': {
      const type = argument.toUpperCase();
      if (type === 'A' || type === 'A N') session.type = 'A';
      else if (type === 'I' || type === 'L 8') session.type = 'I';
      else return reply(session, 504, 'Only TYPE A and TYPE I');
      return reply(session, 200, `Type set to ${session.type}`);
    }
    case 'STRU':
      return argument.toUpperCase() === 'F' ? reply(session, 200, 'Structure set to F') : reply(session, 504, 'Only F');
    case 'MODE':
      return argument.toUpperCase() === 'S' ? reply(session, 200, 'Mode set to S') : reply(session, 504, 'Only S');
    case 'EPSV':
      if (argument.toUpperCase() === 'ALL') return reply(session, 200, 'EPSV ALL accepted');
      if (argument !== '' && argument !== '1') return reply(session, 522, 'Network protocol not supported, use (1)');
      return passive(session, limits, (port) => reply(session, 229, `Entering Extended Passive Mode (|||${port}|)`));
    case 'PASV':
      return passive(session, limits, (port) =>
        reply(session, 227, `Entering Passive Mode (127,0,0,1,${Math.floor(port / 256)},${port % 256})`),
      );
    case 'PORT':
    case 'EPRT':
      return reply(session, 502, 'Active mode is not offered here: use EPSV or PASV');
    case 'SIZE': {
      const file = findDemoFile(files, argument);
      if (file === undefined) return reply(session, 550, 'No such file');
      return reply(session, 213, String(session.type === 'A' ? toNetworkAscii(file.bytes).length : file.bytes.length));
    }
    case 'RETR': {
      const file = findDemoFile(files, argument);
      if (file === undefined) return reply(session, 550, 'No such file');
      const bytes = session.type === 'A' ? toNetworkAscii(file.bytes) : file.bytes;
      const mode = session.type === 'A' ? 'ASCII' : 'BINARY';
      return transfer(session, limits, `${mode} mode data connection for ${file.name} (${bytes.length} bytes)`, bytes);
    }
    case 'LIST':
    case 'NLST': {
      // Options such as "-a" are ignored; the only directory is /.
      const path = argument.replace(/^-\S*\s*/, '');
      if (!['', '/', '.'].includes(path)) return reply(session, 550, 'Only / exists here');
      const lines = [...files.values()].map((file) =>
        verb === 'NLST' ? file.name : `-r--r--r-- 1 ftp ftp ${String(file.bytes.length).padStart(8)} Nov 25 18:00 ${file.name}`,
      );
      return transfer(session, limits, 'ASCII mode data connection for the file list', Buffer.from(lines.map((l) => `${l}\r\n`).join('')));
    }
    case 'QUIT':
      reply(session, 221, 'Goodbye');
      return void session.control.end();
    default:
      if (WRITE_COMMANDS.has(verb)) return reply(session, 550, 'This server is read-only');
      return reply(session, 502, 'Command not implemented');
  }
}

function closePassive(session: Session): void {
  session.passive?.listener.close();
  session.passive = null;
}

/**
 * Opens a passive data port on 127.0.0.1 that accepts one connection, from
 * the control connection's own address (anything else is dropped: RFC 2577
 * §5 warns of "port stealing"), within ftpPassiveTimeoutMs.
 */
async function passive(session: Session, limits: FtpLimits, announce: (port: number) => void): Promise<void> {
  closePassive(session);
  const listener = createServer();
  let settle: (socket: Socket | null) => void = () => undefined;
  const connection = new Promise<Socket | null>((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => {
    settle(null);
    listener.close();
  }, limits.ftpPassiveTimeoutMs);
  listener.on('connection', (socket) => {
    if (socket.remoteAddress !== session.control.remoteAddress) return void socket.destroy();
    clearTimeout(timer);
    listener.close();
    socket.on('error', () => socket.destroy());
    settle(socket);
  });
  listener.on('close', () => clearTimeout(timer));
  const port = await new Promise<number>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen({host: FTP_HOST, port: 0}, () => resolve((listener.address() as AddressInfo).port));
  });
  session.passive = {listener, port, connection};
  announce(port);
}

/** Sends `bytes` on the passive data connection: 150, the bytes, close, then 226 (RFC 959 §4.2, §5.4). */
async function transfer(session: Session, limits: FtpLimits, what: string, bytes: Buffer): Promise<void> {
  const port = session.passive;
  if (port === null) return reply(session, 425, 'Send EPSV or PASV first');
  session.passive = null;
  const data = await port.connection;
  if (data === null) return reply(session, 425, 'No data connection came in time');
  session.data = data;
  reply(session, 150, `Opening ${what}`);
  const done = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      data.destroy();
      resolve(false);
    }, limits.ftpTransferTimeoutMs);
    let finished = false;
    data.once('close', () => {
      clearTimeout(timer);
      resolve(finished);
    });
    // End of file is the data connection closing (stream mode, RFC 959 §3.4.1).
    data.end(bytes, () => {
      finished = true;
    });
  });
  session.data = null;
  if (done) reply(session, 226, 'Transfer complete, data connection closed');
  else reply(session, 426, `Transfer aborted: it took longer than ${Math.round(limits.ftpTransferTimeoutMs / 1000)} s`);
}
