/** One experiment beside the matrix: the call, what `fetch` gave the page, and the hops the server received. */
import type {ReactNode} from 'react';
import {codeFor} from '../../../lib/redirects.ts';
import ServerSaw from '../../ServerSaw/index.tsx';
import {EXPERIMENTS, requestsReceived, type Experiment as Name, type Run} from '../run.ts';
import styles from '../styles.module.css';
import HopList from './HopList.tsx';
import PageFacts from './PageFacts.tsx';

export default function Experiment({name, run}: {name: Name; run: Run}): ReactNode {
  const {label, setup, method, redirect} = EXPERIMENTS[name];
  const done = run.page !== null && run.server.kind !== 'reading';
  const received = requestsReceived(run.server);
  return (
    <section
      className={styles.result}
      aria-label={`Result: ${label}`}
      data-testid="redirect-experiment"
      data-experiment={name}
      data-done={done}
    >
      <h3 className={styles.resultTitle}>{label}</h3>
      <p className={styles.setup}>{setup}</p>
      <pre className={styles.code}>
        <code>{codeFor(method, redirect)}</code>
      </pre>
      <div className={styles.sides}>
        <section className={styles.side} aria-label="What fetch gave the page">
          <h4 className={styles.sideTitle}>What fetch gave the page</h4>
          <PageFacts view={run.page} />
        </section>
        <section className={styles.side} aria-label="What the server received">
          <h4 className={styles.sideTitle}>
            What the server received
            {received === null ? '' : `: ${received} request${received === 1 ? '' : 's'}`}
          </h4>
          <HopList server={run.server} />
        </section>
      </div>
      {run.server.kind === 'record' ? (
        <details className={styles.details}>
          <summary>Every request and answer as the server received and wrote them</summary>
          <ServerSaw state={run.server} level={4} />
        </details>
      ) : null}
    </section>
  );
}
