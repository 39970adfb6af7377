/**
 * A proxy in the path: the four transports of the polling race run through an
 * intermediary inside the demo server (`/via-proxy/{settings}/…`), and the
 * reader switches on what real proxies do — buffer the answer, time out on
 * silence, drop `Upgrade`, slow the link. The page measures how each transport
 * fails and recovers, and asks the server what it saw behind the proxy.
 */
import {useEffect, useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {formatProxySettings} from '../../../demo-server/src/contract/proxy.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {useNow, useReducedMotion} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import Timeline from '../PollingRace/Timeline.tsx';
import FaultPicker from './parts/FaultPicker.tsx';
import ProxyLaneView from './parts/ProxyLaneView.tsx';
import {NO_FAULTS, settingsFor, type ProxyFaults} from './figures.ts';
import {useProxyRun, type ProxyRun} from './useProxyInThePath.ts';
import type {RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import styles from './styles.module.css';

/**
 * One run: the transports made for one choice of faults, mounted again when the choice changes. It draws nothing:
 * it hands what it measures to the demo, which records it and draws it (or draws a recorded run instead).
 */
function Run({
  session,
  faults,
  running,
  onRun,
}: {
  session: RealtimeSession;
  faults: ProxyFaults;
  running: boolean;
  onRun: (run: ProxyRun) => void;
}): null {
  const reduced = useReducedMotion();
  const live = session.connection.state.status === 'live';
  const now = useNow(reduced ? 1000 : 250, live && running);
  const run = useProxyRun(session, settingsFor(faults), running, now);
  useEffect(() => onRun(run), [run, onRun]);
  return null;
}

/** What one run measured: the proxy's path, the four transports on one timeline, then each lane. */
function RunView({run}: {run: ProxyRun}): ReactNode {
  const reduced = useReducedMotion();
  return (
    <>
      <LiveRegion throttle>{run.announcement}</LiveRegion>
      <p className={styles.path}>
        Every request goes to <code data-testid="proxy-path">{run.proxyPath}/…</code>, then to the server&apos;s own
        endpoint.
      </p>
      <Timeline
        lanes={run.lanes.map(({key, name, arrivals}) => ({key, name, arrivals}))}
        offsetMs={run.offsetMs}
        now={run.now}
        reduced={reduced}
      />
      <div className={styles.lanes}>
        {run.lanes.map((lane) => (
          <ProxyLaneView key={lane.key} lane={lane} onAsk={() => run.askServer(lane.key)} />
        ))}
      </div>
    </>
  );
}

export default function ProxyInThePath(): ReactNode {
  const session = useRealtimeSession();
  const [faults, setFaults] = useState<ProxyFaults>(NO_FAULTS);
  const [running, setRunning] = useState(true);
  const [run, setRun] = useState<ProxyRun | null>(null);
  const shown = useRecordable(
    {connection: session.connection, faults, running, run},
    {paths: [ENDPOINTS.viaProxy, ENDPOINTS.eventsPoll, ENDPOINTS.time, ENDPOINTS.attempts, ENDPOINTS.health]},
  );
  return (
    <DemoFrame
      title="A proxy in the path"
      connection={shown.connection}
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
      <FaultPicker faults={shown.faults} onChange={setFaults} />
      {shown.running ? null : (
        <p className={styles.paused}>Paused. Resume continues each transport where it stopped.</p>
      )}
      <Run
        key={formatProxySettings(settingsFor(faults))}
        session={session}
        faults={faults}
        running={running}
        onRun={setRun}
      />
      {shown.run === null ? null : <RunView run={shown.run} />}
    </DemoFrame>
  );
}
