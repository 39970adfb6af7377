/**
 * The page's side of the wire: once installed (by the first demo that records, so pages without demos never load
 * it), `fetch`, `WebSocket` and `EventSource` keep a record of every exchange with the demo server — the request,
 * the response the page could read, WebSocket messages both ways, the events of a stream — for the HAR and script
 * exports and for recordings. Exchanges with any other origin pass through untouched. Everything kept is bounded
 * (`WIRE_LIMITS`); the wrappers change nothing the page sees.
 */
import {toBase64} from './codec.ts';
import type {
  EventSourceExchange,
  HttpExchange,
  Payload,
  WebSocketExchange,
  WireEntry,
  WireHeader,
  WireTimings,
} from './format.ts';

export const WIRE_LIMITS = {
  /** Exchanges kept; the oldest go first. */
  maxEntries: 400,
  /** Bytes of one body, message or event kept. */
  maxBodyBytes: 64 * 1024,
  /** Messages or events kept per WebSocket or EventSource; the oldest go first. */
  maxMessages: 1_000,
} as const;

/** Entries whose times are epoch ms (a recording makes them relative to its start). */
const entries: WireEntry[] = [];
let nextId = 1;
let installedFor: string | null = null;
const encoder = new TextEncoder();

function keep(entry: WireEntry): void {
  entries.push(entry);
  if (entries.length > WIRE_LIMITS.maxEntries) entries.splice(0, entries.length - WIRE_LIMITS.maxEntries);
}

function keepBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > WIRE_LIMITS.maxMessages) list.splice(0, list.length - WIRE_LIMITS.maxMessages);
}

function textPayload(text: string): Payload {
  const bytes = encoder.encode(text);
  if (bytes.length <= WIRE_LIMITS.maxBodyBytes) return {text};
  return {text: new TextDecoder().decode(bytes.subarray(0, WIRE_LIMITS.maxBodyBytes))};
}

function bytesPayload(bytes: Uint8Array): Payload {
  return {base64: toBase64(bytes.subarray(0, WIRE_LIMITS.maxBodyBytes))};
}

/** UTF-8 text when the bytes are valid UTF-8, base64 otherwise. */
function payloadOf(bytes: Uint8Array): Payload {
  try {
    return textPayload(new TextDecoder('utf-8', {fatal: true}).decode(bytes));
  } catch {
    return bytesPayload(bytes);
  }
}

function headerList(headers: Headers): WireHeader[] {
  return [...headers].map(([name, value]) => ({name, value}));
}

function emptyTimings(start: number): WireTimings {
  return {start, headers: null, end: null};
}

/** The exchanges with the demo server since the tap was installed, oldest first (deep copies, epoch-ms times). */
export function wireEntries(): WireEntry[] {
  return structuredClone(entries);
}

/** Forgets what was kept (the tests use it between cases). */
export function clearWire(): void {
  entries.length = 0;
}

/**
 * Installs the tap for exchanges with `serverUrl`'s origin. Idempotent; a no-op outside a browser. Returns false
 * when it could not be installed (no `window`).
 */
export function installWireTap(serverUrl: string): boolean {
  if (typeof window === 'undefined') return false;
  if (installedFor !== null) return true;
  const origin = new URL(serverUrl).origin;
  installedFor = origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const tapped = (url: string): boolean => {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.origin === origin || parsed.origin === wsOrigin;
    } catch {
      return false;
    }
  };
  tapFetch(tapped);
  tapWebSocket(tapped);
  tapEventSource(tapped);
  return true;
}

