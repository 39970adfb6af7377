/**
 * The deployment of compose.yaml, minus Docker: Debian's nginx with
 * deploy/nginx's configuration in front of the static site and two real demo
 * servers on loopback. Clients come from distinct loopback addresses
 * (127.0.0.0/8), so `hash $remote_addr consistent` spreads them over the two
 * instances as it spreads readers.
 *
 * The long poll is held past nginx's default 60 s read timeout, so the checks
 * run concurrently: the file takes about as long as that one request.
 */
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {ServerEvent} from '../../demo-server/src/contract/events.ts';
import {HealthReport} from '../../demo-server/src/contract/health.ts';
import {parseJson} from '../../demo-server/src/contract/schema.ts';
import {loadConfig} from '../../demo-server/src/config.ts';
import type {Limits} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';
import {nginxMissing, onStreamEvents, send, startNginx, type RunningNginx} from './support/nginx.ts';
import {SITE_ORIGIN} from './support/server.ts';

/** nginx's default `proxy_read_timeout`: a long poll held longer is cut with 504 unless the configuration says more. */
const NGINX_DEFAULT_READ_TIMEOUT_MS = 60_000;
const LONG_POLL_MS = NGINX_DEFAULT_READ_TIMEOUT_MS + 2_000;
/** One instance emits often (for the event stream); the other never in this file (for the long poll). */
const EVENT_INTERVAL_MS = 200;
// With the ±50 % jitter, still under setTimeout's 2^31 − 1 ms (a longer delay fires after 1 ms).
const NO_EVENTS_MS = 1_000_000_000;
/** Readers, by source address: 127.0.0.2 … 127.0.0.33. */
const CLIENT_ADDRESSES = Array.from({length: 32}, (_, i) => `127.0.0.${i + 2}`);

/** A built site in miniature: the kinds of files `npm run build` writes, big enough to be worth compressing. */
function writeSite(root: string): void {
  const filler = (line: string) => line.repeat(80);
  const files: Record<string, string> = {
    'index.html': `<!doctype html><title>Over the Wire</title>${filler('<p>How the web talks.</p>\n')}`,
    'docs/intro.html': `<!doctype html><title>Intro</title>${filler('<p>Start here.</p>\n')}`,
    '404.html': '<!doctype html><title>Page Not Found</title><h1>Page Not Found</h1>',
    'assets/js/main.0f1e2d3c.js': filler('console.log("over the wire");\n'),
    'assets/css/styles.9a8b7c6d.css': filler('body { margin: 0; }\n'),
    'search-index-5e4d3c2b.json': JSON.stringify(Array.from({length: 80}, (_, i) => ({id: i, title: `Page ${i}`}))),
    'blog/rss.xsl': `<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>`,
    'img/logo.svg': `<svg xmlns="http://www.w3.org/2000/svg">${filler('<rect width="1" height="1"/>')}</svg>`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), {recursive: true});
    writeFileSync(join(root, path), text);
  }
}

function demoConfig(limits: Partial<Limits>) {
  const config = loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: SITE_ORIGIN, TRUST_PROXY: 'true'});
  return {
    ...config,
    limits: {
      ...config.limits,
      // Every client here creates a sandbox; keep the per-address budgets out of the way.
      sandboxesPerMinutePerClient: 100,
      longPollTimeoutMs: LONG_POLL_MS,
      ...limits,
    },
  };
}

let siteRoot: string;
let servers: DemoServer[] = [];
let nginx: RunningNginx | undefined;
/** Each reader's address, the instance nginx sent it to (0 or 1), and the sandbox it made there. */
let readers: Array<{address: string; instance: number; sandbox: string}> = [];

/** Where a path is: asks each instance directly, around nginx. */
async function statusOnEachInstance(path: string): Promise<number[]> {
  return Promise.all(servers.map(async (server) => (await send(`${server.url}${path}`)).status));
}

