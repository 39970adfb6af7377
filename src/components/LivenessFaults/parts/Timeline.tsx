import clsx from 'clsx';
import type {ReactNode} from 'react';
import {formatMsTenths} from '../../../lib/format.ts';
import {describe, type TimelineEntry} from '../timeline.ts';
import styles from '../styles.module.css';

/** Both sides on one list, in the order the page learnt of them, with times from the page's open event. */
export default function Timeline({entries}: {entries: readonly TimelineEntry[]}): ReactNode {
  return (
    <section className={styles.timeline} aria-label="Timeline of the connection" data-testid="liveness-timeline">
      <h3 className={styles.title}>What each side noticed, and when</h3>
      {entries.length === 0 ? (
        <p className={styles.none}>Nothing yet.</p>
      ) : (
        <ol className={styles.entries}>
          {entries.map((entry, index) => (
            <li
              // Entries are only appended, and a run is updated in its place: the index is the entry's identity.
              key={index}
              className={clsx(
                styles.entry,
                entry.side === 'server' ? styles.server : styles.page,
                (entry.kind === 'declared-dead' || entry.kind === 'error' || entry.kind === 'refused') && styles.bad,
              )}
              data-testid="liveness-entry"
              data-side={entry.side}
              data-kind={entry.kind}
              data-at={entry.at}
            >
              <span className={styles.time}>+{formatMsTenths(entry.at)}</span>{' '}
              <span className={styles.side}>{entry.side === 'server' ? 'server' : 'page'}</span>{' '}
              <span className={styles.text}>{describe(entry)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
