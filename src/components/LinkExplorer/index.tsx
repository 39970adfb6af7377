import type {ReactNode} from 'react';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';
import {useLinkExplorer} from './useLinkExplorer.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * A client that knows one URI — the API root — and moves only by following
 * links found in representations, and by the methods OPTIONS says a resource
 * allows. It never builds a URL.
 */
export default function LinkExplorer(): ReactNode {
  const {connection, history, busy, failure, visit, back} = useRecordable(useLinkExplorer(), {
    paths: [ENDPOINTS.api, ENDPOINTS.health],
  });
  const current = history.at(-1);
  return (
    <DemoFrame
      title="Link explorer"
      connection={connection}
      actions={
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={history.length < 2 || busy}
          onClick={back}
        >
          Back
        </button>
      }
    >
      <LiveRegion>
        {current ? `${current.method} ${current.uri}: ${current.status}. ${current.links.length} links.` : ''}
      </LiveRegion>
      <DemoAlert message={failure} />
      <ol className={styles.trail} aria-label="Where you have been">
        {history.map((step, index) => (
          <li key={`${index}-${step.uri}`}>
            <code>
              {step.method} {step.uri}
            </code>{' '}
            → {step.status}
          </li>
        ))}
      </ol>
      {current ? (
        <div className={styles.columns}>
          <section aria-label="Links in this representation" className={styles.links}>
            <h3>Links here</h3>
            {current.links.length === 0 ? <p className={styles.muted}>No links: a dead end.</p> : null}
            <ul>
              {current.links.map((link) => (
                <li key={`${link.rel}-${link.href}`}>
                  <button
                    type="button"
                    className={styles.linkButton}
                    disabled={busy}
                    onClick={() => void visit('GET', link.href)}
                  >
                    <span className={styles.rel}>{link.rel}</span> {link.title ?? link.href}
                  </button>
                </li>
              ))}
            </ul>
            {current.allow.length > 0 ? (
              <>
                <h3>This resource also allows</h3>
                <div className={styles.methods}>
                  {current.allow
                    .filter((method) => method === 'POST' || method === 'DELETE')
                    .map((method) => (
                      <button
                        key={method}
                        type="button"
                        className="button button--sm button--outline button--primary"
                        // A POST that needs a body (Accept-Post) is the playground's job; this client sends none.
                        disabled={busy || (method === 'POST' && current.acceptPost !== null)}
                        onClick={() => void visit(method, current.uri)}
                      >
                        {method} {current.uri}
                      </button>
                    ))}
                </div>
                <p className={styles.muted}>
                  From its <code>Allow</code> header ({current.allow.join(', ')}).
                  {current.acceptPost !== null ? (
                    <>
                      {' '}
                      A POST here needs a <code>{current.acceptPost}</code> body (<code>Accept-Post</code>): send one
                      from the playground.
                    </>
                  ) : null}
                </p>
              </>
            ) : null}
          </section>
          <section aria-label="The representation" className={styles.representation}>
            <h3>
              {current.method} {current.uri} → {current.status}{' '}
              <span className={styles.muted}>{current.contentType}</span>
            </h3>
            {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a long body scrolls: keyboard users focus it */}
            <pre tabIndex={0} aria-label={`Body of ${current.uri}`} data-testid="representation">
              {pretty(current.body)}
            </pre>
          </section>
        </div>
      ) : null}
    </DemoFrame>
  );
}
