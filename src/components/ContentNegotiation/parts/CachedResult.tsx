import clsx from 'clsx';
import type {ReactNode} from 'react';
import {formatCount} from '../../../lib/format.ts';
import type {CachedRun} from '../useContentNegotiation.ts';
import styles from '../styles.module.css';

const size = (n: number | undefined) => (n === undefined ? 'not exposed' : `${formatCount(n)} B`);

/** The cacheable pair: what the page saw of each request, against how many the server received. */
export default function CachedResult({cached}: {cached: CachedRun}): ReactNode {
  if (cached.kind === 'failed') {
    return (
      <p className={styles.hint} data-testid="negotiation-cached">
        The cacheable pair failed: <code>{cached.error}</code>
      </p>
    );
  }
  const {first, second, record} = cached;
  return (
    <dl
      className={clsx(styles.record, styles.cached)}
      data-testid="negotiation-cached"
      data-requests={record?.requests ?? ''}
      data-first-transfer={first?.transferSize ?? ''}
      data-second-transfer={second?.transferSize ?? ''}
    >
      <dt>Two fetches of one URL</dt>
      <dd>
        answered <code>Cache-Control: max-age={record?.cacheSeconds ?? '—'}</code>,{' '}
        <code>Vary: Origin, Accept-Encoding</code>.
      </dd>
      <dt>The page saw</dt>
      <dd>
        <code>transferSize</code> {size(first?.transferSize)} for the first, {size(second?.transferSize)} for the
        second.
      </dd>
      <dt>The server received</dt>
      <dd>
        {record === null
          ? 'no record could be read.'
          : `${record.requests} request${record.requests === 1 ? '' : 's'}${
              record.requests === 1
                ? ': your browser answered the second from its own cache, whose stored Accept-Encoding matched.'
                : '.'
            }`}
      </dd>
    </dl>
  );
}