async function requestBody(body: BodyInit | null | undefined): Promise<Payload | null> {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return textPayload(body);
  if (body instanceof URLSearchParams) return textPayload(body.toString());
  if (body instanceof ArrayBuffer) return payloadOf(new Uint8Array(body));
  if (ArrayBuffer.isView(body)) return payloadOf(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  if (body instanceof Blob)
    return payloadOf(new Uint8Array(await body.slice(0, WIRE_LIMITS.maxBodyBytes).arrayBuffer()));
  // FormData and streams: not read, so the request goes out exactly as the page made it.
  return null;
}

/** Reads a clone of the body up to the limit, then lets it go. */
async function readBody(response: Response, entry: HttpExchange): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let total = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    total += value.length;
    if (kept < WIRE_LIMITS.maxBodyBytes) {
      const part = value.subarray(0, WIRE_LIMITS.maxBodyBytes - kept);
      chunks.push(part);
      kept += part.length;
    }
    if (kept >= WIRE_LIMITS.maxBodyBytes && total > kept) {
      entry.bodyTruncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(kept);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  entry.responseBody = kept === 0 && total === 0 ? null : payloadOf(bytes);
  if (!entry.bodyTruncated) entry.timings.end = Date.now();
}

/** Resource Timing's phases for the latest fetch of `url`, when the server allowed them. */
function resourcePhases(url: string, timings: WireTimings): void {
  const list = performance.getEntriesByName(url, 'resource') as PerformanceResourceTiming[];
  const timing = list[list.length - 1];
  if (!timing || timing.requestStart === 0) return;
  const span = (from: number, to: number) => (from > 0 && to >= from ? Math.round((to - from) * 1000) / 1000 : -1);
  timings.dns = span(timing.domainLookupStart, timing.domainLookupEnd);
  timings.connect = span(timing.connectStart, timing.connectEnd);
  timings.ssl = timing.secureConnectionStart > 0 ? span(timing.secureConnectionStart, timing.connectEnd) : -1;
  timings.send = 0;
  timings.wait = span(timing.requestStart, timing.responseStart);
  timings.receive = span(timing.responseStart, timing.responseEnd);
}

function tapFetch(tapped: (url: string) => boolean): void {
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!tapped(url)) return nativeFetch(input, init);
    const request = input instanceof Request ? input : null;
    const entry: HttpExchange = {
      kind: 'http',
      id: nextId++,
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url: new URL(url, window.location.href).href,
      requestHeaders: headerList(new Headers(init?.headers ?? request?.headers)),
      requestBody: null,
      status: 0,
      statusText: '',
      responseHeaders: [],
      responseBody: null,
      timings: emptyTimings(Date.now()),
    };
    keep(entry);
    void requestBody(init?.body)
      .then((body) => {
        entry.requestBody = body;
      })
      .catch(() => undefined);
    let response: Response;
    try {
      response = await nativeFetch(input, init);
    } catch (error) {
      entry.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      entry.timings.end = Date.now();
      throw error;
    }
    entry.timings.headers = Date.now();
    entry.status = response.status;
    entry.statusText = response.statusText;
    entry.responseHeaders = headerList(response.headers);
    entry.responseType = response.type;
    entry.redirected = response.redirected;
    if (response.body) {
      void readBody(response.clone(), entry)
        .then(() => resourcePhases(entry.url, entry.timings))
        .catch(() => undefined);
    } else {
      entry.timings.end = entry.timings.headers;
    }
    return response;
  };
}

function messagePayload(data: unknown, push: (payload: Payload, opcode: 1 | 2) => void): void {
  if (typeof data === 'string') push(textPayload(data), 1);
  else if (data instanceof ArrayBuffer) push(bytesPayload(new Uint8Array(data)), 2);
  else if (ArrayBuffer.isView(data))
    push(bytesPayload(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)), 2);
  else if (data instanceof Blob) {
    // Kept in order: the slot is taken now, filled when the bytes are read.
    const slot: {payload: Payload} = {payload: {base64: ''}};
    push(slot.payload, 2);
    void data
      .slice(0, WIRE_LIMITS.maxBodyBytes)
      .arrayBuffer()
      .then((buffer) => {
        Object.assign(slot.payload, bytesPayload(new Uint8Array(buffer)));
      });
  }
}

