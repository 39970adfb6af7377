/**
 * Redirects, seen from both sides: GET and POST against 301, 302, 303, 307 and 308, then `redirect: "manual"`,
 * `redirect: "error"`, chains either side of the Fetch standard's 20 and a loop. Each is one `fetch` from this page
 * to the demo server; beside what `fetch` gave the page, the hops the server received, read from its attempt record.
 */
import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {REDIRECT_BODY} from '../../lib/redirects.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import Experiment from './parts/Experiment.tsx';
import Matrix from './parts/Matrix.tsx';
import {EXPERIMENT_NAMES, EXPERIMENTS} from './run.ts';
import styles from './styles.module.css';
import {useRedirectsDemo} from './useRedirectsDemo.ts';

const TITLE = 'Redirects, seen from both sides';

export default function RedirectsDemo(): ReactNode {
  const {connection, live, busy, cells, experiments, announcement, failure, runMatrix, runExperiment} = useRecordable(
    useRedirectsDemo(),
    {paths: [ENDPOINTS.httpRedirect, ENDPOINTS.attempts, ENDPOINTS.health]},
  );
  const shown = EXPERIMENT_NAMES.filter((name) => experiments[name] !== undefined);
  return (
    <DemoFrame title={TITLE} connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <p className={styles.intro}>
        Each request is one <code>fetch</code> from this page to the demo server, with a new attempt id that every{' '}
        <code>Location</code> keeps, so the server records each hop. A <code>POST</code> sends the{' '}
        {new TextEncoder().encode(REDIRECT_BODY).length} bytes <code>&quot;{REDIRECT_BODY}&quot;</code>.
      </p>
      <div className={styles.buttons} role="group" aria-label="Redirect requests">
        <button
          type="button"
          className="button button--sm button--primary"
          disabled={!live || busy}
          onClick={runMatrix}
          data-action="matrix"
        >
          Run the matrix (10 fetches)
        </button>
        {EXPERIMENT_NAMES.map((name) => (
          <button
            key={name}
            type="button"
            className="button button--sm button--secondary"
            disabled={!live || busy}
            onClick={() => runExperiment(name)}
            data-action={name}
          >
            {EXPERIMENTS[name].label}
          </button>
        ))}
      </div>
      <DemoAlert message={failure} />
      <Matrix cells={cells} />
      {shown.map((name) => {
        const run = experiments[name];
        return run === undefined ? null : <Experiment key={name} name={name} run={run} />;
      })}
    </DemoFrame>
  );
}
