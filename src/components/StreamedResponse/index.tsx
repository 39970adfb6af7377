import {useId, useState, type ReactNode, type SubmitEvent} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {STREAM_LIMITS} from '../../../demo-server/src/limits.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ServerSaw, {type ServerSawState} from '../ServerSaw/index.tsx';
import {formatBytes, formatCount} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import ChunkList from './parts/ChunkList.tsx';
import StreamedText from './parts/StreamedText.tsx';
import styles from './styles.module.css';
import {BUFFERING_PROXY, useStreamedResponse, type StreamRun} from './useStreamedResponse.ts';

function serverSawState(run: StreamRun | null): ServerSawState {
  if (run === null || run.recordPhase === 'waiting') return {kind: 'idle'};
  if (run.recordPhase === 'reading') return {kind: 'reading'};
  return run.record === null ? {kind: 'none'} : {kind: 'record', record: run.record};
}

/** While a run streams, how far it has got, for the throttled live region. */
function progress(run: StreamRun | null): string {
  if (run === null || run.fetched.phase !== 'streaming') return '';
  return `Streaming: ${run.fetched.tokens} tokens so far.`;
}

/**
 * A response streamed token by token, read two ways at once: `fetch` with a reader (a POST with a body, each network
 * chunk shown and parsed by the page), and `EventSource` (a GET: it can send nothing else). Stop aborts both; then
 * the server's record says what it saw.
 */
export default function StreamedResponse(): ReactNode {
  const {connection, run, start, stop, announcement} = useRecordable(useStreamedResponse(), {
    paths: [ENDPOINTS.streamedResponse, ENDPOINTS.viaProxy, ENDPOINTS.attempts, ENDPOINTS.health],
  });
  const [prompt, setPrompt] = useState('Why does a long answer appear word by word?');
  const [maxTokens, setMaxTokens] = useState<number>(STREAM_LIMITS.defaultTokens);
  const [buffered, setBuffered] = useState(false);
  const promptId = useId();
  const tokensId = useId();
  const streaming = run !== null && (run.fetched.phase === 'streaming' || run.eventSource.phase === 'streaming');
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    start(prompt, maxTokens, buffered);
  };
  const bodyBytes = run?.fetched.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0) ?? 0;
  return (
    <DemoFrame title="A streamed response, read two ways" connection={connection}>
      <LiveRegion throttle>{progress(run)}</LiveRegion>
      <LiveRegion>{announcement}</LiveRegion>
      <form className={styles.form} onSubmit={onSubmit}>
        <div className={styles.field}>
          <label htmlFor={promptId}>Prompt (it only picks one of three fixed passages: there is no model)</label>
          <input
            id={promptId}
            type="text"
            value={prompt}
            maxLength={STREAM_LIMITS.maxPromptChars}
            required
            onChange={(event) => setPrompt(event.target.value)}
          />
        </div>
        <div className={styles.field}>
          <label htmlFor={tokensId}>Tokens at most (1 to {STREAM_LIMITS.maxTokens})</label>
          <input
            id={tokensId}
            type="number"
            min={1}
            max={STREAM_LIMITS.maxTokens}
            value={maxTokens}
            required
            onChange={(event) => setMaxTokens(Number(event.target.value))}
          />
        </div>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={buffered}
            onChange={(event) => setBuffered(event.target.checked)}
            data-testid="stream-buffered"
          />{' '}
          Through a proxy that holds back up to {formatCount(BUFFERING_PROXY.buffer)} bytes of the answer (for up to{' '}
          {BUFFERING_PROXY.flushMs / 1000} s)
        </label>
        <div className={styles.buttons}>
          <button type="submit" className="button button--primary button--sm" data-testid="stream-start">
            {run === null ? 'Stream the answer' : 'Stream it again'}
          </button>
          <button
            type="button"
            className="button button--secondary button--sm"
            onClick={stop}
            disabled={!streaming}
            data-testid="stream-stop"
          >
            Stop (abort)
          </button>
        </div>
      </form>
      {run === null ? (
        <p className={styles.muted}>
          One click sends the prompt twice: as a <code>POST</code> read with <code>fetch</code>, and as a{' '}
          <code>GET</code> to an <code>EventSource</code>. At most {STREAM_LIMITS.maxTokens} tokens, one write every{' '}
          {STREAM_LIMITS.writeIntervalMs} ms.
        </p>
      ) : (
        <>
          <div className={styles.sides}>
            <section className={styles.side} aria-label="fetch and a reader: POST">
              <h3 className={styles.sideTitle}>
                <code>fetch</code> + <code>getReader()</code>, <code>POST</code>
              </h3>
              <StreamedText
                label="Text"
                phase={run.fetched.phase}
                tokens={run.fetched.tokens}
                text={run.fetched.text}
                testId="fetch-text"
              />
              {run.fetched.error !== null && (
                <p className={styles.bad} role="alert">
                  {run.fetched.error}
                </p>
              )}
              <p className={styles.muted} data-testid="fetch-summary">
                {run.fetched.chunks.length} chunk{run.fetched.chunks.length === 1 ? '' : 's'}, {formatBytes(bodyBytes)}{' '}
                of body
                {run.fetched.done !== null
                  ? `; the done event counted ${run.fetched.done.tokens} tokens (${run.fetched.done.reason})`
                  : ''}
              </p>
            </section>
            <section className={styles.side} aria-label="EventSource: GET">
              <h3 className={styles.sideTitle}>
                <code>EventSource</code>, <code>GET</code>
              </h3>
              <StreamedText
                label="Text"
                phase={run.eventSource.phase}
                tokens={run.eventSource.tokens}
                text={run.eventSource.text}
                testId="eventsource-text"
              />
              <p className={styles.muted} data-testid="eventsource-summary">
                <code>lastEventId</code>:{' '}
                {run.eventSource.lastEventId === '' ? '(none yet)' : run.eventSource.lastEventId}
                {run.eventSource.error !== null ? `; ${run.eventSource.error}` : ''}
              </p>
            </section>
          </div>
          <details className={styles.details} open>
            <summary>The chunks the reader gave the page</summary>
            <ChunkList chunks={run.fetched.chunks} />
          </details>
          <ServerSaw
            state={serverSawState(run)}
            level={3}
            title="What the server saw and wrote"
            idleText="Read from the server once both streams are over."
          />
        </>
      )}
    </DemoFrame>
  );
}
