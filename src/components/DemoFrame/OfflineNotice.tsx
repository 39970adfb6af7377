import type {ReactNode} from 'react';
import {closeCodeMeaning} from '../../lib/closeCodes.ts';
import type {CloseInfo, OfflineReason} from '../../lib/demoSocket.ts';
import {NO_DEMO_SERVER_URL} from '../../lib/siteConfig.ts';
import styles from './styles.module.css';
import {useCountdown} from './useCountdown.ts';

type OfflineProps = {
  reason: OfflineReason;
  serverUrl: string;
  nextRetryAt: number | null;
  onRetry: () => void;
  /** Shown after the retry line (the demo's recording, when it has one). */
  children?: ReactNode;
};

function RetryLine({nextRetryAt, onRetry}: Pick<OfflineProps, 'nextRetryAt' | 'onRetry'>): ReactNode {
  const seconds = useCountdown(nextRetryAt);
  return (
    <p className={styles.retry}>
      <span>
        {seconds === null ? 'Retrying…' : seconds === 0 ? 'Trying again now…' : `Trying again in ${seconds} s.`}
      </span>
      <button type="button" className="button button--sm button--primary" onClick={onRetry}>
        Try now
      </button>
    </p>
  );
}

/** What a demo shows instead of itself when the demo server cannot be used: what is wrong, what to do, when it retries. */
export function OfflineNotice({reason, serverUrl, nextRetryAt, onRetry, children}: OfflineProps): ReactNode {
  const pageOrigin = typeof window === 'undefined' ? 'this site' : window.location.origin;
  if (serverUrl === NO_DEMO_SERVER_URL) {
    return (
      <div className={styles.notice} data-offline-reason="no-server">
        <p className={styles.noticeTitle}>This copy of the site was built without a demo server.</p>
        <p>
          Its demos cannot run live here. To watch them live, run Over the Wire on your machine (<code>npm start</code>{' '}
          starts the site and the demo server together), or build the site with <code>DEMO_SERVER_URL</code> naming a
          running demo server.
        </p>
        {children}
      </div>
    );
  }
  return (
    <div className={styles.notice} data-offline-reason={reason}>
      {reason === 'unreachable' && (
        <>
          <p className={styles.noticeTitle}>
            The demo server is not answering at <code>{serverUrl}</code>.
          </p>
          <p>
            This demo needs it to watch real traffic. If you are running Over the Wire on your machine, start it in the
            project folder with <code>npm run demo-server</code> (or run <code>npm start</code>, which starts the site
            and the demo server together). This page connects by itself as soon as the server is up.
          </p>
        </>
      )}
      {reason === 'refused' && (
        <>
          <p className={styles.noticeTitle}>
            The demo server at <code>{serverUrl}</code> is running but refused this page&apos;s connection.
          </p>
          <p>
            It accepts WebSocket connections only from origins on its allow-list: start it with{' '}
            <code>ALLOWED_ORIGINS</code> including <code>{pageOrigin}</code>. It also refuses a reader who has too many
            demo connections open at once; closing other tabs of this site helps.
          </p>
        </>
      )}
      {reason === 'dropped' && (
        <p className={styles.noticeTitle}>
          The connection to the demo server at <code>{serverUrl}</code> was lost. The server may be restarting.
        </p>
      )}
      <RetryLine nextRetryAt={nextRetryAt} onRetry={onRetry} />
      {children}
    </div>
  );
}

type ClosedProps = {lastClose: CloseInfo | null; onReconnect: () => void};

/** A connection that ended on purpose (the server's policy or the page): say why, offer to start again. */
export function ClosedNotice({lastClose, onReconnect}: ClosedProps): ReactNode {
  return (
    <div className={styles.notice} data-close-code={lastClose?.code}>
      <p className={styles.noticeTitle}>
        The connection is closed
        {lastClose ? (
          <>
            {' '}
            (close code <code>{lastClose.code}</code>
            {lastClose.reason ? <>: {lastClose.reason}</> : null}).
          </>
        ) : (
          '.'
        )}
      </p>
      {lastClose ? (
        <p>
          {lastClose.code} means {closeCodeMeaning(lastClose.code)}. The browser&apos;s <code>CloseEvent</code> says{' '}
          <code>
            code: {lastClose.code}, reason: {JSON.stringify(lastClose.reason)}, wasClean: {String(lastClose.wasClean)}
          </code>
          {lastClose.wasClean ? ' — both sides exchanged close frames.' : ' — the closing handshake did not complete.'}
        </p>
      ) : null}
      <p className={styles.retry}>
        <button type="button" className="button button--sm button--primary" onClick={onReconnect}>
          Reconnect
        </button>
      </p>
    </div>
  );
}
