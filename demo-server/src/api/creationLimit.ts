/**
 * How many sandboxes one client may create a minute, whatever the transport:
 * HTTP `POST /api/sandboxes` and the same request over `/ws/rest` draw on one
 * budget per client address. The window resets every minute; at most
 * `maxTrackedClients` addresses are remembered in a window, and past that a
 * client not yet seen is refused until the window resets.
 */
import {problemResponse, type ApiResponse} from './resources.ts';

export interface CreationLimitOptions {
  perMinute: number;
  maxTrackedClients?: number;
}

export interface CreationLimit {
  /** Takes one creation from the client's budget; the 429 to answer with when there is none left. */
  take(client: string): ApiResponse | null;
  /** Whether a request is one that creates a sandbox (and so must be counted). */
  creates(method: string, path: string): boolean;
}

export function createCreationLimit({perMinute, maxTrackedClients = 10_000}: CreationLimitOptions): CreationLimit {
  const creations = new Map<string, number>();
  const window = setInterval(() => creations.clear(), 60_000);
  window.unref();
  return {
    creates: (method, path) => method === 'POST' && path.replace(/\/+$/, '') === '/api/sandboxes',
    take(client) {
      const count = creations.get(client) ?? 0;
      if (count >= perMinute || (count === 0 && creations.size >= maxTrackedClients)) {
        return problemResponse(429, `At most ${perMinute} sandboxes per minute from one client`, {'Retry-After': '60'});
      }
      creations.set(client, count + 1);
      return null;
    },
  };
}
