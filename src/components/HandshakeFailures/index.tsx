import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ServerSaw from '../ServerSaw/index.tsx';
import {MISSING_PATH} from './cases.ts';
import CaseList from './parts/CaseList.tsx';
import PageSaw from './parts/PageSaw.tsx';
import styles from './styles.module.css';
import {useHandshakeFailures} from './useHandshakeFailures.ts';

/**
 * Failing WebSocket connections, caused for real by the reader's browser: what the page could see of each, beside
 * what the server received and answered, and why the browser says so little.
 */
export default function HandshakeFailures(): ReactNode {
  const {connection, cases, run, start, announcement} = useRecordable(useHandshakeFailures(), {
    paths: [ENDPOINTS.echo, ENDPOINTS.faults, ENDPOINTS.attempts, ENDPOINTS.health, MISSING_PATH],
  });
  const live = connection.state.status === 'live';
  const shown = run === null ? undefined : cases.find((candidate) => candidate.id === run.caseId);
  return (
    <DemoFrame title="When the handshake fails" connection={connection}>
      <p className={styles.intro}>Each button makes one failure happen, for real, from your browser.</p>
      <CaseList
        cases={cases}
        current={run?.caseId ?? null}
        running={run?.status === 'running'}
        disabled={!live}
        onRun={start}
      />
      <LiveRegion>{announcement}</LiveRegion>
      {run !== null && shown !== undefined ? (
        <div className={styles.run} data-testid="handshake-run" data-case={run.caseId} data-status={run.status}>
          <h3 className={styles.runTitle}>{shown.label}</h3>
          <p className={styles.does}>{shown.does}</p>
          <div className={styles.sides}>
            <PageSaw events={run.events} several={run.events.some((event) => event.socket > 1)} />
            <ServerSaw state={run.server} level={4} />
          </div>
          {run.failure !== null ? (
            <p className={styles.failure} role="alert">
              {run.failure}
            </p>
          ) : null}
          {run.status === 'done' ? (
            <p className={styles.why} data-testid="handshake-why">
              <strong>Why the page cannot tell:</strong> {shown.why}
            </p>
          ) : null}
        </div>
      ) : (
        <p className={styles.none}>Choose a failure to cause.</p>
      )}
    </DemoFrame>
  );
}