beforeAll(async () => {
  // Without nginx every check below fails, each saying how to install it: this test is never skipped.
  if (nginxMissing() !== null) return;
  siteRoot = mkdtempSync(join(tmpdir(), 'over-the-wire-site-'));
  // Readable by nginx's workers, which run as `nobody` when the test runs as root.
  chmodSync(siteRoot, 0o755);
  writeSite(siteRoot);
  servers = await Promise.all([
    startServer(demoConfig({eventIntervalMs: EVENT_INTERVAL_MS}), {logger: silentLogger}),
    startServer(demoConfig({eventIntervalMs: NO_EVENTS_MS}), {logger: silentLogger}),
  ]);
  const proxy = await startNginx({
    siteRoot,
    demoServers: [`127.0.0.1:${servers[0]!.port}`, `127.0.0.1:${servers[1]!.port}`],
  });
  nginx = proxy;
  // Each reader makes a sandbox through nginx; the instance that holds it is the one nginx chose.
  readers = await Promise.all(
    CLIENT_ADDRESSES.map(async (address) => {
      const created = await send(`${proxy.demoUrl}${ENDPOINTS.api}/sandboxes`, {
        method: 'POST',
        localAddress: address,
      });
      expect(created.status, created.body.toString()).toBe(201);
      const sandbox = new URL(String(created.headers.location), proxy.demoUrl).pathname;
      const statuses = await statusOnEachInstance(sandbox);
      return {address, instance: statuses.indexOf(200), sandbox};
    }),
  );
}, 30_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(servers.map((server) => server.shutdown()));
  if (siteRoot) rmSync(siteRoot, {recursive: true, force: true});
}, 15_000);

/** The running nginx; without one, fails saying how to install it. */
function needNginx(): RunningNginx {
  const missing = nginxMissing();
  if (missing !== null) throw new Error(missing);
  if (nginx === undefined) throw new Error('nginx did not start: see the error of beforeAll');
  return nginx;
}

/** A reader that nginx sends to the given instance. */
function readerOn(instance: number) {
  const reader = readers.find((candidate) => candidate.instance === instance);
  if (reader === undefined) throw new Error(`none of ${readers.length} client addresses went to instance ${instance}`);
  return reader;
}

