/**
 * CORS, seen from both sides: each case is one `fetch` from this page to the demo server, another origin. Beside
 * what `fetch` gave the page (often only "TypeError: Failed to fetch"), the page shows what the server received and
 * answered, preflight included, and the rule of the Fetch standard that decided.
 */
import type {ReactNode} from 'react';
import {CORS_CASES} from '../../../demo-server/src/contract/cors.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {corsCaseRequest} from '../../lib/corsCases.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ServerSaw from '../ServerSaw/index.tsx';
import {CASE_DECISIONS, CASE_LABELS, CASE_SETUPS} from './parts/cases.tsx';
import PageView from './parts/PageView.tsx';
import styles from './styles.module.css';
import type {CorsRun} from './run.ts';
import {useCorsBothSides} from './useCorsBothSides.ts';

const TITLE = 'CORS, seen from both sides';

function Result({run}: {run: CorsRun}): ReactNode {
  const {code} = corsCaseRequest(run.case);
  const done = run.page !== null && run.server.kind !== 'reading';
  return (
    <section
      className={styles.result}
      aria-label={`Result: ${CASE_LABELS[run.case]}`}
      data-testid="cors-result"
      data-case={run.case}
      data-run={run.n}
      data-done={done}
    >
      <h3 className={styles.resultTitle}>{CASE_LABELS[run.case]}</h3>
      <p className={styles.setup}>{CASE_SETUPS[run.case]}</p>
      <p className={styles.urlLine}>
        <code>url</code> ={' '}
        <code className={styles.url} data-testid="cors-url">
          {run.url}
        </code>
        {run.sameUrl ? ' (the same URL as the last run of this case)' : ' (a new attempt id: a new URL)'}
      </p>
      <pre className={styles.code}>
        <code>{code}</code>
      </pre>
      <div className={styles.sides}>
        <PageView view={run.page} />
        <div className={styles.side}>
          <ServerSaw state={run.server} level={4} />
        </div>
      </div>
      {done ? (
        <p className={styles.decision} data-testid="cors-decision">
          <strong>What decided it:</strong> {CASE_DECISIONS[run.case]}
        </p>
      ) : null}
    </section>
  );
}

export default function CorsBothSides(): ReactNode {
  const {connection, live, busy, run, lastUrl, announcement, failure, start} = useRecordable(useCorsBothSides(), {
    paths: [ENDPOINTS.cors, ENDPOINTS.attempts, ENDPOINTS.health],
  });
  const jsonAgain = lastUrl.json;
  return (
    <DemoFrame title={TITLE} connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <p className={styles.intro}>
        Each button makes one <code>fetch</code> from this page to the demo server, at another origin, with a new
        attempt id in the URL.
      </p>
      <div className={styles.cases} role="group" aria-label="CORS cases">
        {CORS_CASES.map((name) => (
          <button
            key={name}
            type="button"
            className="button button--sm button--primary"
            disabled={!live || busy}
            onClick={() => start(name)}
            data-case={name}
          >
            {CASE_LABELS[name]}
          </button>
        ))}
        {jsonAgain !== undefined ? (
          <button
            type="button"
            className="button button--sm button--secondary"
            disabled={!live || busy}
            onClick={() => start('json', {sameUrl: true})}
            data-case="json-again"
          >
            JSON POST again, same URL
          </button>
        ) : null}
      </div>
      <DemoAlert message={failure} />
      {run === null ? (
        <p className={styles.muted}>
          Pick a case: the page&apos;s view and the server&apos;s appear here side by side.
        </p>
      ) : (
        <Result key={run.n} run={run} />
      )}
    </DemoFrame>
  );
}
