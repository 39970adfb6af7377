/**
 * The FTP demo: the loopback FTP server over raw TCP, `GET /files/…`, and
 * `/ws/ftp-vs-http` from a real `ws` client.
 */
import {createHash} from 'node:crypto';
import {connect, type Socket} from 'node:net';
import {networkInterfaces} from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {
  FTP_VS_HTTP_FILES,
  type FtpVsHttpServerMessage,
  type FtpVsHttpStep,
} from '../../demo-server/src/contract/ftpVsHttp.ts';
import {loadDemoFiles} from '../../demo-server/src/ftp/files.ts';
import {FtpReplyReader, passivePortOf, type FtpReply} from '../../demo-server/src/ftp/replies.ts';
import {startFtpServer, type FtpServer} from '../../demo-server/src/ftp/server.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

const files = loadDemoFiles();

/** A hand-written FTP client on a raw socket: send a line, read whole replies. */
class RawFtp {
  private readonly reader = new FtpReplyReader();
  private readonly replies: FtpReply[] = [];
  private waiting: (() => void) | null = null;
  closed: Promise<void>;
  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.replies.push(...this.reader.push(text));
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(port: number, localAddress?: string): Promise<RawFtp> {
    const socket = connect({host: '127.0.0.1', port, localAddress});
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawFtp(socket);
  }

  async next(): Promise<FtpReply> {
    while (this.replies.length === 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply within 2 s')), 2_000);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.replies.shift() as FtpReply;
  }

  async command(line: string): Promise<FtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.next();
  }

  async login(): Promise<void> {
    expect((await this.next()).code).toBe(220);
    expect((await this.command('USER anonymous')).code).toBe(331);
    expect((await this.command('PASS reader@example.org')).code).toBe(230);
  }
}

