/**
 * The loop's bound in `routes/redirects.ts`, with a clock of the test's own: hops counted per client and attempt,
 * forgotten after `loopTtlMs`, and at most `maxTrackedLoops` loops remembered (the least recently followed forgotten).
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import {REDIRECT_LIMITS} from '../../../../demo-server/src/limits.ts';
import {redirectsRoute} from '../../../../demo-server/src/routes/redirects.ts';

let clock = 0;
let server: Server;
let base = '';
beforeAll(async () => {
  const handle = redirectsRoute({
    clientOf: (req) => String(req.headers['x-client'] ?? 'one'),
    now: () => clock,
    maxLoopHops: 2,
    maxTrackedLoops: 2,
  });
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const hop = async (attempt: string, client = 'one') =>
  (
    await fetch(`${base}${ENDPOINTS.httpRedirect}/loop?attempt=${attempt}`, {
      redirect: 'manual',
      headers: {'X-Client': client},
    })
  ).status;

describe('the loop bound', () => {
  it('answers 508 past its hops, for that client and attempt only', async () => {
    expect([await hop('loop-aaaa'), await hop('loop-aaaa'), await hop('loop-aaaa')]).toEqual([302, 302, 508]);
    expect(await hop('loop-aaaa', 'two')).toBe(302);
  });

  it('forgets a loop loopTtlMs after its last hop', async () => {
    clock = 1_000_000;
    expect([await hop('loop-bbbb'), await hop('loop-bbbb')]).toEqual([302, 302]);
    clock += REDIRECT_LIMITS.loopTtlMs - 1;
    expect(await hop('loop-bbbb')).toBe(508);
    clock += REDIRECT_LIMITS.loopTtlMs;
    expect(await hop('loop-bbbb')).toBe(302);
  });

  it('remembers at most maxTrackedLoops loops, forgetting the least recently followed', async () => {
    clock = 5_000_000;
    expect([await hop('loop-cccc'), await hop('loop-cccc')]).toEqual([302, 302]);
    await hop('loop-dddd');
    await hop('loop-eeee');
    // Two loops are remembered: loop-cccc, followed least recently, was forgotten, and counts from 1 again.
    expect(await hop('loop-cccc')).toBe(302);
  });
});
