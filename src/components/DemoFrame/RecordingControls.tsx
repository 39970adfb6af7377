import {useId, useState, type ReactNode} from 'react';
import type {Recording} from '../../lib/recording/format.ts';
import {formatDate, type RecordingStore, type ReplayState} from '../../lib/recording/recordingStore.ts';
import {MAX_SHARE_CHARS} from '../../lib/recording/share.ts';
import styles from './styles.module.css';

function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function endOf(replay: ReplayState): number {
  return Math.max(replay.recording.duration, replay.recording.steps.at(-1)?.t ?? 0);
}

/**
 * Above a replayed demo, always: that it is a recording, of when, where it came from, and the replay's controls.
 * A replay is never passed off as live.
 */
export function ReplayBar({replay, store}: {replay: ReplayState; store: RecordingStore}): ReactNode {
  const {recording, reason, position, playing} = replay;
  const end = endOf(replay);
  const ended = !playing && position >= end;
  return (
    <div
      className={styles.replay}
      data-replay={reason}
      data-replay-state={ended ? 'ended' : playing ? 'playing' : 'paused'}
    >
      <p className={styles.replayTitle}>
        <span className={styles.replayMark} aria-hidden="true" />
        <span>
          Recording from <time dateTime={recording.recordedAt}>{formatDate(recording.recordedAt)}</time>, not live
        </span>
      </p>
      <p className={styles.replayWhat}>
        {reason === 'shared'
          ? 'A run of this demo someone shared with a link, replayed at its real pace: nothing in it is happening now.'
          : 'The demo server cannot be reached, so this is a run of the real thing recorded against it, replayed at its real pace. The demo goes live again by itself as soon as the server answers.'}{' '}
        The demo&apos;s own buttons act on the live demo, not on the recording.
      </p>
      <p className={styles.replayControls}>
        <span className={styles.replayClock}>
          <span className="sr-only">Position: </span>
          {clock(position)} / {clock(end)}
        </span>
        {playing ? (
          <button type="button" className="button button--sm button--secondary" onClick={() => store.pause()}>
            Pause
          </button>
        ) : (
          <button type="button" className="button button--sm button--primary" onClick={() => store.resume()}>
            {ended ? 'Play again' : 'Play'}
          </button>
        )}
        <button type="button" className="button button--sm button--secondary" onClick={() => store.restart()}>
          Restart
        </button>
        {reason === 'shared' ? (
          <button type="button" className="button button--sm button--secondary" onClick={() => store.stopReplay()}>
            Go to the live demo
          </button>
        ) : null}
      </p>
    </div>
  );
}

/** In the offline notice: the committed recording, offered (never started without the reader asking). */
export function RecordingOffer({store}: {store: RecordingStore}): ReactNode {
  const {committed} = store.getSnapshot();
  if (committed.kind !== 'ready') return null;
  const {recording} = committed;
  return (
    <div className={styles.offer}>
      <p>
        Meanwhile, you can watch a recording of this demo, made against the real demo server on{' '}
        <time dateTime={recording.recordedAt}>{formatDate(recording.recordedAt)}</time>: every view of the demo, at the
        pace it happened.
      </p>
      <p className={styles.retry}>
        <button
          type="button"
          className="button button--sm button--primary"
          onClick={() => store.startReplay(recording, 'offline')}
        >
          Play the recording
        </button>
      </p>
    </div>
  );
}

/** Offers `text` to the reader as a file. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The run's exchanges as a HAR file or a replay script (their code loads when first asked for). `recording` is
 * the replay's while one plays, else the live run so far.
 */