/** Opens a data connection to a passive port and collects what arrives until the server closes it. */
function readData(port: number, localAddress?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({host: '127.0.0.1', port, localAddress});
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Whether a TCP connection to host:port is accepted (it is closed at once if it is). */
function reaches(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({host, port});
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the loopback FTP server, over raw TCP', () => {
  let ftp: FtpServer;
  beforeAll(async () => {
    ftp = await startFtpServer(files, {...DEFAULT_LIMITS, ftpIdleTimeoutMs: 5_000});
  });
  afterAll(() => ftp.close());

  it('listens on 127.0.0.1 only: no other address of this machine reaches its port', async () => {
    expect(ftp.host).toBe('127.0.0.1');
    // Every interface address, plus two that a wildcard (0.0.0.0 or ::) listener would answer on any
    // Linux machine, even one with no network: 127.0.0.2 (the rest of 127/8 is loopback too) and ::1.
    const others = [
      ...Object.values(networkInterfaces())
        .flat()
        .flatMap((address) => (address === undefined || address.internal ? [] : [address.address])),
      '127.0.0.2',
      '::1',
    ];
    for (const host of others) expect(await reaches(host, ftp.port), host).toBe(false);
    // The passive port it names is on 127.0.0.1 as well, and on no other address.
    const session = await RawFtp.open(ftp.port);
    await session.login();
    const pasv = await session.command('PASV');
    expect(pasv.lines[0]).toMatch(/^227 Entering Passive Mode \(127,0,0,1,\d+,\d+\)$/);
    const dataPort = passivePortOf(pasv.lines[0] ?? '') ?? 0;
    for (const host of others) expect(await reaches(host, dataPort), `${host} (data port)`).toBe(false);
    await session.command('QUIT');
  });

  it('logs in anonymously, fetches a file over EPSV byte for byte, and says 150, 226 and 221', async () => {
    const session = await RawFtp.open(ftp.port);
    await session.login();
    expect((await session.command('TYPE I')).lines).toEqual(['200 Type set to I']);
    expect((await session.command('SIZE checker.png')).lines).toEqual([
      `213 ${files.get('checker.png')?.bytes.length}`,
    ]);
    const epsv = await session.command('EPSV');
    const port = passivePortOf(epsv.lines[0] ?? '');
    expect(port).not.toBeNull();
    const data = readData(port ?? 0);
    session.socket.write('RETR checker.png\r\n');
    expect((await session.next()).code).toBe(150);
    expect((await session.next()).lines[0]).toMatch(/^226 /);
    expect((await data).equals(files.get('checker.png')?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect((await session.command('QUIT')).code).toBe(221);
    await session.closed;
  });

  it('TYPE A sends end-of-line as CRLF, and SIZE counts the bytes as sent', async () => {
    const session = await RawFtp.open(ftp.port);
    await session.login();
    await session.command('TYPE A');
    const text = files.get('welcome.txt')?.bytes.toString() ?? '';
    const expected = Buffer.from(text.replaceAll('\n', '\r\n'));
    expect((await session.command('SIZE welcome.txt')).lines).toEqual([`213 ${expected.length}`]);
    const port = passivePortOf((await session.command('PASV')).lines[0] ?? '') ?? 0;
    const data = readData(port);
    session.socket.write('RETR welcome.txt\r\n');
    await session.next();
    await session.next();
    expect((await data).equals(expected)).toBe(true);
    await session.command('QUIT');
  });

  it('refuses path traversal and any name outside the fixed list with 550', async () => {
    const session = await RawFtp.open(ftp.port);
    await session.login();
    for (const name of ['../package.json', '../../demo-server/src/contract.ts', '/etc/passwd', '..', './welcome.txt']) {
      expect((await session.command(`SIZE ${name}`)).code, name).toBe(550);
      expect((await session.command(`RETR ${name}`)).code, name).toBe(550);
    }
    expect((await session.command('CWD ..')).code).toBe(550);
    expect((await session.command('CWD /etc')).code).toBe(550);
    expect((await session.command('PWD')).lines).toEqual(['257 "/" is the current directory']);
    await session.command('QUIT');
  });

  it('is read-only (550), offers no active mode (502), and answers unknown commands 502', async () => {
    const session = await RawFtp.open(ftp.port);
    expect((await session.next()).code).toBe(220);
    expect((await session.command('RETR welcome.txt')).code).toBe(530);
    expect((await session.command('USER root')).code).toBe(530);
    await session.command('USER anonymous');
    await session.command('PASS x');
    for (const command of ['STOR evil.txt', 'DELE welcome.txt', 'MKD x', 'RNFR welcome.txt']) {
      expect((await session.command(command)).code, command).toBe(550);
    }
    expect((await session.command('PORT 127,0,0,1,4,1')).code).toBe(502);
    expect((await session.command('EPRT |1|127.0.0.1|1025|')).code).toBe(502);
    expect((await session.command('XYZZY')).code).toBe(502);
    expect((await session.command('SYST')).lines).toEqual(['215 UNIX Type: L8']);
    expect((await session.command('FEAT')).lines).toEqual([
      '211-Features:',
      ' EPSV',
      ' PASV',
      ' SIZE',
      ' UTF8',
      '211 End',
    ]);
    expect((await session.command('NOOP')).code).toBe(200);
    expect((await session.command('NLST')).code).toBe(425);
    await session.command('QUIT');
  });

  it('accepts a data connection only from the control connection’s address', async () => {
    const session = await RawFtp.open(ftp.port);
    await session.login();
    const port = passivePortOf((await session.command('EPSV')).lines[0] ?? '') ?? 0;
    // 127.0.0.2 is loopback too on Linux, but not the address the control connection came from.
    const stranger = await readData(port, '127.0.0.2').catch(() => Buffer.from('refused'));
    expect(stranger.length === 0 || stranger.toString() === 'refused').toBe(true);
    const data = readData(port);
    session.socket.write('NLST\r\n');
    expect((await session.next()).code).toBe(150);
    expect((await session.next()).code).toBe(226);
    expect((await data).toString().split('\r\n').filter(Boolean)).toEqual([...FTP_VS_HTTP_FILES]);
    await session.command('QUIT');
  });

  it('closes a command line longer than the bound with 500', async () => {
    const session = await RawFtp.open(ftp.port);
    expect((await session.next()).code).toBe(220);
    session.socket.write(`USER ${'a'.repeat(DEFAULT_LIMITS.ftpMaxCommandBytes)}`);
    expect((await session.next()).code).toBe(500);
    await session.closed;
  });

  it('cuts off a client that pipelines more than ftpMaxQueuedCommands commands without reading replies (421)', async () => {
    const session = await RawFtp.open(ftp.port);
    await session.login();
    // Two commands within the bound are answered in order, even when sent in one write.
    session.socket.write('NOOP\r\nPWD\r\n');
    expect((await session.next()).code).toBe(200);
    expect((await session.next()).lines).toEqual(['257 "/" is the current directory']);
    // One more than the bound, all at once: the first reply is 421, and the server closes the connection.
    session.socket.write('NOOP\r\n'.repeat(DEFAULT_LIMITS.ftpMaxQueuedCommands + 1));
    expect((await session.next()).lines[0]).toMatch(/^421 Too many commands waiting/);
    await session.closed;
  });

  it('holds at most ftpMaxConnections control connections (421 past it) and closes idle ones', async () => {
    const small = await startFtpServer(files, {...DEFAULT_LIMITS, ftpMaxConnections: 1, ftpIdleTimeoutMs: 300});
    try {
      const first = await RawFtp.open(small.port);
      expect((await first.next()).code).toBe(220);
      const second = await RawFtp.open(small.port);
      expect((await second.next()).code).toBe(421);
      expect((await first.next()).lines[0]).toMatch(/^421 Idle/);
      await first.closed;
    } finally {
      await small.close();
    }
  });
});

describe('GET /files/{name}', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.shutdown());

  it('serves each file with Content-Type, Content-Length and a strong ETag, and 304 on If-None-Match', async () => {
    for (const name of FTP_VS_HTTP_FILES) {
      const response = await fetch(`${server.url}/files/${name}`);
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(files.get(name)?.bytes ?? Buffer.alloc(0))).toBe(true);
      expect(response.headers.get('content-length')).toBe(String(body.length));
      expect(response.headers.get('content-type')).toBe(
        name.endsWith('.png') ? 'image/png' : 'text/plain; charset=utf-8',
      );
      const etag = response.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"[\w-]{22}"$/);
      expect((await fetch(`${server.url}/files/${name}`, {headers: {'If-None-Match': etag}})).status).toBe(304);
    }
    const head = await fetch(`${server.url}/files/welcome.txt`, {method: 'HEAD'});
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(files.get('welcome.txt')?.bytes.length));
  });

  it('answers 404 problem details for anything else, traversal included, and 405 for other methods', async () => {
    for (const path of ['/files/nope.txt', '/files/..%2Fpackage.json', '/files/%2e%2e/package.json', '/files/']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
    const post = await fetch(`${server.url}/files/welcome.txt`, {method: 'POST'});
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('/ws/ftp-vs-http', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startTestServer({ftpRunsPerMinutePerClient: 3});
  });
  afterAll(() => server.shutdown());

  function open(on: DemoServer = server): Promise<{
    socket: WebSocket;
    messages: FtpVsHttpServerMessage[];
    next: (type: string) => Promise<FtpVsHttpServerMessage>;
  }> {
    const socket = new WebSocket(`${on.url.replace('http', 'ws')}/ws/ftp-vs-http`);
    const messages: FtpVsHttpServerMessage[] = [];
    let notify: () => void = () => undefined;
    socket.on('message', (data) => {
      messages.push(JSON.parse((data as Buffer).toString('utf8')) as FtpVsHttpServerMessage);
      notify();
    });
    /** Waits for the next message of this type not yet returned. */
    let seen = 0;
    const next = async (type: string) => {
      for (;;) {
        const index = messages.findIndex((message, i) => i >= seen && message.type === type);
        if (index !== -1) {
          seen = index + 1;
          return messages[index] as FtpVsHttpServerMessage;
        }
        await new Promise<void>((resolve) => {
          notify = resolve;
        });
      }
    };
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve({socket, messages, next}));
      socket.once('error', reject);
    });
  }

  it('streams the FTP and HTTP transcripts and a summary whose counts and bytes agree with them', async () => {
    const {socket, messages, next} = await open();
    socket.send(JSON.stringify({type: 'run', file: 'checker.png'}));
    const summary = await next('summary');
    if (summary.type !== 'summary') throw new Error('expected a summary');
    const steps = (protocol: 'ftp' | 'http') =>
      messages.flatMap((m): FtpVsHttpStep[] => (m.type === 'step' && m.protocol === protocol ? [m.step] : []));
    const ftpSteps = steps('ftp');
    const sent = ftpSteps.flatMap((s) => (s.kind === 'send' ? s.lines : []));
    const received = ftpSteps.flatMap((s) => (s.kind === 'receive' ? s.lines : []));
    for (const verb of ['USER anonymous', 'PASS ', 'TYPE I', 'EPSV', 'RETR checker.png', 'QUIT']) {
      expect(
        sent.some((line) => line.startsWith(verb)),
        verb,
      ).toBe(true);
    }
    for (const code of ['220 ', '331 ', '230 ', '229 ', '150 ', '226 ', '221 ']) {
      expect(
        received.some((line) => line.startsWith(code)),
        code,
      ).toBe(true);
    }
    // The port the 229 reply named is the port the data connection went to.
    const named = passivePortOf(received.find((line) => line.startsWith('229 ')) ?? '');
    const data = ftpSteps.find((s) => s.kind === 'connect' && s.connection === 'ftp-data');
    expect(data?.kind === 'connect' ? data.remotePort : null).toBe(named);
    expect(summary.passivePort).toBe(named);
    expect(summary.dataPort).toBe(named);
    // Both connections opened and closed; the data connection carried exactly the file.
    expect(
      ftpSteps
        .filter((s) => s.kind === 'close')
        .map((s) => s.connection)
        .sort(),
    ).toEqual(['ftp-control', 'ftp-data']);
    const dataClose = ftpSteps.find((s) => s.kind === 'close' && s.connection === 'ftp-data');
    expect(dataClose?.kind === 'close' ? dataClose.bytes : 0).toBe(files.get('checker.png')?.bytes.length);

    const httpSteps = steps('http');
    const request = httpSteps.find((s) => s.kind === 'send');
    expect(request?.kind === 'send' ? request.lines[0] : '').toBe('GET /files/checker.png HTTP/1.1');
    const response = httpSteps.find((s) => s.kind === 'receive');
    expect(response?.kind === 'receive' ? response.lines[0] : '').toBe('HTTP/1.1 200 OK');
    expect(response?.kind === 'receive' ? response.lines : []).toContain(
      `Content-Length: ${files.get('checker.png')?.bytes.length}`,
    );

    const sha = createHash('sha256')
      .update(files.get('checker.png')?.bytes ?? Buffer.alloc(0))
      .digest('hex');
    expect(summary.sameBytes).toBe(true);
    expect(summary.ftp.sha256).toBe(sha);
    expect(summary.http.sha256).toBe(sha);
    expect(summary.ftp.connections).toBe(2);
    expect(summary.http.connections).toBe(1);
    expect(summary.http.roundTrips).toBe(2);
    expect(summary.ftp.roundTrips).toBe(2 + sent.length);
    expect(summary.ftp.fileBytes).toBe(summary.http.fileBytes);
    socket.close();
  });

  it('refuses an unknown file, a traversal and malformed messages with an error, and keeps the connection', async () => {
    const {socket, next} = await open();
    for (const text of [
      JSON.stringify({type: 'run', file: 'secret.txt'}),
      JSON.stringify({type: 'run', file: '../package.json'}),
      JSON.stringify({type: 'run', file: '/welcome.txt'}),
      '{not json',
      JSON.stringify({type: 'delete', file: 'welcome.txt'}),
      JSON.stringify({type: 'run', file: 42}),
    ]) {
      socket.send(text);
      const error = await next('error');
      expect(error.type === 'error' ? error.message : '', text).not.toBe('');
    }
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('runs one at a time per connection, and a few a minute per client, with a clear error', async () => {
    // A server of its own, so the count does not depend on the runs of the tests before this one.
    const limited = await startTestServer({ftpRunsPerMinutePerClient: 2});
    try {
      const {socket, next} = await open(limited);
      socket.send(JSON.stringify({type: 'run', file: 'welcome.txt'}));
      socket.send(JSON.stringify({type: 'run', file: 'welcome.txt'}));
      const busy = await next('error');
      expect(busy.type === 'error' ? busy.message : '').toMatch(/under way/);
      await next('summary');
      socket.send(JSON.stringify({type: 'run', file: 'modes.txt'}));
      await next('summary');
      // Two runs of two this minute: the third is refused, and says when to try again.
      socket.send(JSON.stringify({type: 'run', file: 'modes.txt'}));
      const refused = await next('error');
      expect(refused.type === 'error' ? refused.message : '').toMatch(/^At most 2 runs a minute: try again in \d+ s$/);
      expect(socket.readyState).toBe(WebSocket.OPEN);
      // The limit is per client, not per connection: a new connection from the same address is refused too.
      const second = await open(limited);
      second.socket.send(JSON.stringify({type: 'run', file: 'checker.png'}));
      const again = await second.next('error');
      expect(again.type === 'error' ? again.message : '').toMatch(/^At most 2 runs a minute/);
      socket.close();
      second.socket.close();
    } finally {
      await limited.shutdown();
    }
  });
});
