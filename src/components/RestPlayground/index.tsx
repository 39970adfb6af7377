import clsx from 'clsx';
import {useId, type ReactNode, type SubmitEvent} from 'react';
import {formatMs} from '../../lib/format.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {PRESETS} from './presets.ts';
import styles from './styles.module.css';
import {useRestPlayground, type Exchange} from './useRestPlayground.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

function statusClass(status: number): string | undefined {
  if (status >= 200 && status < 300) return styles.ok;
  if (status >= 300 && status < 400) return styles.redirect;
  if (status >= 400) return styles.bad;
  return undefined;
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Result({exchange}: {exchange: Exchange}): ReactNode {
  if (exchange.error !== null) {
    return (
      <p className={styles.error} role="alert">
        The request could not be sent: {exchange.error}
      </p>
    );
  }
  const {recorded} = exchange;
  return (
    <div className={styles.result}>
      <section aria-label="The request as the server received it" className={styles.pane}>
        <h3>Request, as the server received it</h3>
        {recorded ? (
          <pre
            className={styles.wire}
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a long exchange scrolls: keyboard users focus it
            tabIndex={0}
            aria-label="Request, as the server received it"
            data-testid="recorded-request"
          >
            {recorded.head}
            {'\n\n'}
            {recorded.body}
            {recorded.bodyTruncated ? '\n… (cut after 4096 characters)' : ''}
          </pre>
        ) : (
          <p className={styles.muted}>The server kept no record of this request (it did not reach the API).</p>
        )}
      </section>
      <section aria-label="The response" className={styles.pane}>
        <h3>
          Response, as this page received it <span className={styles.muted}>in {formatMs(exchange.durationMs)}</span>
        </h3>
        <pre
          className={styles.wire}
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a long exchange scrolls: keyboard users focus it
          tabIndex={0}
          aria-label="Response, as this page received it"
          data-testid="response"
        >
          <span className={clsx(styles.statusLine, statusClass(exchange.status))}>
            HTTP/1.1 {exchange.status} {exchange.statusText}
          </span>
          {'\n'}
          {exchange.headers.map(([name, value]) => `${name}: ${value}`).join('\n')}
          {'\n\n'}
          {prettyBody(exchange.body)}
        </pre>
        <p className={styles.muted}>
          A page sees only the response headers the server exposes to it (CORS); the server sent these and a few more.
        </p>
      </section>
    </div>
  );
}

/**
 * Compose any request to the demo server's REST API, send it, and read what
 * the server received beside what came back. Presets show each part of the
 * uniform interface; the reader's own sandbox is created on first use.
 */
export default function RestPlayground(): ReactNode {
  const {connection, live, draft, setDraft, presetNote, presetError, applyPreset, links, exchange, busy, send} =
    useRecordable(useRestPlayground(), {
      paths: [ENDPOINTS.api, ENDPOINTS.recordedRequests, ENDPOINTS.health],
    });
  const ids = {method: useId(), path: useId(), headers: useId(), body: useId(), preset: useId()};
  const withBody = !['GET', 'HEAD'].includes(draft.method);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void send();
  };

  return (
    <DemoFrame title="REST Playground" connection={connection}>
      <form className={styles.form} onSubmit={onSubmit}>
        <div className={styles.presetRow}>
          <label htmlFor={ids.preset}>Preset</label>
          <select
            id={ids.preset}
            className="otw-input"
            defaultValue=""
            onChange={(event) => void applyPreset(Number(event.target.value))}
          >
            <option value="" disabled>
              Choose a request…
            </option>
            {PRESETS.map((preset, index) => (
              <option key={preset.name} value={index}>
                {preset.name}
              </option>
            ))}
          </select>
          {presetNote ? <span className={styles.muted}>Expect: {presetNote}</span> : null}
          {presetError ? (
            <span className={styles.error} role="alert">
              {presetError}
            </span>
          ) : null}
        </div>
        <div className={styles.requestLine}>
          <label htmlFor={ids.method} className="sr-only">
            Method
          </label>
          <select
            id={ids.method}
            className="otw-input"
            value={draft.method}
            onChange={(event) => setDraft({...draft, method: event.target.value})}
          >
            {METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
          <label htmlFor={ids.path} className="sr-only">
            Path
          </label>
          <input
            id={ids.path}
            className={clsx('otw-input', styles.path)}
            value={draft.path}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft({...draft, path: event.target.value})}
          />
          <button type="submit" className="button button--primary button--sm" disabled={!live || busy}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
        <label htmlFor={ids.headers}>Headers (one per line)</label>
        <textarea
          id={ids.headers}
          className={clsx('otw-input', styles.code)}
          rows={3}
          spellCheck={false}
          value={draft.headers}
          onChange={(event) => setDraft({...draft, headers: event.target.value})}
        />
        {withBody ? (
          <>
            <label htmlFor={ids.body}>Body</label>
            <textarea
              id={ids.body}
              className={clsx('otw-input', styles.code)}
              rows={5}
              spellCheck={false}
              value={draft.body}
              onChange={(event) => setDraft({...draft, body: event.target.value})}
            />
          </>
        ) : null}
        <p className={styles.muted}>
          Your browser adds headers of its own (Host, Origin, User-Agent…) and will not let a page set some others; the
          recorded request shows what actually arrived.
          {links ? (
            <>
              {' '}
              Your sandbox: <code>{links.sandbox}</code>
            </>
          ) : null}
        </p>
      </form>
      <LiveRegion>
        {exchange && exchange.error === null
          ? `${exchange.sent.method} ${exchange.sent.path}: ${exchange.status} ${exchange.statusText}`
          : ''}
      </LiveRegion>
      {exchange ? <Result exchange={exchange} /> : null}
    </DemoFrame>
  );
}
