import {useId, useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {NEGOTIATE_CHOICES, type NegotiateChoice} from '../../../demo-server/src/contract/negotiate.ts';
import {formatCount} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import CachedResult from './parts/CachedResult.tsx';
import RecordDetail from './parts/RecordDetail.tsx';
import RunTable from './parts/RunTable.tsx';
import styles from './styles.module.css';
import {useContentNegotiation, type CachedRun, type RunResult} from './useContentNegotiation.ts';

const LABELS: Record<NegotiateChoice, string> = {
  auto: 'Negotiated',
  identity: 'identity (forced)',
  br: 'br (forced)',
  zstd: 'zstd (forced)',
  gzip: 'gzip (forced)',
};

function announce(result: RunResult | undefined): string {
  if (result === undefined) return '';
  if (result.kind === 'failed') return `Run ${result.number}: the page got no body (${result.error}).`;
  const {run} = result;
  const coding = run.contentEncoding ?? 'identity';
  const encoded = run.sizes?.encodedBodySize;
  return `Run ${run.number}: sent as ${coding}, ${encoded === undefined ? 'size not exposed' : `${formatCount(encoded)} bytes on the wire`}, ${formatCount(run.scriptBytes)} bytes after decoding.`;
}

function announceCached(cached: CachedRun | null): string {
  if (cached === null) return '';
  if (cached.kind === 'failed') return `The cacheable pair failed (${cached.error}).`;
  const requests = cached.record?.requests;
  return requests === undefined
    ? 'Fetched twice; the server’s record could not be read.'
    : `Fetched twice; the server received ${requests} request${requests === 1 ? '' : 's'}.`;
}

/**
 * Compression and negotiation, measured: the same document fetched by this page, its content coding chosen by
 * the browser's own `Accept-Encoding` or forced, with its size on the wire beside its size decoded, as the browser
 * reports it and as the server counted it.
 */
export default function ContentNegotiation(): ReactNode {
  const {connection, results, busy, run, clear, cached, lastAction, runCached} = useRecordable(
    useContentNegotiation(),
    {paths: [ENDPOINTS.negotiate, ENDPOINTS.health]},
  );
  const [choice, setChoice] = useState<NegotiateChoice>('auto');
  const choiceId = useId();
  const live = connection.state.status === 'live';
  const latest = results.at(-1);

  return (
    <DemoFrame title="Compression and negotiation" connection={connection}>
      <div className={styles.controls}>
        <label htmlFor={choiceId}>
          Coding{' '}
          <select
            id={choiceId}
            className="otw-input"
            value={choice}
            onChange={(event) => setChoice(NEGOTIATE_CHOICES.find((c) => c === event.target.value) ?? 'auto')}
          >
            {NEGOTIATE_CHOICES.map((c) => (
              <option key={c} value={c}>
                {LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={!live || busy}
          onClick={() => void run([choice])}
        >
          Fetch the document
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!live || busy}
          onClick={() => void run(['identity', 'gzip', 'zstd', 'br', 'auto'])}
        >
          Fetch it five ways
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!live || busy}
          onClick={() => void runCached()}
        >
          Fetch it twice, cacheable
        </button>
        {results.length > 0 ? (
          <button type="button" className="button button--link button--sm" disabled={busy} onClick={clear}>
            Clear
          </button>
        ) : null}
      </div>
      <LiveRegion>{busy ? '' : lastAction === 'cached' ? announceCached(cached) : announce(latest)}</LiveRegion>
      {cached === null ? null : <CachedResult cached={cached} />}
      {results.length === 0 ? (
        <p className={styles.hint}>
          The document is RFC 9110’s own text on content coding and negotiation. Fetch it and compare its size on the
          wire with its size once your browser has decoded it.
        </p>
      ) : (
        <>
          <RunTable results={results} />
          {latest?.kind === 'run' ? <RecordDetail run={latest.run} /> : null}
        </>
      )}
    </DemoFrame>
  );
}
