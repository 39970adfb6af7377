/**
 * What a reader sees when the instance nginx keeps them on stops, when they are
 * moved to the other one, and when theirs comes back: the same deploy/nginx
 * configuration and two real instances on loopback, as in nginx.test.ts.
 * docs/operate/containers.mdx tells readers and operators what this shows.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {request as httpRequest} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {ServerEvent, StreamStart} from '../../demo-server/src/contract/events.ts';
import {parseJson} from '../../demo-server/src/contract/schema.ts';
import {loadConfig} from '../../demo-server/src/config.ts';
import type {Limits} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';
import {freePort, nginxMissing, onStreamEvents, send, startNginx, type RunningNginx} from './support/nginx.ts';
import {SITE_ORIGIN} from './support/server.ts';

const CLIENT_ADDRESSES = Array.from({length: 16}, (_, i) => `127.0.1.${i + 2}`);
const SESSION = 'failover-reader-1';

/**
 * Instance 0 emits an event every 3 s (1.5 to 4.5 s apart: a long poll sent just after one stays parked);
 * instance 1, started with it, ten a second: its ids run ahead.
 */
const LIMITS: Array<Partial<Limits>> = [{eventIntervalMs: 3_000}, {eventIntervalMs: 100}];

function start(instance: number, port: number): Promise<DemoServer> {
  // The operators' listener would default to PORT + 1000, a port nobody checked was free (a busy machine's
  // outgoing connections hold ports in that range): a port of the system's choosing instead.
  const config = loadConfig({
    PORT: String(port),
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    ALLOWED_ORIGINS: SITE_ORIGIN,
    TRUST_PROXY: 'true',
  });
  return startServer({...config, limits: {...config.limits, ...LIMITS[instance]}}, {logger: silentLogger});
}

/** The head of an event stream: its stream-start block and the events that follow within `count`. */
function openStream(
  url: string,
  localAddress: string,
  options: {lastEventId?: number; count: number},
): Promise<{start: StreamStart; events: ServerEvent[]; ended: Promise<void>; requestedAt: number; close: () => void}> {
  return new Promise((resolve, reject) => {
    const requestedAt = Date.now();
    const headers: Record<string, string> =
      options.lastEventId === undefined ? {} : {'Last-Event-ID': String(options.lastEventId)};
    const req = httpRequest(url, {localAddress, agent: false, headers}, (res) => {
      const ended = new Promise<void>((done) => {
        res.once('end', done);
        res.once('error', () => done());
      });
      let start: StreamStart | null = null;
      const events: ServerEvent[] = [];
      onStreamEvents(res, (data, block) => {
        if (/^event: stream-start$/m.test(block)) start = parseJson(StreamStart, data);
        else {
          const event = parseJson(ServerEvent, data);
          if (event !== null) events.push(event);
        }
        if (start !== null && events.length >= options.count) {
          resolve({start, events, ended, requestedAt, close: () => req.destroy()});
        }
      });
    });
    req.once('error', reject);
    req.end();
  });
}

let siteRoot: string;
let ports: number[] = [];
const servers: DemoServer[] = [];
let nginx: RunningNginx | undefined;

beforeAll(async () => {
  if (nginxMissing() !== null) return;
  siteRoot = mkdtempSync(join(tmpdir(), 'over-the-wire-site-'));
  ports = [await freePort(), await freePort()];
  servers.push(...(await Promise.all([start(0, ports[0]!), start(1, ports[1]!)])));
  nginx = await startNginx({siteRoot, demoServers: [`127.0.0.1:${ports[0]}`, `127.0.0.1:${ports[1]}`]});
}, 15_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(servers.map((server) => server.shutdown()));
  if (siteRoot) rmSync(siteRoot, {recursive: true, force: true});
}, 15_000);

