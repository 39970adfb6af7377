import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import {formatBytes} from '../../../lib/format.ts';
import type {Shipped} from '../useCodeOnDemandDemo.ts';
import styles from '../styles.module.css';

/** The code the server sent, with the headers that say what it is; folded until the reader opens it. */
export default function ShippedCode({shipped}: {shipped: Shipped | null}): ReactNode {
  if (shipped === null) return <p className={styles.muted}>Downloading the validator…</p>;
  return (
    <details className={styles.code}>
      <summary>
        The code the server sent: <code>{ENDPOINTS.noteValidator}</code>, {formatBytes(shipped.source.length)},{' '}
        <code>{shipped.contentType}</code>, <code>Cache-Control: {shipped.cacheControl}</code>
      </summary>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the code scrolls: keyboard users focus it */}
      <pre tabIndex={0} aria-label="The code the server sent" data-testid="shipped-code">
        {shipped.source}
      </pre>
    </details>
  );
}
