/**
 * Debian's nginx, run as any user, with the deployment's own configuration
 * (deploy/nginx/templates/default.conf.template) rendered for loopback: the
 * same file compose.yaml gives the official nginx image, only its addresses,
 * ports and paths filled in differently.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {request as httpRequest, type IncomingHttpHeaders, type IncomingMessage} from 'node:http';
import {accessSync, constants, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** nginx's table of file types, where Debian, and Homebrew on macOS, install it. */
const MIME_TYPES = ['/etc/nginx/mime.types', '/opt/homebrew/etc/nginx/mime.types', '/usr/local/etc/nginx/mime.types'];

export const NGINX_TEMPLATE = fileURLToPath(
  new URL('../../../deploy/nginx/templates/default.conf.template', import.meta.url),
);

/** The variables the template names, each given by whoever renders it. */
export interface NginxTemplateValues {
  SITE_PORT: string;
  SITE_ROOT: string;
  DEMO_PORT: string;
  DEMO_SERVER_1: string;
  DEMO_SERVER_2: string;
}

/**
 * Fills in `${NAME}` as the official image's envsubst step does, leaving
 * nginx's own `$variables` alone.
 * @throws Error naming a `${NAME}` that no value was given for.
 */
export function renderTemplate(template: string, values: NginxTemplateValues): string {
  const known: Readonly<Record<string, string>> = {...values};
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = known[name];
    if (value === undefined) throw new Error(`${NGINX_TEMPLATE} uses \${${name}}, which has no value`);
    return value;
  });
}

/** Why nginx cannot be run, with how to install it; null when it can. This test must fail without it, not skip. */
export function nginxMissing(): string | null {
  try {
    accessSync(NGINX_PATH, constants.X_OK);
    if (mimeTypes() === undefined)
      return `nginx is at ${NGINX_PATH}, but its mime.types is in none of ${MIME_TYPES.join(', ')}`;
    return null;
  } catch {
    return (
      `nginx is not installed at ${NGINX_PATH}, and the nginx integration test needs it. On Debian or Ubuntu: ` +
      '`sudo apt-get install -y --no-install-recommends nginx` (bash .ci/run installs it); ' +
      'elsewhere, set NGINX_PATH to an nginx binary.'
    );
  }
}

function mimeTypes(): string | undefined {
  return MIME_TYPES.find((path) => existsSync(path));
}

/** A port free on loopback right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

export interface RunningNginx {
  /** The static site: `http://127.0.0.1:<sitePort>`. */
  readonly siteUrl: string;
  /** The demo servers behind the upstream: `http://127.0.0.1:<demoPort>`. */
  readonly demoUrl: string;
  readonly demoPort: number;
  /** What `nginx -t` printed about the rendered configuration. */
  readonly configTest: string;
  /** nginx's error log so far (for failure messages). */
  errorLog(): string;
  stop(): Promise<void>;
}

export interface NginxOptions {
  siteRoot: string;
  /** host:port of the two demo-server instances. */
  demoServers: readonly [string, string];
}

/**
 * Starts nginx in the foreground with every path it writes (pid, logs,
 * temporary files) in a fresh directory, listening on free loopback ports.
 * @throws Error when nginx is missing, when `nginx -t` rejects the
 * configuration, or when it does not listen within 5 s.
 */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const missing = nginxMissing();
  if (missing !== null) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'over-the-wire-nginx-'));
  // Run as root (a container, this machine), nginx's workers drop to `nobody`, which must be able to enter it.
  chmodSync(dir, 0o755);
  const [sitePort, demoPort] = [await freePort(), await freePort()];
  const rendered = renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), {
    SITE_PORT: `127.0.0.1:${sitePort}`,
    SITE_ROOT: options.siteRoot,
    DEMO_PORT: `127.0.0.1:${demoPort}`,
    DEMO_SERVER_1: options.demoServers[0],
    DEMO_SERVER_2: options.demoServers[1],
  });
  writeFileSync(join(dir, 'default.conf'), rendered);
  // The official image's own nginx.conf, in substance, with its paths moved into `dir`.
  const main = [
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} info;`,
    'events { worker_connections 512; }',
    'http {',
    `    include ${mimeTypes()};`,
    '    default_type application/octet-stream;',
    `    access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (kind) => `    ${kind}_temp_path ${join(dir, `${kind}_temp`)};`,
    ),
    '    sendfile on;',
    '    keepalive_timeout 65;',
    `    include ${join(dir, 'default.conf')};`,
    '}',
    '',
  ].join('\n');
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, main);
  // -e: the error log before the configuration is read (nginx ≥ 1.19.5); otherwise /var/log/nginx, root's.
  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')];

  const check = spawnSync(NGINX_PATH, ['-t', ...args], {encoding: 'utf8'});
  const configTest = `${check.stdout}${check.stderr}`;
  if (check.status !== 0) throw new Error(`nginx -t rejected the rendered configuration:\n${configTest}\n${rendered}`);

  const proc: ChildProcess = spawn(NGINX_PATH, args, {stdio: 'ignore'});
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
    rmSync(dir, {recursive: true, force: true});
  };

  const deadline = Date.now() + 5_000;
  for (const port of [sitePort, demoPort]) {
    while (!(await accepts(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not listen on 127.0.0.1:${port}:\n${errorLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    siteUrl: `http://127.0.0.1:${sitePort}`,
    demoUrl: `http://127.0.0.1:${demoPort}`,
    demoPort,
    configTest,
    errorLog,
    stop,
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP/1.1 request from a given loopback source address. */
export function send(
  url: string,
  options: {method?: string; headers?: Record<string, string>; body?: string; localAddress?: string} = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress, agent: false},
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}),
        );
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

/**
 * Reads a text/event-stream response as it arrives and calls `onEvent` with each complete block's `data:` line
 * and the block itself (which carries its `id:` and `event:` lines); blocks without data, such as the keep-alive
 * comments, are skipped.
 */
export function onStreamEvents(res: IncomingMessage, onEvent: (data: string, block: string) => void): void {
  let pending = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    pending += chunk;
    const blocks = pending.split('\n\n');
    pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) onEvent(data, block);
    }
  });
}
