import {formatMs} from '../../lib/format.ts';
import {continuity, laneFigures, since, type LaneFigures} from '../../lib/realtime/figures.ts';
import type {TransportState} from '../../lib/realtime/transportClient.ts';
import {WebSocketPushClient} from '../../lib/realtime/webSocketPushClient.ts';
import {useTransport, type Arrival, type LoggedActivity} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession, type RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow} from '../../lib/useReducedMotion.ts';

/** Requests per minute, the one figure that needs the running time, is not among this demo's: no clock re-renders it. */
const NO_RUNNING_TIME = 0;

export interface WebSocketPushDemo {
  connection: RealtimeSession['connection'];
  /** What the client is doing ('live' while its connection is open). */
  state: TransportState;
  /** How long the connection has been open, in ms; null while it is not. */
  openFor: number | null;
  gaps: number;
  duplicates: number;
  figures: LaneFigures;
  /** The server's clock minus this page's, for the delays. */
  offsetMs: number;
  /** The last ten events pushed, newest first. */
  recent: Arrival[];
  /** What the WebSocket did, newest first. */
  activity: LoggedActivity[];
  /** How the push is going, in a sentence, for the live region. */
  announcement: string;
  /** Closes and opens again from the last event received: the server catches up with ?since=. */
  reconnect: () => void;
}

/**
 * Push over one open WebSocket: how long it has been open, the events as they
 * were pushed and their delays, and what it cost as the server counted it.
 */
export function useWebSocketPushDemo(): WebSocketPushDemo {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const live = connection.state.status === 'live';
  const ws = useTransport(session, (options) => new WebSocketPushClient(options), true);
  const costs = useCosts(session.serverUrl, session.session, live);
  const now = useNow(1000, live);
  const offsetMs = clock?.offsetMs ?? 0;

  const figures = laneFigures(ws.arrivals, since(costs?.transports.ws, undefined), offsetMs, NO_RUNNING_TIME);
  const {gaps, duplicates} = continuity(ws.arrivals.map((arrival) => arrival.id));

  return {
    connection,
    state: ws.state,
    openFor: ws.state.phase === 'live' && ws.state.since !== null ? Math.max(0, now - ws.state.since) : null,
    gaps,
    duplicates,
    figures,
    offsetMs,
    recent: ws.arrivals.slice(-10).reverse(),
    activity: ws.activity,
    announcement: `${figures.events} events pushed over ${figures.requests} handshake${figures.requests === 1 ? '' : 's'}; median delay ${formatMs(figures.p50)}.`,
    reconnect: () => ws.client.start(ws.client.lastId),
  };
}
