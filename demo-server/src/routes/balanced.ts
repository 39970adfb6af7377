/**
 * The stateless constraint, made visible: two replicas of a tiny cart service
 * behind a round-robin balancer, inside this one process (issue #6).
 *
 *   /balanced/stateful/login   POST: the replica that serves it creates a session in ITS memory
 *   /balanced/stateful/cart    GET, POST {item}: needs the session; fails on the other replica
 *   /balanced/stateless/cart   GET, POST {item}: the cart travels in every request as a signed
 *                              token (Cart-Token), so either replica can serve it
 *
 * The balancer alternates replicas per client address, so a reader sees A, B,
 * A, B… Every answer names its replica in `Served-By`. Bounds: sessions per
 * replica (least recently used dropped), their idle time, cart size, item size,
 * tracked clients.
 */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {CartState} from '../contract/rest.ts';
import {BALANCED_LIMITS} from '../limits.ts';
import {pathOf, readBody, sendJson, sendProblem} from '../http.ts';
import {parseClientJson} from '../json.ts';

export interface BalancedOptions {
  clientOf: (req: IncomingMessage) => string;
  /** Largest body a POST may carry (one item); past it, 413 before more is read. */
  maxBodyBytes: number;
  maxJsonDepth: number;
  now?: () => number;
}

interface Session {
  items: string[];
  lastUsed: number;
}

interface Replica {
  name: 'A' | 'B';
  sessions: Map<string, Session>;
}

const CORS_EXPOSE = 'Served-By, Cart-Token, Content-Length';

export function balancedRoute({clientOf, maxBodyBytes, maxJsonDepth, now = Date.now}: BalancedOptions) {
  const replicas: [Replica, Replica] = [
    {name: 'A', sessions: new Map()},
    {name: 'B', sessions: new Map()},
  ];
  /** Next replica per client address; bounded, least recently used forgotten. */
  const turns = new Map<string, number>();
  /** Shared by both replicas like any configuration: a key, not per-client state. */
  const secret = randomBytes(32);

  const pick = (client: string): Replica => {
    const turn = turns.get(client) ?? 0;
    turns.delete(client);
    turns.set(client, turn + 1);
    if (turns.size > BALANCED_LIMITS.maxTrackedClients) {
      const oldest = turns.keys().next().value;
      if (oldest !== undefined) turns.delete(oldest);
    }
    return replicas[turn % 2] ?? replicas[0];
  };

  const sign = (cart: CartState): string => {
    const payload = Buffer.from(JSON.stringify(cart)).toString('base64url');
    const mac = createHmac('sha256', secret).update(payload).digest('base64url');
    return `${payload}.${mac}`;
  };
  const verify = (token: string): CartState | null => {
    const [payload = '', mac = ''] = token.split('.');
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const cart = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CartState;
      return Array.isArray(cart.items) ? cart : null;
    } catch {
      return null;
    }
  };

  const prune = (replica: Replica, at: number) => {
    for (const [id, session] of replica.sessions) {
      if (
        at - session.lastUsed < BALANCED_LIMITS.sessionIdleMs &&
        replica.sessions.size <= BALANCED_LIMITS.maxSessionsPerReplica
      ) {
        break;
      }
      replica.sessions.delete(id);
    }
  };

  /** The item a POST adds, or undefined once the request has been answered (400 or 413). */
  const readItem = async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const body = await readBody(req, res, maxBodyBytes);
    if (body === undefined) return undefined;
    const parsed = parseClientJson(body.toString('utf8'), maxJsonDepth);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
      sendProblem(res, 400, 'The body must be JSON: {"item": "…"}');
      return undefined;
    }
    const item = (parsed.value as {item?: unknown}).item;
    if (typeof item !== 'string' || item.length === 0 || item.length > BALANCED_LIMITS.maxItemLength) {
      sendProblem(res, 400, `"item" must be a string of 1 to ${BALANCED_LIMITS.maxItemLength} characters`);
      return undefined;
    }
    return item;
  };

  return {
    handle: async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const path = pathOf(req.url);
      const method = req.method ?? 'GET';
      res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE);
      if (method === 'OPTIONS') {
        res.writeHead(204, {
          Allow: 'GET, POST, OPTIONS',
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Content-Type, Session, Cart-Token',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      const replica = pick(clientOf(req));
      res.setHeader('Served-By', `replica-${replica.name}`);
      const at = now();
      prune(replica, at);
      if (path === '/balanced/stateful/login' && method === 'POST') {
        req.resume();
        const id = randomBytes(9).toString('base64url');
        replica.sessions.set(id, {items: [], lastUsed: at});
        sendJson(res, 201, {session: id, replica: replica.name});
        return;
      }
      if (path === '/balanced/stateful/cart' && (method === 'GET' || method === 'POST')) {
        const header = req.headers.session;
        const id = typeof header === 'string' ? header : '';
        const session = replica.sessions.get(id);
        if (session === undefined) {
          req.resume();
          sendProblem(
            res,
            401,
            `Replica ${replica.name} has no session ${id || '(none sent)'}: sessions live in the memory of the replica that created them, and the balancer sent this request here`,
          );
          return;
        }
        session.lastUsed = at;
        if (method === 'POST') {
          const item = await readItem(req, res);
          if (item === undefined) return;
          if (session.items.length >= BALANCED_LIMITS.maxItems) {
            sendProblem(res, 409, `The cart holds at most ${BALANCED_LIMITS.maxItems} items`);
            return;
          }
          session.items.push(item);
        } else {
          req.resume();
        }
        sendJson(res, 200, {items: session.items, replica: replica.name});
        return;
      }
      if (path === '/balanced/stateless/cart' && (method === 'GET' || method === 'POST')) {
        const header = req.headers['cart-token'];
        let cart: CartState = {items: []};
        if (typeof header === 'string' && header !== '') {
          const verified = verify(header);
          if (verified === null) {
            req.resume();
            sendProblem(res, 400, 'The Cart-Token is not one this service signed (or it was changed)');
            return;
          }
          cart = verified;
        }
        if (method === 'POST') {
          const item = await readItem(req, res);
          if (item === undefined) return;
          if (cart.items.length >= BALANCED_LIMITS.maxItems) {
            sendProblem(res, 409, `The cart holds at most ${BALANCED_LIMITS.maxItems} items`);
            return;
          }
          cart = {items: [...cart.items, item]};
        } else {
          req.resume();
        }
        sendJson(res, 200, {items: cart.items, replica: replica.name}, {'Cart-Token': sign(cart)});
        return;
      }
      req.resume();
      sendProblem(res, 404, `Nothing at ${method} ${path}; see /openapi.json`);
    },
  };
}
