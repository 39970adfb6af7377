import type {ReactNode} from 'react';
import {formatMs} from '../../lib/format.ts';
import {laneFigures, since} from '../../lib/realtime/figures.ts';
import {LongPollClient} from '../../lib/realtime/transports.ts';
import {useTransport} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useReducedMotion} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import HeldRequest from './parts/HeldRequest.tsx';
import styles from './styles.module.css';

/** Requests per minute, the one figure that needs the running time, is not among this demo's: no clock re-renders it. */
const NO_RUNNING_TIME = 0;

/**
 * Long polling on its own: one request is always parked at the server, which
 * answers it the moment there is news (or with 204 after its timeout); the
 * page asks again at once.
 */
export default function LongPollingDemo(): ReactNode {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const live = connection.state.status === 'live';
  const reduced = useReducedMotion();
  const longPoll = useTransport(session, (options) => new LongPollClient(options), true);
  const costs = useCosts(session.serverUrl, session.session, live);

  const figures = laneFigures(
    longPoll.arrivals,
    since(costs?.transports.longPoll, undefined),
    clock?.offsetMs ?? 0,
    NO_RUNNING_TIME,
  );
  const {phase, since: heldSince} = longPoll.state;
  const announcement = `${figures.requests} requests, ${figures.events} events, ${figures.emptyResponses} timed out empty; median delay ${formatMs(figures.p50)}.`;

  return (
    <DemoFrame title="Long polling" connection={connection}>
      <LiveRegion throttle>{announcement}</LiveRegion>
      <div className={styles.parked} data-phase={phase}>
        {phase === 'waiting' && heldSince !== null ? (
          <HeldRequest heldSince={heldSince} reduced={reduced} />
        ) : (
          <p className={styles.parkedTitle}>
            {phase === 'retrying' ? 'Reconnecting…' : 'Answer in; the next request is on its way.'}
          </p>
        )}
      </div>
      <Figures
        figures={figures}
        show={['requests', 'events', 'empty', 'delay', 'bytes', 'bytesPerEvent', 'connections']}
      />
      <ActivityLog activity={longPoll.activity} label="Requests and answers, newest first" />
    </DemoFrame>
  );
}
