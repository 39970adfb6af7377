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
  | 'ftpMaxConnections'
  | 'ftpIdleTimeoutMs'
  | 'ftpMaxCommandBytes'
  | 'ftpPassiveTimeoutMs'
  | 'ftpTransferTimeoutMs'
  | 'ftpMaxQueuedCommands'
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
  // No Nagle delay: a reply written while the one before is still unacknowledged (226 after 150)
  // would otherwise wait for the client's delayed ACK, some 40 ms on Linux.
  const server = createServer({noDelay: true}, (control) => {
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

/** Writes reply text on the control connection, unless it is closing. */
function send(session: Session, text: string): void {
  if (session.control.writable) session.control.write(text);
}

function reply(session: Session, code: number, text: string): void {
  send(session, line(code, text));
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
      const command = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      if (Buffer.byteLength(command) + 2 > limits.ftpMaxCommandBytes) {
        tooLong(session, limits);
        return;
      }
      queued += 1;
      // A client may send commands before the replies to earlier ones (pipelining); one that sends more than
      // this without waiting is cut off rather than queued without end.
      if (queued > limits.ftpMaxQueuedCommands) {
        reply(session, 421, 'Too many commands waiting, closing the control connection');
        control.end();
        return;
      }
      chain = chain
        .then(async () => {
          if (!control.writable) return;
          const answer = await handle(session, command, files, limits);
          send(session, answer);
          if (answer.startsWith('221 ')) control.end();
        })
        .catch(() => {
          reply(session, 451, 'Local error in processing');
        })
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

/** One reply line (RFC 959 §4.2): three digits, a space, text, CRLF. */
function line(code: number, text: string): string {
  return `${code} ${text}\r\n`;
}

/** Answers one command; returns the reply to send (a transfer sends its 150 itself on the way). */
async function handle(session: Session, command: string, files: DemoFiles, limits: FtpLimits): Promise<string> {
  const {verb, argument} = parseCommandLine(command);
  if (!BEFORE_LOGIN.has(verb) && !session.loggedIn) return line(530, 'Log in with USER and PASS first');
  switch (verb) {
    case 'USER':
      // Anonymous FTP (RFC 1635): the user is "anonymous" or "ftp", any password.
      if (!['anonymous', 'ftp'].includes(argument.toLowerCase())) {
        return line(530, 'Only anonymous login here: USER anonymous');
      }
      session.user = argument;
      session.loggedIn = false;
      return line(331, 'Anonymous login: any password will do');
    case 'PASS':
      if (session.user === null) return line(503, 'Send USER first');
      session.loggedIn = true;
      return line(230, 'Logged in, read-only');
    case 'SYST':
      return line(215, 'UNIX Type: L8');
    case 'FEAT':
      // A multi-line reply: "211-" opens it, "211 " closes it (RFC 959 §4.2, RFC 2389 §3.2).
      return `211-Features:\r\n${FEATURES.map((feature) => ` ${feature}\r\n`).join('')}211 End\r\n`;
    case 'OPTS':
      return /^UTF8 ON$/i.test(argument)
        ? line(200, 'UTF-8 is always on')
        : line(501, 'Only OPTS UTF8 ON is understood');
    case 'NOOP':
      return line(200, 'OK');
    case 'PWD':
    case 'XPWD':
      return line(257, '"/" is the current directory');
    case 'CWD':
    case 'XCWD':
      return ['/', '.', ''].includes(argument)
        ? line(250, 'The current directory is /')
        : line(550, 'Only / exists here');
    case 'CDUP':
      return line(250, 'The current directory is /');
    case 'TYPE': {
      const type = argument.toUpperCase();
      if (type === 'A' || type === 'A N') session.type = 'A';
      else if (type === 'I' || type === 'L 8') session.type = 'I';
      else return line(504, 'Only TYPE A and TYPE I');
      return line(200, `Type set to ${session.type}`);
    }
    case 'STRU':
      return argument.toUpperCase() === 'F' ? line(200, 'Structure set to F') : line(504, 'Only F');
    case 'MODE':
      return argument.toUpperCase() === 'S' ? line(200, 'Mode set to S') : line(504, 'Only S');
    case 'EPSV': {
      if (argument.toUpperCase() === 'ALL') return line(200, 'EPSV ALL accepted');
      if (argument !== '' && argument !== '1') return line(522, 'Network protocol not supported, use (1)');
      const port = await passive(session, limits);
      return line(229, `Entering Extended Passive Mode (|||${port}|)`);
    }
    case 'PASV': {
      const port = await passive(session, limits);
      return line(227, `Entering Passive Mode (127,0,0,1,${Math.floor(port / 256)},${port % 256})`);
    }
    case 'PORT':
    case 'EPRT':
      return line(502, 'Active mode is not offered here: use EPSV or PASV');
    case 'SIZE': {
      const file = findDemoFile(files, argument);
      if (file === undefined) return line(550, 'No such file');
      return line(213, String(session.type === 'A' ? toNetworkAscii(file.bytes).length : file.bytes.length));
    }
    case 'RETR': {
      const file = findDemoFile(files, argument);
      if (file === undefined) return line(550, 'No such file');
      const bytes = session.type === 'A' ? toNetworkAscii(file.bytes) : file.bytes;
      const mode = session.type === 'A' ? 'ASCII' : 'BINARY';
      return transfer(session, limits, `${mode} mode data connection for ${file.name} (${bytes.length} bytes)`, bytes);
    }
    case 'LIST':
    case 'NLST': {
      // Options such as "-a" are ignored; the only directory is /.
      const path = argument.replace(/^-\S*\s*/, '');
      if (!['', '/', '.'].includes(path)) return line(550, 'Only / exists here');
      const entries = [...files.values()].map((file) =>
        verb === 'NLST'
          ? file.name
          : `-r--r--r-- 1 ftp ftp ${String(file.bytes.length).padStart(8)} Nov 25 18:00 ${file.name}`,
      );
      const listing = Buffer.from(entries.map((entry) => `${entry}\r\n`).join(''));
      return transfer(session, limits, 'ASCII mode data connection for the file list', listing);
    }
    case 'QUIT':
      return line(221, 'Goodbye');
    default:
      return WRITE_COMMANDS.has(verb) ? line(550, 'This server is read-only') : line(502, 'Command not implemented');
  }
}

function closePassive(session: Session): void {
  session.passive?.listener.close();
  session.passive = null;
}

/**
 * Opens a passive data port on 127.0.0.1 that accepts one connection, from
 * the control connection's own address (anything else is dropped: RFC 2577
 * warns of "port stealing"), within ftpPassiveTimeoutMs.
 */
async function passive(session: Session, limits: FtpLimits): Promise<number> {
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
    if (socket.remoteAddress !== session.control.remoteAddress) {
      socket.destroy();
      return;
    }
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
  return port;
}

/** Sends `bytes` on the passive data connection: 150, the bytes, close, then 226 (RFC 959 §4.2, §5.4). */
async function transfer(session: Session, limits: FtpLimits, what: string, bytes: Buffer): Promise<string> {
  const port = session.passive;
  if (port === null) return line(425, 'Send EPSV or PASV first');
  session.passive = null;
  const data = await port.connection;
  if (data === null) return line(425, 'No data connection came in time');
  session.data = data;
  reply(session, 150, `Opening ${what}`);
  const done = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      data.destroy();
      resolve(false);
    }, limits.ftpTransferTimeoutMs);
    // Cut short: the client closed before every byte was sent.
    data.once('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
    // End of file is the server closing the data connection (stream mode, RFC 959 §3.4.1): the
    // bytes and the FIN are handed to TCP, and 226 may follow at once.
    data.end(bytes, (error?: Error | null) => {
      clearTimeout(timer);
      resolve(!error);
    });
  });
  // A client that never closes its half of the connection does not keep it forever.
  data.setTimeout(limits.ftpIdleTimeoutMs, () => data.destroy());
  session.data = null;
  return done
    ? line(226, 'Transfer complete, data connection closed')
    : line(426, `Transfer aborted: it took longer than ${Math.round(limits.ftpTransferTimeoutMs / 1000)} s`);
}