function tapWebSocket(tapped: (url: string) => boolean): void {
  const Native = window.WebSocket;
  class TappedWebSocket extends Native {
    #entry: WebSocketExchange | null = null;

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const href = typeof url === 'string' ? url : url.href;
      if (!tapped(href)) return;
      const offered = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
      const entry: WebSocketExchange = {
        kind: 'websocket',
        id: nextId++,
        url: this.url,
        protocols: offered,
        protocol: null,
        timings: emptyTimings(Date.now()),
        messages: [],
        close: null,
      };
      this.#entry = entry;
      keep(entry);
      this.addEventListener('open', () => {
        entry.protocol = this.protocol;
        entry.timings.headers = Date.now();
      });
      this.addEventListener('message', (event: MessageEvent) => {
        const time = Date.now();
        messagePayload(event.data, (data, opcode) =>
          keepBounded(entry.messages, {type: 'receive', time, opcode, data}),
        );
      });
      this.addEventListener('close', (event: CloseEvent) => {
        entry.close = {code: event.code, reason: event.reason, wasClean: event.wasClean, time: Date.now()};
        entry.timings.end = entry.close.time;
      });
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      const entry = this.#entry;
      if (entry && this.readyState === Native.OPEN) {
        const time = Date.now();
        messagePayload(data, (payload, opcode) =>
          keepBounded(entry.messages, {type: 'send', time, opcode, data: payload}),
        );
      }
      super.send(data);
    }
  }
  window.WebSocket = TappedWebSocket;
}

function tapEventSource(tapped: (url: string) => boolean): void {
  const Native = window.EventSource;
  if (typeof Native !== 'function') return;
  class TappedEventSource extends Native {
    #entry: EventSourceExchange | null = null;
    #types = new Set<string>();

    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      const href = typeof url === 'string' ? url : url.href;
      if (!tapped(href)) return;
      const entry: EventSourceExchange = {
        kind: 'eventsource',
        id: nextId++,
        url: this.url,
        withCredentials: this.withCredentials,
        timings: emptyTimings(Date.now()),
        events: [],
        errors: [],
      };
      this.#entry = entry;
      keep(entry);
      super.addEventListener('open', () => {
        entry.timings.headers ??= Date.now();
      });
      super.addEventListener('error', () => {
        entry.errors.push(Date.now());
        if (this.readyState === Native.CLOSED) entry.timings.end = Date.now();
      });
      this.#tap('message');
      this.#tapListeners();
    }

    /** Listens to one event type as well, the first time the page does. */
    #tap(type: string): void {
      const entry = this.#entry;
      if (!entry || this.#types.has(type) || type === 'open' || type === 'error') return;
      this.#types.add(type);
      super.addEventListener(type, (event) => {
        const message = event as MessageEvent<string>;
        keepBounded(entry.events, {
          time: Date.now(),
          type,
          data: message.data.slice(0, WIRE_LIMITS.maxBodyBytes),
          lastEventId: message.lastEventId,
        });
      });
    }

    /** Taps each event type the page listens to (an own property: the DOM's overloads cannot be overridden). */
    #tapListeners(): void {
      Object.defineProperty(this, 'addEventListener', {
        configurable: true,
        writable: true,
        value: (
          type: string,
          listener: EventListenerOrEventListenerObject | null,
          options?: boolean | AddEventListenerOptions,
        ) => {
          this.#tap(type);
          EventTarget.prototype.addEventListener.call(this, type, listener, options);
        },
      });
    }
  }
  window.EventSource = TappedEventSource;
}

/** Times in `wire` made relative to `startedAt` (epoch ms), as a recording keeps them. */
export function relativeWire(wire: readonly WireEntry[], startedAt: number): WireEntry[] {
  const at = (time: number) => time - startedAt;
  const timings = (t: WireTimings): WireTimings => ({
    ...t,
    start: at(t.start),
    headers: t.headers === null ? null : at(t.headers),
    end: t.end === null ? null : at(t.end),
  });
  return wire.map((entry) => {
    switch (entry.kind) {
      case 'http':
        return {...entry, timings: timings(entry.timings)};
      case 'websocket':
        return {
          ...entry,
          timings: timings(entry.timings),
          messages: entry.messages.map((m) => ({...m, time: at(m.time)})),
          close: entry.close === null ? null : {...entry.close, time: at(entry.close.time)},
        };
      case 'eventsource':
        return {
          ...entry,
          timings: timings(entry.timings),
          events: entry.events.map((e) => ({...e, time: at(e.time)})),
          errors: entry.errors.map(at),
        };
    }
  });
}

/** Total bytes kept of a payload (for sizes shown to the reader). */
export function payloadBytes(payload: Payload | null): number {
  if (payload === null) return 0;
  return 'text' in payload ? encoder.encode(payload.text).length : Math.floor((payload.base64.length * 3) / 4);
}
