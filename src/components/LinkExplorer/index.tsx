import {useCallback, useEffect, useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {linksIn, type FoundLink} from './links.ts';
import styles from './styles.module.css';

interface Visit {
  method: string;
  uri: string;
  status: number;
  contentType: string;
  body: string;
  links: FoundLink[];
  /** Methods the resource allows besides GET, from OPTIONS. */
  allow: string[];
  /** Accept-Post from OPTIONS: POST here needs a body of that type. */
  acceptPost: string | null;
}

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
  const {serverUrl, connection} = useRealtimeSession();
  const live = connection.state.status === 'live';
  const [history, setHistory] = useState<Visit[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const visit = useCallback(
    async (method: string, uri: string) => {
      setBusy(true);
      setFailure(null);
      try {
        const response = await fetch(httpUrl(serverUrl, uri), {
          method,
          headers: {Accept: 'application/json'},
          cache: 'no-store',
        });
        const body = await response.text();
        // A 201 points at what it created: the explorer goes there next, as a client following Location would.
        const location = response.headers.get('Location');
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = null;
        }
        const options = await fetch(httpUrl(serverUrl, uri), {method: 'OPTIONS', cache: 'no-store'});
        const allow = (options.headers.get('Allow') ?? '')
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== '' && !['GET', 'HEAD', 'OPTIONS'].includes(m));
        const acceptPost = options.headers.get('Accept-Post');
        const links = linksIn(parsed, response.headers.get('Link'));
        if (location !== null && !links.some((link) => link.href === location))
          links.unshift({rel: 'created (Location)', href: location});
        setHistory((previous) => [
          ...previous,
          {
            method,
            uri,
            status: response.status,
            contentType: response.headers.get('Content-Type') ?? '',
            body,
            links,
            allow,
            acceptPost,
          },
        ]);
      } catch (error) {
        setFailure(`The request failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        setBusy(false);
      }
    },
    [serverUrl],
  );

  // Start at the root, the only URI this client is given.
  const started = history.length > 0;
  useEffect(() => {
    if (!live || started) return;
    const timer = setTimeout(() => void visit('GET', ENDPOINTS.api), 0);
    return () => clearTimeout(timer);
  }, [live, started, visit]);

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
          onClick={() => setHistory((previous) => previous.slice(0, -1))}
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
