import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {CLOSE_CODES} from '../../../demo-server/src/contract/websocket.ts';
import {webSocketUrl} from '../demoServerUrls.ts';
import {BaseClient} from './baseClient.ts';
import {withQuery} from './session.ts';
import {ServerEvent} from '../../../demo-server/src/contract/events.ts';
import {parseJson} from '../readJson.ts';

/** WebSocket push: one connection to `/ws/events?since=`; the server sends each event as it happens. */
export class WebSocketPushClient extends BaseClient {
  readonly transport = 'ws' as const;
  #socket: WebSocket | null = null;

  protected disconnect(): void {
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState <= 1) socket.close(CLOSE_CODES.normal, 'Demo stopped');
  }

  protected connect(): void {
    const generation = this.generation;
    const url = withQuery(webSocketUrl(this.options.serverUrl, ENDPOINTS.eventsWebSocket), {
      since: this.lastId,
      session: this.options.session,
    });
    const socket = (this.options.createWebSocket ?? ((u: string) => new WebSocket(u)))(url);
    this.#socket = socket;
    let opened = false;
    let messages = 0;
    this.state({phase: 'waiting', since: this.now(), retryAt: null});
    this.activity({
      kind: 'request',
      detail: `new WebSocket(".../ws/events${this.lastId === null ? '' : `?since=${this.lastId}`}"): one handshake`,
    });
    const current = () => generation === this.generation && this.#socket === socket;
    socket.addEventListener('open', () => {
      if (!current()) return;
      opened = true;
      this.succeeded();
      this.state({phase: 'live', since: this.now(), retryAt: null});
      this.activity({kind: 'open', detail: '101 Switching Protocols: the connection stays open'});
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (!current() || typeof event.data !== 'string') return;
      messages += 1;
      const parsed = parseJson(ServerEvent, event.data);
      if (parsed !== null) this.deliver([parsed]);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (!current()) return;
      this.#socket = null;
      if (event.code === CLOSE_CODES.eventsTooOld) {
        this.activity({kind: 'gap', detail: `Closed ${event.code}: ${event.reason}; starting again from now`});
        this.resetLastId(null);
        this.connect();
        return;
      }
      // `?since=` refused before any event came: the server restarted and knows no such id.
      if (event.code === CLOSE_CODES.policyViolation && messages === 0 && this.refusedUnknownId()) {
        this.restartFromNow(`Closed ${event.code}: ${event.reason}`);
        return;
      }
      if (event.code === CLOSE_CODES.idleTimeout) {
        // The contract: a client must not come back on its own after 4000.
        this.activity({
          kind: 'closed',
          detail: `Closed ${event.code}: ${event.reason}; not reconnecting by itself (a forgotten tab must not hold a connection)`,
        });
        this.stop();
        return;
      }
      this.activity({kind: 'closed', detail: `Closed ${event.code}${event.reason ? `: ${event.reason}` : ''}`});
      this.retry(opened ? 'The connection closed.' : 'The WebSocket could not be opened.', {unreachable: !opened});
    });
  }
}
