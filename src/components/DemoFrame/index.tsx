import {useContext, useSyncExternalStore, type ReactNode} from 'react';
import type {DemoSocketState} from '../../lib/demoSocket.ts';
import type {RecordingSnapshot, RecordingStore} from '../../lib/recording/recordingStore.ts';
import {RecordingSlotContext} from '../../lib/recording/slot.ts';
import LiveRegion from '../LiveRegion/index.tsx';
import {ClosedNotice, OfflineNotice} from './OfflineNotice.tsx';
import {RecordingOffer, ReplayBar, ReplayTools, RunTools} from './RecordingControls.tsx';
import StatusBadge, {statusLabel} from './StatusBadge.tsx';
import styles from './styles.module.css';

/** What the frame needs of a demo's connection (a `useDemoSocket` result fits). */
export interface FrameConnection {
  state: DemoSocketState;
  serverUrl: string;
  /** Open a new connection now. */
  reconnect: () => void;
}

type Props = {
  /** Visible name of the demo, also its accessible name. */
  title: string;
  connection: FrameConnection;
  /** Buttons shown in the header next to the status. */
  actions?: ReactNode;
  /** What the demo shows; rendered only while it has something to show (live, or connecting after a first success). */
  children: ReactNode;
};

const noSubscribe = () => () => undefined;
const noSnapshot = (): RecordingSnapshot | null => null;

/** The recording state of the demo this frame belongs to (null for a frame outside a registry demo). */
function useRecording(): {store: RecordingStore | null; snapshot: RecordingSnapshot | null} {
  const store = useContext(RecordingSlotContext)?.store ?? null;
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? noSnapshot, noSnapshot);
  return {store, snapshot};
}

/**
 * The frame every live demo sits in: a header with its name and connection
 * status, then either the demo or a notice saying plainly why it cannot run.
 * Status changes are announced politely to screen readers.
 *
 * A demo that records itself (`useRecordable`) also gets: below it, a way to
 * keep or share the run; when the server cannot be reached, its committed
 * recording offered; and while a recording plays, a bar saying so above the
 * demo, whose `connection` is then the recorded one and is not shown.
 */
export default function DemoFrame({title, connection, actions, children}: Props): ReactNode {
  const {state, serverUrl, reconnect: onReconnect} = connection;
  const {store, snapshot} = useRecording();
  const replay = snapshot?.replay ?? null;
  if (store !== null && replay !== null) {
    return (
      <section className={styles.frame} aria-label={title} data-demo-status="recording">
        <header className={styles.header}>
          <p className={styles.title}>{title}</p>
          <span className={`${styles.badge} ${styles['badge-recording']}`} data-status="recording">
            <span className={styles.dot} aria-hidden="true" />
            Recording
          </span>
          {actions ? <div className={styles.actions}>{actions}</div> : null}
        </header>
        <LiveRegion role="status">{`${title}: ${snapshot?.announcement ?? ''}`}</LiveRegion>
        <div className={styles.body}>
          <ReplayBar replay={replay} store={store} />
          {children}
          <ReplayTools recording={replay.recording} title={title} store={store} />
        </div>
      </section>
    );
  }
  const {status} = state;
  const showDemo = status === 'live' || (status === 'connecting' && state.opens > 0);
  const announcement = snapshot?.announcement ? `. ${snapshot.announcement}` : '';
  return (
    <section className={styles.frame} aria-label={title} data-demo-status={status}>
      <header className={styles.header}>
        <p className={styles.title}>{title}</p>
        <StatusBadge status={status} />
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </header>
      <LiveRegion role="status">{`${title}: ${statusLabel(status).toLowerCase()}${announcement}`}</LiveRegion>
      <div className={styles.body}>
        {snapshot?.sharedError ? (
          <p className={styles.alert} role="alert">
            The shared link could not be opened: {snapshot.sharedError}
          </p>
        ) : null}
        {status === 'offline' && state.offlineReason ? (
          <OfflineNotice
            reason={state.offlineReason}
            serverUrl={serverUrl}
            nextRetryAt={state.nextRetryAt}
            onRetry={onReconnect}
          >
            {store !== null ? <RecordingOffer store={store} /> : null}
          </OfflineNotice>
        ) : null}
        {status === 'closed' ? <ClosedNotice lastClose={state.lastClose} onReconnect={onReconnect} /> : null}
        {status === 'connecting' && state.opens === 0 ? (
          <p className={styles.connecting}>
            Connecting to the demo server at <code>{serverUrl}</code>…
          </p>
        ) : null}
        {showDemo ? children : null}
        {showDemo && store !== null ? <RunTools store={store} title={title} /> : null}
      </div>
    </section>
  );
}

/** Shown where a demo will be while its code loads, and in the server-rendered HTML. */
export function DemoLoading({title}: {title: string}): ReactNode {
  return (
    <section className={styles.frame} aria-label={title} aria-busy="true">
      <header className={styles.header}>
        <p className={styles.title}>{title}</p>
      </header>
      <div className={styles.body}>
        <p className={styles.connecting}>Loading the live demo…</p>
        <noscript>
          <p>This live demo runs in your browser and needs JavaScript.</p>
        </noscript>
      </div>
    </section>
  );
}

/**
 * Shown when a demo's code failed to load or crashed while rendering: a plain
 * sentence and a way out, never a stack trace.
 */
export function DemoFailed({title, error}: {title: string; error: Error}): ReactNode {
  return (
    <section className={styles.frame} aria-label={title}>
      <header className={styles.header}>
        <p className={styles.title}>{title}</p>
      </header>
      <div className={styles.body}>
        <div className={styles.notice} role="alert">
          <p className={styles.noticeTitle}>This live demo stopped working in your browser.</p>
          <p>
            The rest of the page is fine. Reloading usually fixes it (for example after a network hiccup while the demo
            was downloading). <span className={styles.errorDetail}>Details: {error.message}</span>
          </p>
          <p className={styles.retry}>
            <button
              type="button"
              className="button button--sm button--primary"
              onClick={() => window.location.reload()}
            >
              Reload the page
            </button>
          </p>
        </div>
      </div>
    </section>
  );
}

/** A request the demo made failed: said plainly, once, to everyone (role="alert"); nothing when there is no failure. */
export function DemoAlert({message}: {message: string | null}): ReactNode {
  return message === null ? null : (
    <p className={styles.alert} role="alert">
      {message}
    </p>
  );
}
