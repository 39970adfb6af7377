import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ServerSaw, {type ServerSawState} from '../ServerSaw/index.tsx';
import {CASES, MAX_CASE_MS, type StopRule} from './cases.ts';
import CasePicker from './parts/CasePicker.tsx';
import PageTimeline from './parts/PageTimeline.tsx';
import ServerRequests from './parts/ServerRequests.tsx';
import styles from './styles.module.css';
import {useEventSourceFailures, type CaseRun} from './useEventSourceFailures.ts';

/** When a case ends by itself, in words. */
function stopRuleText(stop: StopRule): string {
  switch (stop.kind) {
    case 'gave-up':
      return 'when the browser closes the EventSource';
    case 'reconnects':
      return `after ${stop.count} reconnections, when the page closes it`;
    case 'quiet':
      return `after ${stop.ms / 1000} s of watching, when the page closes it`;
    case 'watchdog':
      return `when a heartbeat is ${stop.lateMs / 1000} s late, when the page closes it`;
  }
}

/** The server's side, for ServerSaw: nothing asked while the case runs, then the record or its absence. */
function serverSawState(run: CaseRun): ServerSawState {
  if (run.phase === 'watching') return {kind: 'idle'};
  if (run.phase === 'reading') return {kind: 'reading'};
  return run.record === null ? {kind: 'none'} : {kind: 'record', record: run.record};
}

/**
 * EventSource against a server that misbehaves on request: one click per case. The page's view (every event and
 * the readyState it left, the reconnection delays) beside the server's (every request of the attempt as received,
 * every answer as written), and the step of the standard that decided.
 */
export default function EventSourceFailures(): ReactNode {
  const {connection, run, start, announcement} = useRecordable(useEventSourceFailures(), {
    paths: [ENDPOINTS.eventsFaults, ENDPOINTS.attempts, ENDPOINTS.health],
  });
  const spec = run?.spec;
  return (
    <DemoFrame title="EventSource against a misbehaving server" connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <p className={styles.intro}>
        Each button opens a real <code>EventSource</code> on the demo server, which misbehaves as asked for that request
        only. Every case ends by itself (at most {MAX_CASE_MS / 1000} s).
      </p>
      <CasePicker
        cases={CASES}
        current={run === null ? null : {id: run.spec.id, running: run.phase === 'watching'}}
        onRun={start}
      />
      {run !== null && spec !== undefined ? (
        <div className={styles.run} data-testid="case-run" data-case={spec.id} data-phase={run.phase}>
          <p className={styles.serverDoes}>
            <strong>{spec.label}.</strong> The server {spec.server}.{' '}
            {run.phase === 'watching' ? (
              <span className={styles.watching}>Watching; this case ends {stopRuleText(spec.stop)}.</span>
            ) : (
              <span>Stopped: {run.stoppedBecause}.</span>
            )}
          </p>
          <div className={styles.sides}>
            <PageTimeline entries={run.entries} reportedUrl={run.reportedUrl} />
            <div className={styles.side} data-testid="server-view">
              {run.record !== null ? <ServerRequests record={run.record} /> : null}
              {run.recordError !== null ? (
                <p className={styles.bad} role="alert">
                  The server’s record could not be read: {run.recordError}
                </p>
              ) : (
                <ServerSaw
                  state={serverSawState(run)}
                  level={3}
                  title="What the server saw and answered"
                  idleText="Read from the server once the case ends."
                />
              )}
            </div>
          </div>
          <p className={styles.decides} data-testid="decides">
            What decided:{' '}
            <a href={spec.step.url}>
              HTML §{spec.step.section}, “{spec.step.name}”
            </a>
            : {spec.decides}.
          </p>
        </div>
      ) : null}
    </DemoFrame>
  );
}
