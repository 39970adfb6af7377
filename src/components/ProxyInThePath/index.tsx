/**
 * A proxy in the path: the four transports of the polling race run through an
 * intermediary inside the demo server (`/via-proxy/{settings}/…`), and the
 * reader switches on what real proxies do — buffer the answer, time out on
 * silence, drop `Upgrade`, slow the link. The page measures how each transport
 * fails and recovers, and asks the server what it saw behind the proxy.
 */
import {useState, type ReactNode} from 'react';
import {formatProxySettings} from '../../../demo-server/src/contract/proxy.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow, useReducedMotion} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import Timeline from '../PollingRace/Timeline.tsx';
import FaultPicker from './parts/FaultPicker.tsx';
import ProxyLaneView from './parts/ProxyLaneView.tsx';
import {NO_FAULTS, settingsFor, type ProxyFaults} from './figures.ts';
import {useProxyRun} from './useProxyInThePath.ts';
import type {RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import styles from './styles.module.css';

/** One run: the transports made for one choice of faults, mounted again when the choice changes. */
function Run({session, faults, running}: {session: RealtimeSession; faults: ProxyFaults; running: boolean}): ReactNode {
  const reduced = useReducedMotion();
  const live = session.connection.state.status === 'live';
  const now = useNow(reduced ? 1000 : 250, live && running);
  const run = useProxyRun(session, settingsFor(faults), running, now);
  return (
    <>
      <LiveRegion throttle>{run.announcement}</LiveRegion>
      <p className={styles.path}>
        Every request goes to <code data-testid="proxy-path">{run.proxyPath}/…</code>, then to the server&apos;s own
        endpoint.
      </p>
      <Timeline
        lanes={run.lanes.map(({key, name, arrivals}) => ({key, name, arrivals}))}
        offsetMs={session.clock?.offsetMs ?? 0}
        now={now}
        reduced={reduced}
      />
      <div className={styles.lanes}>
        {run.lanes.map((lane) => (
          <ProxyLaneView key={lane.key} lane={lane} />
        ))}
      </div>
    </>
  );
}

export default function ProxyInThePath(): ReactNode {
  const session = useRealtimeSession();
  const [faults, setFaults] = useState<ProxyFaults>(NO_FAULTS);
  const [running, setRunning] = useState(true);
  return (
    <DemoFrame
      title="A proxy in the path"
      connection={session.connection}
      actions={
        <button
          type="button"
          className="button button--sm button--primary"
          onClick={() => setRunning((value) => !value)}
          aria-pressed={!running}
        >
          {running ? 'Pause' : 'Resume'}
        </button>
      }
    >
      <FaultPicker faults={faults} onChange={setFaults} />
      {running ? null : <p className={styles.paused}>Paused. Resume continues each transport where it stopped.</p>}
      <Run key={formatProxySettings(settingsFor(faults))} session={session} faults={faults} running={running} />
    </DemoFrame>
  );
}
