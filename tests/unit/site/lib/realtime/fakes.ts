/**
 * Test doubles for the real-time clients: a fetch whose answers the test
 * gives one by one, and just enough of the browser's EventSource and
 * WebSocket, driven by the test.
 */
import {vi} from 'vitest';
import type {ServerEvent} from '../../../../../demo-server/src/contract/events.ts';
import type {
  TransportActivity,
  TransportOptions,
  TransportState,
} from '../../../../../src/lib/realtime/transportClient.ts';

export const SERVER_URL = 'http://demo.test';
export const SESSION = 'test-session-0001';

/** An event of the demo server's stream. */
export function event(id: number): ServerEvent {
  return {id, emittedAt: 1_767_225_600_000 + id * 1000, value: 100 + id};
}

/** An RFC 9457 problem body, as the demo server sends with a refusal. */
export function problem(status: number, detail: string) {
  return {type: 'about:blank', title: `HTTP ${status}`, status, detail};
}

/** Lets promise callbacks run (fetch answers, body reads) without moving the fake clock. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** One request the client made; the test answers it. */
export interface Exchange {
  url: URL;
  init: RequestInit | undefined;
  readonly aborted: boolean;
  /** Answers with a JSON body (none for 204). */
  answer(status: number, body?: unknown, headers?: Record<string, string>): void;
  /** Answers with a response the test built (e.g. one whose body arrives later). */
  answerWith(response: Response): void;
  /** The network failed: no answer at all. */
  fail(): void;
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

export function fakeFetch() {
  const exchanges: Exchange[] = [];
  const fetchImpl: typeof fetch = (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      signal?.addEventListener('abort', () => {
        reject(new DOMException('This operation was aborted', 'AbortError'));
      });
      exchanges.push({
        url: new URL(requestUrl(input)),
        init,
        get aborted() {
          return signal?.aborted ?? false;
        },
        answer(status, body, headers = {}) {
          resolve(status === 204 ? new Response(null, {status, headers}) : Response.json(body, {status, headers}));
        },
        answerWith: resolve,
        fail() {
          reject(new TypeError('fetch failed'));
        },
      });
    });
  return {fetchImpl, exchanges};
}

/** A response whose JSON body the test releases later (a slow body). */
export function slowResponse(status: number, headers: Record<string, string> = {}) {
  let release: (body: unknown) => void = () => undefined;
  const body = new Promise<unknown>((resolve) => {
    release = resolve;
  });
  const response = {
    ok: status >= 200 && status < 300,
    status,
    headers: new Headers(headers),
    json: () => body,
  } as unknown as Response;
  return {response, release};
}

/** Just enough of the browser's EventSource: the test opens it, sends events, drops it or fails it. */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeEventSource.CONNECTING;
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  /** An event of type `type` (`message` for unnamed ones) whose data is `data`, JSON unless a string. */
  receive(type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, {data: typeof data === 'string' ? data : JSON.stringify(data)}));
  }
  /** The stream ended: the browser reconnects by itself (readyState CONNECTING). */
  drop() {
    this.readyState = FakeEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }
  /** The browser gave up: an error status, a wrong type, or nothing answered (readyState CLOSED). */
  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.dispatchEvent(new Event('error'));
  }
}

/** Just enough of the browser's WebSocket, driven by the test. */
export class FakeWebSocket extends EventTarget {
  readyState = 0;
  closedWith: [number | undefined, string | undefined] | null = null;
  constructor(readonly url: string) {
    super();
  }
  close(code?: number, reason?: string) {
    // As browsers do: pages may only close with 1000 or 3000–4999.
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(`The close code must be either 1000, or between 3000 and 4999.`, 'InvalidAccessError');
    }
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', {data}));
  }
  serverClose(code: number, reason = '') {
    this.readyState = 3;
    this.dispatchEvent(new CloseEvent('close', {code, reason, wasClean: true}));
  }
  failToConnect() {
    this.readyState = 3;
    this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new CloseEvent('close', {code: 1006, wasClean: false}));
  }
}

/** Options that record everything a client reports, with a fixed jitter (backoff 500, 1000, 2000 ms…). */
export function recorder() {
  const batches: number[][] = [];
  const arrivals: number[] = [];
  const activities: TransportActivity[] = [];
  const states: TransportState[] = [];
  const onUnreachable = vi.fn();
  const options = {
    serverUrl: SERVER_URL,
    session: SESSION,
    onEvents: (events: ServerEvent[], arrivedAt: number) => {
      batches.push(events.map((e) => e.id));
      arrivals.push(arrivedAt);
    },
    onActivity: (activity: TransportActivity) => activities.push(activity),
    onState: (state: TransportState) => states.push(state),
    onUnreachable,
    now: () => Date.now(),
    random: () => 0,
  } satisfies TransportOptions;
  return {
    options,
    batches,
    arrivals,
    activities,
    states,
    onUnreachable,
    /** Every id delivered, in order. */
    ids: () => batches.flat(),
    lastActivity: () => activities.at(-1),
    lastState: () => states.at(-1),
  };
}
