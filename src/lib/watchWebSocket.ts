/**
 * Everything a page can know about a WebSocket, and nothing more: the events the browser fires on it (`open`,
 * `message`, `error`, `close`) in order, each with the time since the constructor ran and the `readyState` at that
 * moment, plus what the page itself sent. The demos of "When it breaks" show this list beside the server's record
 * of the same connection: the difference is what the WebSockets Standard keeps from scripts.
 */

/** One thing the page saw (or did) on a socket. `at` is milliseconds since the run's clock started. */
export type PageEvent =
  | {type: 'open'; socket: number; at: number; readyState: number; protocol: string; extensions: string}
  | {type: 'message'; socket: number; at: number; readyState: number; data: string}
  | {type: 'error'; socket: number; at: number; readyState: number}
  | {type: 'close'; socket: number; at: number; readyState: number; code: number; reason: string; wasClean: boolean}
  | {type: 'send'; socket: number; at: number; readyState: number; bytes: number; what: string};

export type PageEventType = PageEvent['type'];

/** The names of `readyState`'s values (WebSockets Standard, the WebSocket interface). */
export const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

export function readyStateName(readyState: number): string {
  return READY_STATES[readyState] ?? String(readyState);
}

/** Longest message text kept for display; the rest is summarised by its length. */
const MAX_SHOWN_CHARS = 160;

function preview(data: unknown): string {
  if (typeof data === 'string') {
    return data.length > MAX_SHOWN_CHARS ? `${data.slice(0, MAX_SHOWN_CHARS)}… (${data.length} characters)` : data;
  }
  if (data instanceof ArrayBuffer) return `${data.byteLength} bytes (binary)`;
  return 'a binary message';
}

export interface WatchedSocket {
  /** The socket's number among those of one run (1 for the first). */
  readonly number: number;
  /** True once open, false if it closed first. */
  readonly opened: Promise<boolean>;
  /** The close event's code, reason and wasClean, once it has fired. */
  readonly closed: Promise<{code: number; reason: string; wasClean: boolean}>;
  /** Sends, and records what was sent. */
  send(data: string | Uint8Array<ArrayBuffer>, what: string): void;
  /** Closes (if not closed yet) with code 1000. */
  close(): void;
}

/**
 * Opens a WebSocket and reports every event on it to `onEvent`. The constructor can throw (a malformed URL or
 * offer): that is the caller's to show.
 */
export function watchWebSocket(
  url: string,
  options: {
    number: number;
    protocols?: string[];
    onEvent: (event: PageEvent) => void;
    /** Where times count from (a run's several sockets share one clock); by default, this constructor call. */
    startedAt?: number;
    now?: () => number;
  },
): WatchedSocket {
  const {number, onEvent, now = () => performance.now()} = options;
  const start = options.startedAt ?? now();
  const ws = options.protocols === undefined ? new WebSocket(url) : new WebSocket(url, options.protocols);
  const at = () => Math.round((now() - start) * 10) / 10;
  ws.binaryType = 'arraybuffer';
  let resolveOpened: (opened: boolean) => void = () => undefined;
  const opened = new Promise<boolean>((resolve) => {
    resolveOpened = resolve;
  });
  const closed = new Promise<{code: number; reason: string; wasClean: boolean}>((resolve) => {
    ws.addEventListener('close', (event) => {
      onEvent({
        type: 'close',
        socket: number,
        at: at(),
        readyState: ws.readyState,
        code: event.code,
        reason: event.reason,
        wasClean: event.wasClean,
      });
      resolveOpened(false);
      resolve({code: event.code, reason: event.reason, wasClean: event.wasClean});
    });
  });
  ws.addEventListener('open', () => {
    onEvent({
      type: 'open',
      socket: number,
      at: at(),
      readyState: ws.readyState,
      protocol: ws.protocol,
      extensions: ws.extensions,
    });
    resolveOpened(true);
  });
  ws.addEventListener('message', (event: MessageEvent) =>
    onEvent({type: 'message', socket: number, at: at(), readyState: ws.readyState, data: preview(event.data)}),
  );
  ws.addEventListener('error', () => onEvent({type: 'error', socket: number, at: at(), readyState: ws.readyState}));
  return {
    number,
    opened,
    closed,
    send(data, what) {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(data);
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data).length : data.byteLength;
      onEvent({type: 'send', socket: number, at: at(), readyState: ws.readyState, bytes, what});
    },
    close() {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(1000);
    },
  };
}

/** A short account of a run's events, for a screen reader and for tests: "error, close 1006 (not clean)". */
export function summarise(events: readonly PageEvent[]): string {
  const several = events.some((event) => event.socket !== 1);
  return events
    .filter((event) => event.type !== 'send' && event.type !== 'message')
    .map((event) => {
      const prefix = several ? `socket ${event.socket} ` : '';
      if (event.type === 'close') return `${prefix}close ${event.code}${event.wasClean ? '' : ' (not clean)'}`;
      return `${prefix}${event.type}`;
    })
    .join(', ');
}
