import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {formatMs} from '../../lib/format.ts';
import {delayOf} from '../../lib/realtime/useTransport.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import styles from './styles.module.css';
import {useWebSocketPushDemo} from './useWebSocketPushDemo.ts';

/**
 * Push over an open WebSocket: one handshake, then the server sends each
 * event as one small frame the moment it happens. Nothing is asked for;
 * bytes from the page stay almost flat while bytes to it grow per event.
 */
export default function WebSocketPushDemo(): ReactNode {
  const {connection, state, openFor, gaps, duplicates, figures, offsetMs, recent, activity, announcement, reconnect} =
    useRecordable(useWebSocketPushDemo(), {
      paths: [ENDPOINTS.eventsWebSocket, ENDPOINTS.eventsPoll, ENDPOINTS.eventsCosts, ENDPOINTS.time],
    });

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
      <p className={styles.state} data-phase={state.phase}>
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
        <ActivityLog activity={activity} label="What the WebSocket did, newest first" limit={10} />
      </div>
    </DemoFrame>
  );
}
