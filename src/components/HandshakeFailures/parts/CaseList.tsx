import clsx from 'clsx';
import type {ReactNode} from 'react';
import type {CaseId, HandshakeCase} from '../cases.ts';
import styles from '../styles.module.css';

interface Props {
  cases: readonly HandshakeCase[];
  /** The case shown below, if any. */
  current: CaseId | null;
  running: boolean;
  disabled: boolean;
  onRun: (id: CaseId) => void;
}

/** One button per case. While a case runs the others stay focusable but do nothing (aria-disabled). */
export default function CaseList({cases, current, running, disabled, onRun}: Props): ReactNode {
  return (
    <ol className={styles.cases} aria-label="Failures to cause">
      {cases.map((handshakeCase) => (
        <li key={handshakeCase.id}>
          <button
            type="button"
            className={clsx(
              'button button--sm',
              current === handshakeCase.id ? 'button--primary' : 'button--secondary',
            )}
            aria-disabled={running || disabled}
            aria-current={current === handshakeCase.id ? 'true' : undefined}
            data-case={handshakeCase.id}
            onClick={() => {
              if (!running && !disabled) onRun(handshakeCase.id);
            }}
          >
            {handshakeCase.label}
          </button>
        </li>
      ))}
    </ol>
  );
}