function ExportButtons({
  getRecording,
  title,
  store,
}: {
  getRecording: () => Recording | null;
  title: string;
  store: RecordingStore;
}): ReactNode {
  const [message, setMessage] = useState<string | null>(null);
  const save = async (kind: 'har' | 'script') => {
    const recording = getRecording();
    if (recording === null || recording.wire.length === 0) {
      setMessage('Nothing to export yet: this run has exchanged nothing with the demo server.');
      return;
    }
    setMessage(null);
    const {exportRun} = await import('../../lib/recording/exportRun.ts');
    const files = exportRun(recording, {
      title,
      url: window.location.href.split('#')[0] ?? window.location.href,
      origin: window.location.origin,
      ...store.exportSettings,
    });
    if (kind === 'har') download(`${files.baseName}.har`, 'application/json', files.har);
    else download(`${files.baseName}.sh`, 'text/x-shellscript', files.script);
  };
  return (
    <>
      <button type="button" className="button button--sm button--secondary" onClick={() => void save('har')}>
        Download HAR
      </button>
      <button type="button" className="button button--sm button--secondary" onClick={() => void save('script')}>
        Download curl/websocat script
      </button>
      {message === null ? null : (
        <span className={styles.shareNote} role="status">
          {message}
        </span>
      )}
    </>
  );
}

/** Below a replay: the recording's exchanges, exported. */
export function ReplayTools({
  recording,
  title,
  store,
}: {
  recording: Recording;
  title: string;
  store: RecordingStore;
}): ReactNode {
  return (
    <div className={styles.runTools}>
      <p className={styles.runToolsRow}>
        <span className={styles.runToolsLabel}>This recording:</span>
        <ExportButtons getRecording={() => recording} title={title} store={store} />
      </p>
    </div>
  );
}

type ShareState =
  | {kind: 'idle'}
  | {kind: 'making'}
  | {kind: 'ready'; url: string; chars: number; dropped: 'nothing' | 'wire' | 'older changes'}
  | {kind: 'failed'; message: string};

/** Below a live demo: keep this run or show it to someone. */
export function RunTools({store, title}: {store: RecordingStore; title: string}): ReactNode {
  const [share, setShare] = useState<ShareState>({kind: 'idle'});
  const [copied, setCopied] = useState(false);
  const linkId = useId();
  const makeLink = async () => {
    setShare({kind: 'making'});
    setCopied(false);
    try {
      const link = await store.shareLink();
      setShare(
        link === null ? {kind: 'failed', message: 'Nothing has happened in this demo yet.'} : {kind: 'ready', ...link},
      );
    } catch (error) {
      setShare({kind: 'failed', message: error instanceof Error ? error.message : String(error)});
    }
  };
  return (
    <div className={styles.runTools}>
      <p className={styles.runToolsRow}>
        <span className={styles.runToolsLabel}>This run:</span>
        <ExportButtons getRecording={() => store.liveRecording()} title={title} store={store} />
        <button
          type="button"
          className="button button--sm button--secondary"
          onClick={() => void makeLink()}
          disabled={share.kind === 'making'}
        >
          Make a share link
        </button>
      </p>
      {share.kind === 'ready' ? (
        <div className={styles.sharePanel}>
          <label htmlFor={linkId}>Link to a replay of this run</label>
          <p className={styles.shareRow}>
            <input
              id={linkId}
              className={styles.shareInput}
              readOnly
              value={share.url}
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              className="button button--sm button--primary"
              onClick={() =>
                void navigator.clipboard.writeText(share.url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              Copy
            </button>
          </p>
          <p className={styles.shareNote} role="status">
            {copied ? 'Copied. ' : ''}
            The link carries the run itself, {share.chars.toLocaleString('en')} characters after the <code>#</code> (at
            most {MAX_SHARE_CHARS.toLocaleString('en')}), which browsers never send to any server: nothing is stored
            anywhere, and anyone who opens it sees this replay, labelled as a recording. It holds what the demo showed
            {share.dropped === 'nothing' ? ' and the requests and messages it exchanged with the demo server' : ''},
            with your browser&apos;s user agent, your cookies and any network address except loopback replaced.
            {share.dropped === 'wire'
              ? ' The exchanges themselves did not fit and were left out.'
              : share.dropped === 'older changes'
                ? ' The whole run did not fit: the link starts later in it.'
                : ''}
          </p>
        </div>
      ) : null}
      {share.kind === 'failed' ? (
        <p className={styles.alert} role="alert">
          No link was made: {share.message}
        </p>
      ) : null}
    </div>
  );
}
