import clsx from 'clsx';
import type {ReactNode} from 'react';
import {formatBytes, formatMs} from '../../../lib/format.ts';
import {CUT_TEXT, type ChunkView} from '../chunks.ts';
import styles from '../styles.module.css';

type Props = {
  chunks: readonly ChunkView[];
};

/**
 * Each chunk `reader.read()` gave the page, in order: when it came, its size, how many events it finished and
 * where it was cut. Line ends show as `\n` (or `\r`); the bytes of a character cut in two show in hex.
 */
export default function ChunkList({chunks}: Props): ReactNode {
  if (chunks.length === 0) return <p className={styles.muted}>No chunk yet.</p>;
  return (
    <ol
      className={styles.chunks}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the list scrolls: keyboard users focus it
      tabIndex={0}
      aria-label="Chunks, in the order the reader gave them"
      data-testid="fetch-chunks"
    >
      {chunks.map((chunk) => (
        <li
          key={chunk.n}
          className={clsx(styles.chunk, chunk.cut !== 'event-end' && styles.cutChunk)}
          data-testid="fetch-chunk"
          data-bytes={chunk.bytes}
          data-at={Math.round(chunk.at)}
          data-cut={chunk.cut}
        >
          <p className={styles.chunkMeta}>
            <strong>#{chunk.n}</strong> at +{formatMs(Math.round(chunk.at))}: {formatBytes(chunk.bytes)},{' '}
            {chunk.events === 0
              ? 'no event finished'
              : `${chunk.events} event${chunk.events === 1 ? '' : 's'} finished`}
            ; cut {CUT_TEXT[chunk.cut]}
          </p>
          <pre className={styles.chunkBytes}>{chunk.shown}</pre>
        </li>
      ))}
    </ol>
  );
}
