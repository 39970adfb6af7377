/**
 * One WebSocket to the demo server, kept alive for a demo: it connects,
 * reports its status, and after a failure retries with exponential backoff
 * and jitter. Framework-free so it can be unit-tested with a fake WebSocket;
 * React demos use it through `useDemoSocket`.
 */
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy} from './backoff.ts';
import {httpUrl, webSocketUrl} from './demoServerUrls.ts';

export type DemoSocketStatus =
  /** Opening handshake under way. */
  | 'connecting'
  /** Open: messages flow. */
  | 'live'
  /** Could not connect or lost the connection; a retry is scheduled. */
  | 'offline'
  /** Closed on purpose (by the server's policy or the page); no automatic retry. */
  | 'closed';

/**
 * Why a demo is offline, as far as a page can tell. Browsers hide the HTTP
 * status of a refused handshake from scripts (the socket only fires `error`
 * then `close` 1006), so the socket asks `/health` whether anything answers.
 */
export type OfflineReason =
  /** Nothing answers at the demo server's address: it is not running. */
  | 'unreachable'
  /** The server answers HTTP but refused the WebSocket (Origin not allowed, or too many connections). */
  | 'refused'
  /** An open connection broke (server restart, network change). */
  | 'dropped';

/** What `WebSocket.send` accepts. */
export type WebSocketData = Parameters<WebSocket['send']>[0];

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

export interface DemoSocketState {
  status: DemoSocketStatus;
  /** Set while `status` is 'offline'. */
  offlineReason: OfflineReason | null;
  /** Epoch ms of the next automatic attempt, while one is scheduled. */
  nextRetryAt: number | null;
  /** Failed attempts since the last open connection. */
  failures: number;
  /** How many times a connection opened (1 for the first handshake). */
  opens: number;
  /** The last close, for demos that explain it. */
  lastClose: CloseInfo | null;
  /** The subprotocol the server chose for the open connection ('' for none). */
  protocol: string;
}

export interface DemoSocketOptions {
  /** Base URL of the demo server (http or https). */
  serverUrl: string;
  /** A path from ENDPOINTS. */
  path: string;
  binaryType?: BinaryType;
  /** Subprotocols to offer, in order of preference (Sec-WebSocket-Protocol). */
  protocols?: readonly string[];
  backoff?: BackoffPolicy;
  /**
   * Whether a connection that was open and then closed (other than on
   * purpose) is retried automatically. Demos about closing set this to false
   * so the reader can read the close before reconnecting.
   */
  reconnectAfterDrop?: boolean;
  onOpen?: (socket: WebSocket) => void;
  onMessage?: (event: MessageEvent, socket: WebSocket) => void;
  onStateChange?: (state: DemoSocketState) => void;
  /** Injection points for tests. */
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  probe?: (healthUrl: string) => Promise<boolean>;
  random?: () => number;
}

/** `WebSocket.readyState` values (WHATWG WebSockets standard). */
const READY_STATE = {connecting: 0, open: 1} as const;

export const INITIAL_STATE: DemoSocketState = {
  status: 'connecting',
  offlineReason: null,
  nextRetryAt: null,
  failures: 0,
  opens: 0,
  lastClose: null,
  protocol: '',
};

/**
 * Closes after which retrying would only repeat the refusal or undo what the
 * server meant: the page broke a rule, or the server let an idle tab go.
 */
const NO_RETRY_CODES: ReadonlySet<number> = new Set([
  CLOSE_CODES.normal,
  CLOSE_CODES.policyViolation,
  CLOSE_CODES.messageTooBig,
  CLOSE_CODES.unsupportedData,
  CLOSE_CODES.invalidPayload,
  CLOSE_CODES.idleTimeout,
]);

/**
 * Whether anything answers HTTP at the demo server. `no-cors` resolves with
 * an opaque response whenever a server answered, even one that refuses this
 * origin, and rejects only when nothing answered at all.
 */
export async function probeHealth(healthUrl: string): Promise<boolean> {
  try {
    await fetch(healthUrl, {mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5_000)});
    return true;
  } catch {
    return false;
  }
}

export class DemoSocket {
  #options: DemoSocketOptions;
  #state: DemoSocketState = INITIAL_STATE;
  #socket: WebSocket | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;
  /** Incremented per attempt so late events of an abandoned socket are ignored. */
  #generation = 0;

  constructor(options: DemoSocketOptions) {
    this.#options = options;
  }

  get state(): DemoSocketState {
    return this.#state;
  }

  /** The open socket, or null when not live. */
  get socket(): WebSocket | null {
    return this.#state.status === 'live' ? this.#socket : null;
  }

