import type {ReactNode} from 'react';
import {formatMs} from '../../lib/format.ts';
import {continuity, laneFigures, since} from '../../lib/realtime/figures.ts';
import {WebSocketPushClient} from '../../lib/realtime/transports.ts';
import {delayOf, useTransport} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import styles from './styles.module.css';

/** Requests per minute, the one figure that needs the running time, is not among this demo's: no clock re-renders it. */
const NO_RUNNING_TIME = 0;

/**
 * Push over an open WebSocket: one handshake, then the server sends each
 * event as one small frame the moment it happens. Nothing is asked for;
 * bytes from the page stay almost flat while bytes to it grow per event.
 */
export default function WebSocketPushDemo(): ReactNode {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const live = connection.state.status === 'live';
  const ws = useTransport(session, (options) => new WebSocketPushClient(options), true);
  const costs = useCosts(session.serverUrl, session.session, live);
  const now = useNow(1000, live);
  const offsetMs = clock?.offsetMs ?? 0;

  const figures = laneFigures(ws.arrivals, since(costs?.transports.ws, undefined), offsetMs, NO_RUNNING_TIME);
  const {gaps, duplicates} = continuity(ws.arrivals.map((arrival) => arrival.id));
  const openFor = ws.state.phase === 'live' && ws.state.since !== null ? Math.max(0, now - ws.state.since) : null;
  const recent = ws.arrivals.slice(-10).reverse();
  const announcement = `${figures.events} events pushed over ${figures.requests} handshake${figures.requests === 1 ? '' : 's'}; median delay ${formatMs(figures.p50)}.`;

  const reconnect = () => {
    // Close and open again from the last event received: the server catches up with ?since=.
    ws.client.start(ws.client.lastId);
  };

  return (
    <DemoFrame
      title="WebSocket push"
      connection={connection}
      actions={
        <button type="button" className="button button--sm button--secondary" onClick={reconnect}>
          Reconnect
        </button>
      }
    >
      <LiveRegion throttle>{announcement}</LiveRegion>
      <p className={styles.state} data-phase={ws.state.phase}>
        {openFor !== null ? (
          <>
            One connection, open for <strong>{Math.floor(openFor / 1000)} s</strong>. The page has sent nothing but the
            handshake and the pongs its browser answers to the server&apos;s pings.
          </>
        ) : (
          'Opening the connection…'
        )}{' '}
        {gaps + duplicates === 0 ? (
          <span className={styles.good} data-testid="ws-continuity">
            No gap, no duplicate.
          </span>
        ) : (
          <span className={styles.bad} data-testid="ws-continuity">
            {gaps} gap(s), {duplicates} duplicate(s).
          </span>
        )}
      </p>
      <Figures figures={figures} show={['events', 'delay', 'requests', 'bytes', 'bytesPerEvent', 'connections']} />
      <div className={styles.columns}>
        <ol className={styles.events} aria-label="Events as they were pushed, newest first">
          {recent.map((arrival) => (
            <li key={arrival.id}>
              <span>#{arrival.id}</span>
              <span>{formatMs(delayOf(arrival, offsetMs))} after it was emitted</span>
            </li>
          ))}
        </ol>
        <ActivityLog activity={ws.activity} label="What the WebSocket did, newest first" limit={10} />
      </div>
    </DemoFrame>
  );
}