describe.concurrent('nginx in front of two demo-server instances (deploy/nginx)', () => {
  it('passes nginx -t', () => {
    const proxy = needNginx();
    expect(proxy.configTest).toMatch(/syntax is ok/);
    expect(proxy.configTest).toMatch(/test is successful/);
  });

  it(
    'holds a long poll past its own default read timeout, and answers it (204), not 504',
    async () => {
      const proxy = needNginx();
      // The instance that emits nothing: the poll waits its whole timeout.
      const reader = readerOn(1);
      const startedAt = Date.now();
      const answer = await send(`${proxy.demoUrl}${ENDPOINTS.eventsLongPoll}`, {localAddress: reader.address});
      const heldMs = Date.now() - startedAt;
      // Only this instance answers 204. With nginx's default timeout, the request was cut at 60 s and sent
      // again to the other instance (proxy_next_upstream), whose events answered it with 200.
      expect(answer.status, proxy.errorLog()).toBe(204);
      expect(heldMs).toBeGreaterThan(NGINX_DEFAULT_READ_TIMEOUT_MS);
    },
    LONG_POLL_MS + 15_000,
  );

  it('streams Server-Sent Events unbuffered: each event arrives as it is emitted', async () => {
    const proxy = needNginx();
    const reader = readerOn(0);
    const delays: number[] = [];
    const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      const req = httpRequest(
        `${proxy.demoUrl}${ENDPOINTS.eventsStream}`,
        {localAddress: reader.address, agent: false, headers: {Origin: SITE_ORIGIN, 'Accept-Encoding': 'gzip'}},
        (res) => {
          onStreamEvents(res, (data, block) => {
            if (!/^id: \d+$/m.test(block)) return;
            const event = parseJson(ServerEvent, data);
            if (event === null) throw new Error(`not an event: ${data}`);
            delays.push(Date.now() - event.emittedAt);
            if (delays.length === 5) {
              req.destroy();
              resolve(res.headers);
            }
          });
        },
      );
      req.once('error', reject);
      req.end();
    });
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    // Not compressed on the way: gzip would hold events back until its buffer filled.
    expect(headers['content-encoding']).toBeUndefined();
    // Each within milliseconds here. Compressed and buffered (gzip on for text/event-stream, X-Accel-Buffering
    // ignored), no event at all came through in 60 s: gzip held them until its buffer filled.
    expect(Math.max(...delays)).toBeLessThan(1_000);
  });

  it('upgrades a WebSocket through nginx, frames both ways, on the reader’s own instance', async () => {
    const proxy = needNginx();
    const reader = readerOn(0);
    const socket = new WebSocket(`ws://127.0.0.1:${proxy.demoPort}${ENDPOINTS.echo}`, {
      origin: SITE_ORIGIN,
      localAddress: reader.address,
    });
    const upgrade = new Promise<IncomingHttpHeaders>((resolve) =>
      socket.once('upgrade', (res) => resolve(res.headers)),
    );
    const received: Array<{data: string; isBinary: boolean}> = [];
    const twoEchoes = new Promise<void>((resolve) =>
      socket.on('message', (data: Buffer, isBinary) => {
        received.push({data: data.toString('hex'), isBinary});
        if (received.length === 2) resolve();
      }),
    );
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    expect((await upgrade).upgrade).toBe('websocket');
    socket.send('through nginx');
    socket.send(Buffer.from([0, 1, 2, 255]));
    await twoEchoes;
    expect(received).toEqual([
      {data: Buffer.from('through nginx').toString('hex'), isBinary: false},
      {data: '000102ff', isBinary: true},
    ]);
    // The connection is open on the instance that holds this reader's sandbox, and only there.
    const open = await Promise.all(
      servers.map(async (server) => {
        const health = parseJson(HealthReport, (await send(`${server.url}${ENDPOINTS.health}`)).body.toString());
        return health?.connections.byEndpoint[ENDPOINTS.echo];
      }),
    );
    expect(open).toEqual([1, 0]);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close(1000);
    await closed;
  });

  it('keeps each reader with the instance that holds its REST sandbox', async () => {
    const proxy = needNginx();
    // Different addresses went to different instances…
    expect(new Set(readers.map((reader) => reader.instance))).toEqual(new Set([0, 1]));
    // …and every request of one reader reaches the instance holding its sandbox: a miss would be a 404.
    await Promise.all(
      readers.map(async ({address, instance, sandbox}) => {
        const note = JSON.stringify({title: `from ${address}`, body: 'kept', tags: []});
        const posted = await send(`${proxy.demoUrl}${sandbox}/notes`, {
          method: 'POST',
          localAddress: address,
          headers: {'Content-Type': 'application/json'},
          body: note,
        });
        expect(posted.status, posted.body.toString()).toBe(201);
        for (let i = 0; i < 3; i += 1) {
          const listed = await send(`${proxy.demoUrl}${sandbox}/notes`, {
            localAddress: address,
            headers: {Accept: 'application/json'},
          });
          expect(listed.status).toBe(200);
          expect(listed.body.toString()).toContain(`from ${address}`);
        }
        const statuses = await statusOnEachInstance(sandbox);
        expect(statuses[instance]).toBe(200);
        expect(statuses[1 - instance]).toBe(404);
      }),
    );
  });

  it('serves the static site compressed, /assets/ and the search index immutable, pages revalidated', async () => {
    const proxy = needNginx();
    const gzip = {'Accept-Encoding': 'gzip'};
    for (const path of [
      '/assets/js/main.0f1e2d3c.js',
      '/assets/css/styles.9a8b7c6d.css',
      '/search-index-5e4d3c2b.json',
    ]) {
      const answer = await send(`${proxy.siteUrl}${path}`, {headers: gzip});
      expect(answer.status, path).toBe(200);
      expect(answer.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-encoding'], path).toBe('gzip');
      expect(answer.headers.vary, path).toBe('Accept-Encoding');
      expect(gunzipSync(answer.body).length, path).toBeGreaterThan(answer.body.length * 4);
    }
    for (const path of ['/', '/docs/intro', '/img/logo.svg']) {
      const answer = await send(`${proxy.siteUrl}${path}`, {headers: gzip});
      expect(answer.status, path).toBe(200);
      expect(answer.headers['cache-control'], path).toBe('no-cache');
      expect(answer.headers['content-encoding'], path).toBe('gzip');
      // Revalidation is cheap: the validator comes back as 304, no body.
      const again = await send(`${proxy.siteUrl}${path}`, {headers: {'If-None-Match': String(answer.headers.etag)}});
      expect(again.status, path).toBe(304);
    }
    // A folder with no page of that name is a 404 too, not a redirect to a trailing slash.
    for (const path of ['/docs/no-such-page', '/docs']) {
      const missing = await send(`${proxy.siteUrl}${path}`);
      expect(missing.status, path).toBe(404);
      expect(missing.body.toString(), path).toContain('Page Not Found');
    }
    const stylesheet = await send(`${proxy.siteUrl}/blog/rss.xsl`);
    expect(stylesheet.headers['content-type']).toBe('application/xslt+xml');
    expect(stylesheet.headers['cache-control']).toBe('no-cache');
  });
});