describe('a reader whose instance stops, behind nginx (deploy/nginx)', () => {
  it('is moved to the other instance, loses its state there, and comes back to a fresh instance', async () => {
    const missing = nginxMissing();
    if (missing !== null) throw new Error(missing);
    if (nginx === undefined) throw new Error('nginx did not start: see the error of beforeAll');
    const {demoUrl, demoPort} = nginx;
    const onEach = (path: string) =>
      Promise.all(servers.map(async (server) => (await send(`${server.url}${path}`)).status));

    // Readers, by the instance their first sandbox landed on.
    const readers = await Promise.all(
      CLIENT_ADDRESSES.map(async (address) => {
        const created = await send(`${demoUrl}${ENDPOINTS.api}/sandboxes`, {method: 'POST', localAddress: address});
        const sandbox = new URL(String(created.headers.location), demoUrl).pathname;
        return {address, sandbox, instance: (await onEach(sandbox)).indexOf(200)};
      }),
    );
    const reader = readers.find((candidate) => candidate.instance === 0);
    const neighbour = readers.find((candidate) => candidate.instance === 1);
    if (reader === undefined || neighbour === undefined) throw new Error('all 16 addresses went to one instance');
    const from = reader.address;

    // On instance 0: a cost session, an event stream, a WebSocket, and a long poll parked.
    await send(`${demoUrl}${ENDPOINTS.eventsPoll}?session=${SESSION}`, {localAddress: from});
    const stream = await openStream(`${demoUrl}${ENDPOINTS.eventsStream}?session=${SESSION}`, from, {count: 1});
    const lastIdOnInstance0 = stream.events.at(-1)!.id;
    const socket = new WebSocket(`ws://127.0.0.1:${demoPort}${ENDPOINTS.echo}`, {
      origin: SITE_ORIGIN,
      localAddress: from,
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const socketClosed = new Promise<{code: number; reason: string}>((resolve) =>
      socket.once('close', (code, reason) => resolve({code, reason: reason.toString()})),
    );
    // Just after an event: the next is at least 1.5 s away (the interval's jitter is ±50 %).
    const parked = send(`${demoUrl}${ENDPOINTS.eventsLongPoll}?since=${lastIdOnInstance0}`, {localAddress: from});
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Instance 0 stops (what SIGTERM does), draining everything it holds.
    await servers[0]!.shutdown();
    const poll = await parked;
    expect(poll.status).toBe(503);
    expect(poll.headers['retry-after']).toBe('5');
    await stream.ended;
    expect(await socketClosed).toEqual({code: CLOSE_CODES.goingAway, reason: 'Server shutting down'});

    // The reader's requests now reach instance 1, which has none of its state; its neighbour there keeps its own.
    expect((await send(`${demoUrl}${reader.sandbox}`, {localAddress: from})).status).toBe(404);
    expect((await send(`${demoUrl}${neighbour.sandbox}`, {localAddress: neighbour.address})).status).toBe(200);
    const costs = await send(`${demoUrl}${ENDPOINTS.eventsCosts}?session=${SESSION}`, {localAddress: from});
    expect(costs.status).toBe(200);
    expect(costs.body.toString()).toMatch(/"poll":\{"requests":0,/);
    // Instance 1's ids ran ahead: resuming from instance 0's last id replays instance 1's own backlog at once,
    // events emitted before the reader asked, under ids that look like the ones it missed.
    const moved = await openStream(`${demoUrl}${ENDPOINTS.eventsStream}`, from, {
      lastEventId: lastIdOnInstance0,
      count: 3,
    });
    expect(moved.start.lastEventId).toBe(lastIdOnInstance0);
    expect(moved.events[0]!.id).toBe(lastIdOnInstance0 + 1);
    expect(moved.events[0]!.emittedAt).toBeLessThan(moved.requestedAt);
    const lastIdOnInstance1 = moved.events.at(-1)!.id;
    moved.close();

    // Instance 0 comes back on its port; nginx sends the reader there again once it retries it (fail_timeout, 10 s).
    servers[0] = await start(0, ports[0]!);
    const restartedAt = Date.now();
    for (;;) {
      const created = await send(`${demoUrl}${ENDPOINTS.api}/sandboxes`, {method: 'POST', localAddress: from});
      const sandbox = new URL(String(created.headers.location), demoUrl).pathname;
      if ((await onEach(sandbox))[0] === 200) break;
      expect(Date.now() - restartedAt, 'the reader went back to instance 0').toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // A restarted instance has forgotten everything, and its ids start again from 1: the reader's last id is
    // ahead of them. The event stream starts afresh and says so; a poll is refused 400 (the site's clients then
    // start again from the newest event); /ws/events closes 1008.
    expect((await send(`${demoUrl}${reader.sandbox}`, {localAddress: from})).status).toBe(404);
    const back = await openStream(`${demoUrl}${ENDPOINTS.eventsStream}`, from, {
      lastEventId: lastIdOnInstance1,
      count: 0,
    });
    expect(back.start).toMatchObject({lastEventId: null, aheadOfNewest: lastIdOnInstance1});
    back.close();
    const refused = await send(`${demoUrl}${ENDPOINTS.eventsLongPoll}?since=${lastIdOnInstance1}`, {
      localAddress: from,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.toString()).toContain(`since=${lastIdOnInstance1} is ahead of the newest event`);
    const pushed = new WebSocket(`ws://127.0.0.1:${demoPort}${ENDPOINTS.eventsWebSocket}?since=${lastIdOnInstance1}`, {
      origin: SITE_ORIGIN,
      localAddress: from,
    });
    const closeCode = await new Promise<number>((resolve) => pushed.once('close', resolve));
    expect(closeCode).toBe(CLOSE_CODES.policyViolation);
  }, 40_000);
});
