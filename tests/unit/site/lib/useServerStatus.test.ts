// @vitest-environment jsdom
import {act, cleanup, renderHook} from '@testing-library/react';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {WEBSOCKET_ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import {HEALTH_TIMEOUT_MS, useServerStatus} from '../../../../src/lib/useServerStatus.ts';

const SERVER = 'http://demo.test:8787';
/** A whole HealthReport: the page checks the body against the contract, not just its status. */
const HEALTHY = {
  status: 'ok',
  version: 'test',
  uptimeSeconds: 1,
  connections: {total: 0, byEndpoint: Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, 0]))},
};
const HEALTH = `${SERVER}/health`;

// The build's demo server URL comes from the Docusaurus config; here it is a fixed one.
vi.mock('../../../../src/lib/useDemoServerUrl.ts', () => ({useDemoServerUrl: () => SERVER}));

/** What the fake server does with the page's CORS request, and whether anything answers a no-cors probe. */
interface FakeServer {
  cors: 'healthy' | 'refused' | 'down' | 'silent' | {status: number; body: unknown};
}

const server: FakeServer = {cors: 'down'};
const requests: {url: string; mode: RequestMode | undefined}[] = [];

function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  requests.push({url, mode: init?.mode});
  const {cors} = server;
  // The probe: resolves (opaquely) whenever a server answered at all.
  if (init?.mode === 'no-cors') {
    return cors === 'down' ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(new Response(null));
  }
  if (cors === 'healthy') return Promise.resolve(Response.json(HEALTHY));
  // A 403 without Access-Control-Allow-Origin fails the CORS request exactly as no server does.
  if (cors === 'refused' || cors === 'down') return Promise.reject(new TypeError('Failed to fetch'));
  if (cors === 'silent') {
    return new Promise((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  }
  return Promise.resolve(Response.json(cors.body, {status: cors.status}));
}

/** Lets the fetches and the state updates that follow them settle, moving the clock by `ms`. */
async function advance(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function healthRequests(mode?: RequestMode): number {
  return requests.filter((request) => request.url === HEALTH && request.mode === mode).length;
}

beforeEach(() => {
  vi.useFakeTimers();
  // No jitter: every retry waits its nominal delay (1 s, 2 s, 4 s…).
  vi.spyOn(Math, 'random').mockReturnValue(0);
  vi.stubGlobal('fetch', vi.fn(fakeFetch));
  server.cors = 'down';
  requests.length = 0;
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('useServerStatus', () => {
  it('connects, then is live once GET /health answers this page with status ok', async () => {
    server.cors = 'healthy';
    const {result} = renderHook(() => useServerStatus());
    expect(result.current.connection.state.status).toBe('connecting');
    expect(result.current.connection.state.opens).toBe(0);
    expect(result.current.serverUrl).toBe(SERVER);
    expect(result.current.connection.serverUrl).toBe(SERVER);
    await advance();
    const {state} = result.current.connection;
    expect(state).toMatchObject({status: 'live', offlineReason: null, nextRetryAt: null, failures: 0, opens: 1});
    // One CORS request, and no probe when it succeeded.
    expect(healthRequests(undefined)).toBe(1);
    expect(healthRequests('no-cors')).toBe(0);
  });

  it('says plainly that nothing answers, retries with growing delays, and goes live when the server is back', async () => {
    const {result} = renderHook(() => useServerStatus());
    await advance();
    expect(result.current.connection.state).toMatchObject({
      status: 'offline',
      offlineReason: 'unreachable',
      failures: 1,
    });
    expect(result.current.connection.state.nextRetryAt).toBe(Date.now() + 1_000);
    expect(healthRequests('no-cors')).toBe(1);

    await advance(999);
    expect(healthRequests(undefined)).toBe(1);
    await advance(1);
    expect(healthRequests(undefined)).toBe(2);
    // The second failure waits twice as long.
    expect(result.current.connection.state).toMatchObject({status: 'offline', failures: 2});
    expect(result.current.connection.state.nextRetryAt).toBe(Date.now() + 2_000);

    server.cors = 'healthy';
    await advance(2_000);
    expect(result.current.connection.state).toMatchObject({status: 'live', failures: 0, opens: 1, offlineReason: null});
    // Live stays live: no more checks.
    await advance(60_000);
    expect(healthRequests(undefined)).toBe(3);
  });

  it('tells a server that refuses this page from one that is not there', async () => {
    server.cors = 'refused';
    const {result} = renderHook(() => useServerStatus());
    await advance();
    expect(result.current.connection.state).toMatchObject({status: 'offline', offlineReason: 'refused'});
  });

  it('is not live on an answer that is not a healthy 200', async () => {
    server.cors = {status: 503, body: {status: 'ok'}};
    const {result} = renderHook(() => useServerStatus());
    await advance();
    expect(result.current.connection.state).toMatchObject({status: 'offline', offlineReason: 'refused'});

    server.cors = {status: 200, body: {title: 'Not the health report'}};
    await advance(1_000);
    expect(result.current.connection.state).toMatchObject({status: 'offline', offlineReason: 'refused', failures: 2});
  });

  it('gives up on a server that never answers after HEALTH_TIMEOUT_MS', async () => {
    server.cors = 'silent';
    const {result} = renderHook(() => useServerStatus());
    await advance(HEALTH_TIMEOUT_MS - 1);
    expect(result.current.connection.state.status).toBe('connecting');
    await advance(1);
    expect(result.current.connection.state).toMatchObject({status: 'offline', offlineReason: 'refused'});
  });

  it('retries at once when asked ("Try now"), and drops the retry it had scheduled', async () => {
    const {result} = renderHook(() => useServerStatus());
    await advance();
    expect(result.current.connection.state.status).toBe('offline');
    server.cors = 'healthy';
    act(() => result.current.connection.reconnect());
    expect(result.current.connection.state).toMatchObject({
      status: 'connecting',
      offlineReason: null,
      nextRetryAt: null,
    });
    await advance();
    expect(result.current.connection.state.status).toBe('live');
    await advance(10_000);
    expect(healthRequests(undefined)).toBe(2);
  });

  it('retries at once when the browser comes back online', async () => {
    const {result} = renderHook(() => useServerStatus());
    await advance();
    server.cors = 'healthy';
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await advance();
    expect(result.current.connection.state.status).toBe('live');
    expect(healthRequests(undefined)).toBe(2);
  });

  it('stops checking when the demo leaves the page', async () => {
    const {unmount} = renderHook(() => useServerStatus());
    await advance();
    unmount();
    await advance(60_000);
    expect(healthRequests(undefined)).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
