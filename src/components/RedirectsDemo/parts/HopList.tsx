/** The requests the server received of one run, hop by hop: method, path, body bytes, and what it answered. */
import type {ReactNode} from 'react';
import {hopsOf, pathOfUrl, shortPath} from '../../../lib/redirects.ts';
import type {ServerSawState} from '../../ServerSaw/index.tsx';
import styles from '../styles.module.css';

const pathOf = (target: string) => pathOfUrl(`http://x${target}`);

export default function HopList({server}: {server: ServerSawState}): ReactNode {
  if (server.kind === 'reading' || server.kind === 'idle') return <span className={styles.muted}>…</span>;
  if (server.kind === 'none') return <span className={styles.muted}>Nothing reached the server.</span>;
  const hops = hopsOf(server.record);
  const dropped = server.record.exchangesDropped;
  return (
    <ol className={styles.hops} data-testid="redirect-hops">
      {hops.map((hop, index) => (
        // A recorded hop never changes: its place is its key.
        <li
          key={index}
          data-testid="redirect-hop"
          data-method={hop.method}
          data-body-bytes={hop.bodyBytes ?? ''}
          data-status={hop.status ?? ''}
          data-path={pathOf(hop.target)}
          data-content-type={hop.contentType ?? ''}
        >
          <code>
            {hop.method} {shortPath(pathOf(hop.target))}
          </code>
          {hop.bodyBytes !== null && hop.bodyBytes > 0 ? `, ${hop.bodyBytes} B` : ', no body'}
          {' → '}
          <strong>{hop.status ?? 'no answer'}</strong>
        </li>
      ))}
      {dropped > 0 ? (
        <li className={styles.muted} data-testid="redirect-hops-dropped" data-count={dropped}>
          and {dropped} more the server counted but did not keep
        </li>
      ) : null}
    </ol>
  );
}
