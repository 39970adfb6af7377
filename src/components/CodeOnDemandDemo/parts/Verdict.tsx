import type {ReactNode} from 'react';
import styles from '../styles.module.css';

type Props = {
  runShipped: boolean;
  /** What the validator found; null until it answered. */
  problems: string[] | null;
};

/** What the downloaded validator says about the note as it is now; announced politely as it changes. */
export default function Verdict({runShipped, problems}: Props): ReactNode {
  return (
    <div aria-live="polite" data-testid="client-verdict">
      {problems === null ? (
        <p className={styles.muted}>
          {runShipped ? 'Waiting for the validator…' : 'No downloaded code: the page checks nothing itself.'}
        </p>
      ) : problems.length === 0 ? (
        <p className={styles.good}>The downloaded validator finds nothing wrong.</p>
      ) : (
        <ul className={styles.bad}>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
