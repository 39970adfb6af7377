import {useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {APP_HEARTBEAT} from '../../../demo-server/src/contract/faults.ts';
import {FAULT_LIMITS} from '../../../demo-server/src/limits.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ServerSaw from '../ServerSaw/index.tsx';
import {DEFAULT_SETTINGS, type FaultChoice, type FaultSettings} from './faults.ts';
import FaultControls from './parts/FaultControls.tsx';
import Timeline from './parts/Timeline.tsx';
import styles from './styles.module.css';
import {useLivenessFaults} from './useLivenessFaults.ts';

/**
 * One live WebSocket, its liveness broken on request: the page's own heartbeat and the server's pings on one
 * timeline, then the server's record of the connection once it has closed.
 */
export default function LivenessFaults(): ReactNode {
  const {connection, session, connect, switchOn, closeFromPage, announcement} = useRecordable(useLivenessFaults(), {
    paths: [ENDPOINTS.faults, ENDPOINTS.attempts, ENDPOINTS.health],
  });
  const [choice, setChoice] = useState<FaultChoice>('stop-answering-pings');
  const [settings, setSettings] = useState<FaultSettings>(DEFAULT_SETTINGS);
  const live = connection.state.status === 'live';
  const status = session?.status ?? 'closed';
  const open = status === 'open';
  return (
    <DemoFrame title="Liveness, faults on a live WebSocket" connection={connection}>
      <p className={styles.intro}>
        The page sends a heartbeat every {APP_HEARTBEAT.intervalMs / 1000} s and declares the connection dead when one
        goes unanswered for {APP_HEARTBEAT.deadlineMs / 1000} s; the server pings every{' '}
        {FAULT_LIMITS.pingIntervalMs / 1000} s and tells the page of each ping and pong.
      </p>
      <div className={styles.buttons}>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!live || status === 'connecting' || open || status === 'closing'}
          onClick={connect}
        >
          {session === null ? 'Open a connection' : 'Open a new connection'}
        </button>
        <button type="button" className="button button--secondary button--sm" disabled={!open} onClick={closeFromPage}>
          Close from the page
        </button>
        <span className={styles.status} data-testid="liveness-status" data-status={status}>
          {session === null ? 'No connection yet' : `Connection: ${status}`}
        </span>
      </div>
      <FaultControls
        choice={choice}
        settings={settings}
        onChoice={setChoice}
        onSettings={setSettings}
        canSwitch={open && session?.fault === null}
        onSwitch={() => switchOn(choice, settings)}
      />
      <LiveRegion>{announcement}</LiveRegion>
      <div data-testid="liveness-session" data-attempt={session?.attemptId ?? ''}>
        <Timeline entries={session?.entries ?? []} />
        {session?.failure != null ? (
          <p className={styles.failure} role="alert">
            {session.failure}
          </p>
        ) : null}
        <ServerSaw
          state={session?.server ?? {kind: 'idle'}}
          level={3}
          title="The server’s record, after the close"
          idleText="Once the connection has closed, what the server noted about it appears here."
        />
      </div>
    </DemoFrame>
  );
}
