/** The stateless constraint: a session kept in one replica fails on the other; state carried in the request does not. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CartAnswer, ProblemDetails} from '../../demo-server/src/contract/rest.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.shutdown();
});

const post = (path: string, headers: Record<string, string>, item?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', ...headers},
    body: item === undefined ? undefined : JSON.stringify({item}),
  });

describe('two replicas behind a round-robin balancer', () => {
  it('alternates replicas; the stateful cart works on the replica with the session and fails on the other', async () => {
    const login = await post('/balanced/stateful/login', {});
    expect(login.status).toBe(201);
    const {session, replica} = (await login.json()) as {session: string; replica: 'A' | 'B'};
    expect(login.headers.get('served-by')).toBe(`replica-${replica}`);

    const other = await post('/balanced/stateful/cart', {Session: session}, 'apples');
    expect(other.headers.get('served-by')).not.toBe(`replica-${replica}`);
    expect(other.status).toBe(401);
    expect(((await other.json()) as ProblemDetails).detail).toContain('has no session');

    const same = await post('/balanced/stateful/cart', {Session: session}, 'apples');
    expect(same.headers.get('served-by')).toBe(`replica-${replica}`);
    expect(same.status).toBe(200);
    expect(((await same.json()) as CartAnswer).items).toEqual(['apples']);
  });

  it('the stateless cart works on both replicas: every request carries the cart, signed', async () => {
    let token = '';
    const servedBy: string[] = [];
    for (const item of ['a', 'b', 'c', 'd']) {
      const response = await post('/balanced/stateless/cart', token ? {'Cart-Token': token} : {}, item);
      expect(response.status).toBe(200);
      servedBy.push(response.headers.get('served-by') ?? '');
      token = response.headers.get('cart-token') ?? '';
      expect(token).not.toBe('');
    }
    expect(new Set(servedBy)).toEqual(new Set(['replica-A', 'replica-B']));
    const cart = (await (
      await fetch(`${server.url}/balanced/stateless/cart`, {headers: {'Cart-Token': token}})
    ).json()) as CartAnswer;
    expect(cart.items).toEqual(['a', 'b', 'c', 'd']);
    // A token changed by the client is refused.
    const [payload = '', mac = ''] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({items: ['free']})).toString('base64url')}.${mac}`;
    expect(payload).not.toBe(forged.split('.')[0]);
    expect((await fetch(`${server.url}/balanced/stateless/cart`, {headers: {'Cart-Token': forged}})).status).toBe(400);
  });

  it('bounds items and answers nonsense with problem details', async () => {
    expect((await post('/balanced/stateless/cart', {}, 'x'.repeat(41))).status).toBe(400);
    const notJson = await fetch(`${server.url}/balanced/stateless/cart`, {method: 'POST', body: 'nope'});
    expect(notJson.status).toBe(400);
    expect((await fetch(`${server.url}/balanced/elsewhere`)).status).toBe(404);
    let token = '';
    let last: Response | undefined;
    for (let i = 0; i < 21; i += 1) {
      last = await post('/balanced/stateless/cart', token ? {'Cart-Token': token} : {}, `item-${i}`);
      if (last.status === 200) token = last.headers.get('cart-token') ?? '';
    }
    expect(last?.status).toBe(409);
  });
});
