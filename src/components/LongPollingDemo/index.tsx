import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {useReducedMotion} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import HeldRequest from './parts/HeldRequest.tsx';
import styles from './styles.module.css';
import {useLongPollingDemo} from './useLongPollingDemo.ts';

/**
 * Long polling on its own: one request is always parked at the server, which
 * answers it the moment there is news (or with 204 after its timeout); the
 * page asks again at once.
 */
export default function LongPollingDemo(): ReactNode {
  const {connection, state, figures, activity, announcement} = useRecordable(useLongPollingDemo(), {
    paths: [ENDPOINTS.eventsLongPoll, ENDPOINTS.eventsPoll, ENDPOINTS.eventsCosts, ENDPOINTS.time],
  });
  const reduced = useReducedMotion();
  const {phase, since: heldSince} = state;

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
      <ActivityLog activity={activity} label="Requests and answers, newest first" />
    </DemoFrame>
  );
}
