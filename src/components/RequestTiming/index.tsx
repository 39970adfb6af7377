import {useId, useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {TIMING_LIMITS} from '../../../demo-server/src/limits.ts';
import {formatMsTenths} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import RawTable from './parts/RawTable.tsx';
import RequestCard from './parts/RequestCard.tsx';
import styles from './styles.module.css';
import {useRequestTiming, type TimingRun} from './useRequestTiming.ts';

const DELAYS = [0, 200, 500, 1000] as const;
const SIZES = [16 * 1024, 64 * 1024, TIMING_LIMITS.maxSizeBytes] as const;
const RATES = [0, 64 * 1024, 256 * 1024] as const;

const kib = (bytes: number) => `${bytes / 1024} KiB`;

function announce(run: TimingRun | null): string {
  if (run === null || run.status === 'running') return '';
  if (run.status === 'failed') return `The timing run failed: ${run.error}`;
  const total = (request: typeof run.fresh) => formatMsTenths(request.raw.responseEnd - request.raw.startTime);
  return `On a new connection the request took ${total(run.fresh)}; on the reused connection ${total(run.reused)}.`;
}

/**
 * Where the time goes: the same request timed on a new connection and on the one it left open, phase by phase
 * from the page's Resource Timing entries, with the server's own account in Server-Timing.
 */
export default function RequestTiming(): ReactNode {
  const {connection, run, start} = useRecordable(useRequestTiming(), {paths: [ENDPOINTS.timing, ENDPOINTS.health]});
  const [delay, setDelay] = useState<number>(500);
  const [size, setSize] = useState<number>(64 * 1024);
  const [rate, setRate] = useState<number>(64 * 1024);
  const [tao, setTao] = useState(true);
  const ids = {delay: useId(), size: useId(), rate: useId(), tao: useId()};
  const live = connection.state.status === 'live';
  const running = run?.status === 'running';
  const done = run?.status === 'done' ? run : null;
  const scaleMs = done
    ? Math.max(...[done.fresh, done.reused].map((request) => request.raw.responseEnd - request.raw.startTime))
    : 1;

  return (
    <DemoFrame title="Where the time goes" connection={connection}>
      <div className={styles.controls}>
        <label htmlFor={ids.delay}>
          Server waits{' '}
          <select
            id={ids.delay}
            className="otw-input"
            value={delay}
            onChange={(event) => setDelay(Number(event.target.value))}
          >
            {DELAYS.map((ms) => (
              <option key={ms} value={ms}>
                {ms} ms
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.size}>
          Body{' '}
          <select
            id={ids.size}
            className="otw-input"
            value={size}
            onChange={(event) => setSize(Number(event.target.value))}
          >
            {SIZES.map((bytes) => (
              <option key={bytes} value={bytes}>
                {kib(bytes)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.rate}>
          Sent at{' '}
          <select
            id={ids.rate}
            className="otw-input"
            value={rate}
            onChange={(event) => setRate(Number(event.target.value))}
          >
            {RATES.map((bytesPerSecond) => (
              <option key={bytesPerSecond} value={bytesPerSecond}>
                {bytesPerSecond === 0 ? 'full speed' : `${kib(bytesPerSecond)}/s`}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.tao} className={styles.check}>
          <input id={ids.tao} type="checkbox" checked={tao} onChange={(event) => setTao(event.target.checked)} /> Send{' '}
          <code>Timing-Allow-Origin</code>
        </label>
        <button
          type="button"
          className="button button--primary button--sm"
          disabled={!live || running || (rate !== 0 && (size / rate) * 1000 > TIMING_LIMITS.maxSendMs)}
          onClick={() => void start({delay, size, rate, tao})}
        >
          {running ? 'Timing…' : 'Time it twice'}
        </button>
      </div>
      <LiveRegion>{announce(run)}</LiveRegion>
      {run === null || running ? (
        <p className={styles.hint}>
          The page first has the server close every connection your browser keeps open to it, then sends the same
          request twice: the first must open a new connection, the second finds that one free.
        </p>
      ) : null}
      {run?.status === 'failed' ? (
        <p className={styles.failed} role="alert">
          The run failed: {run.error}
        </p>
      ) : null}
      {done ? (
        <>
          <div className={styles.cards}>
            <RequestCard title="On a new connection" request={done.fresh} scaleMs={scaleMs} testId="timing-fresh" />
            <RequestCard
              title="On the connection it left open"
              request={done.reused}
              scaleMs={scaleMs}
              testId="timing-reused"
            />
          </div>
          <p className={styles.hint} data-testid="timing-settings">
            Timed with the server waiting {done.settings.delay} ms and sending {kib(done.settings.size)}{' '}
            {done.settings.rate === 0 ? 'at full speed' : `at ${kib(done.settings.rate)}/s`},{' '}
            {done.settings.tao ? 'with' : 'without'} <code>Timing-Allow-Origin</code>.
          </p>
          <p className={styles.hint}>
            To empty your browser’s pool of idle connections, the server answered {done.closes} request
            {done.closes === 1 ? '' : 's'} with <code>Connection: close</code> first.
          </p>
          <RawTable fresh={done.fresh} reused={done.reused} />
        </>
      ) : null}
    </DemoFrame>
  );
}