  get url(): string {
    return webSocketUrl(this.#options.serverUrl, this.#options.path);
  }

  /** Opens a connection now, abandoning any current one and any scheduled retry. */
  connect(): void {
    if (this.#disposed) return;
    this.#clearRetry();
    this.#abandonSocket();
    const generation = ++this.#generation;
    this.#update({status: 'connecting', offlineReason: null, nextRetryAt: null});

    let socket: WebSocket;
    try {
      const protocols = [...(this.#options.protocols ?? [])];
      socket = (this.#options.createSocket ?? ((url, offered) => new WebSocket(url, offered)))(this.url, protocols);
    } catch {
      // A malformed URL or a blocked port throws synchronously.
      void this.#fail(generation, 'unreachable');
      return;
    }
    socket.binaryType = this.#options.binaryType ?? 'arraybuffer';
    this.#socket = socket;
    let opened = false;

    socket.addEventListener('open', () => {
      if (generation !== this.#generation) return;
      opened = true;
      this.#update({
        status: 'live',
        failures: 0,
        opens: this.#state.opens + 1,
        lastClose: null,
        protocol: socket.protocol,
      });
      this.#options.onOpen?.(socket);
    });
    socket.addEventListener('message', (event) => {
      if (generation !== this.#generation) return;
      this.#options.onMessage?.(event, socket);
    });
    socket.addEventListener('close', (event) => {
      if (generation !== this.#generation) return;
      this.#socket = null;
      const lastClose = {code: event.code, reason: event.reason, wasClean: event.wasClean};
      this.#update({lastClose});
      if (!opened) {
        void this.#fail(generation, null);
      } else if (NO_RETRY_CODES.has(event.code) || this.#options.reconnectAfterDrop === false) {
        this.#update({status: 'closed'});
      } else {
        // 1001 (server going away), 1006 (connection lost), 1011, 1012, 1013…
        this.#scheduleRetry('dropped');
      }
    });
  }

  /** Sends on the open connection; returns false when there is none. */
  send(data: WebSocketData): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== READY_STATE.open) return false;
    socket.send(data);
    return true;
  }

  /** Closes on purpose; no retry follows. */
  close(code: number = CLOSE_CODES.normal, reason = ''): void {
    this.#clearRetry();
    const socket = this.#socket;
    this.#generation++;
    this.#socket = null;
    if (socket && socket.readyState <= READY_STATE.open) socket.close(code, reason);
    this.#update({status: 'closed', nextRetryAt: null});
  }

  /**
   * Starts the closing handshake from the page (RFC 6455 §7.1.2) and waits for
   * it to finish: the resulting CloseEvent ends up in `lastClose`, and no
   * retry follows.
   */
  closeAndReport(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.#clearRetry();
    socket.addEventListener(
      'close',
      (event) => {
        if (this.#socket === socket) this.#socket = null;
        this.#update({status: 'closed', lastClose: {code: event.code, reason: event.reason, wasClean: event.wasClean}});
      },
      {once: true},
    );
    // The close listener registered in connect() must not schedule a retry for this one.
    this.#generation++;
    socket.close(code, reason);
  }

  /** Stops for good: closes, cancels timers, reports nothing more. */
  dispose(): void {
    // Pages may only close with 1000 or 3000–4999 (WHATWG WebSockets, close()):
    // 1001 "going away" is what the browser itself sends when a page unloads.
    this.close(CLOSE_CODES.normal, 'Demo left the page');
    this.#disposed = true;
  }

  /** Called when the tab becomes visible or the browser goes back online: retry now rather than later. */
  retrySoon(): void {
    if (this.#state.status === 'offline') this.connect();
  }

  async #fail(generation: number, knownReason: OfflineReason | null): Promise<void> {
    const reason =
      knownReason ??
      ((await (this.#options.probe ?? probeHealth)(httpUrl(this.#options.serverUrl, ENDPOINTS.health)))
        ? 'refused'
        : 'unreachable');
    if (generation !== this.#generation || this.#disposed) return;
    this.#scheduleRetry(reason);
  }

  #scheduleRetry(reason: OfflineReason): void {
    const failures = this.#state.failures;
    const delay = backoffDelay(failures, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random);
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => this.connect(), delay);
    this.#update({status: 'offline', offlineReason: reason, failures: failures + 1, nextRetryAt: Date.now() + delay});
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #abandonSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState <= READY_STATE.open) socket.close(CLOSE_CODES.normal, 'Reconnecting');
  }

  #update(patch: Partial<DemoSocketState>): void {
    if (this.#disposed) return;
    this.#state = {...this.#state, ...patch};
    this.#options.onStateChange?.(this.#state);
  }
}
