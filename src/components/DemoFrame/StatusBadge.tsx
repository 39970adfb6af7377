import clsx from 'clsx';
import type {ReactNode} from 'react';
import type {DemoSocketStatus} from '../../lib/demoSocket.ts';
import styles from './styles.module.css';

const LABELS: Record<DemoSocketStatus, string> = {
  connecting: 'Connecting',
  live: 'Live',
  offline: 'Offline',
  closed: 'Disconnected',
};

type Props = {status: DemoSocketStatus};

/** The connection state every demo shows in its header. Colour is never the only signal: the word is there too. */
export default function StatusBadge({status}: Props): ReactNode {
  return (
    <span className={clsx(styles.badge, styles[`badge-${status}`])} data-status={status}>
      <span className={styles.dot} aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}

export function statusLabel(status: DemoSocketStatus): string {
  return LABELS[status];
}
