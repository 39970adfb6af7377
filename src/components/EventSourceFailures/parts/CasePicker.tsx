import clsx from 'clsx';
import type {ReactNode} from 'react';
import type {CaseSpec} from '../cases.ts';
import styles from '../styles.module.css';

type Props = {
  cases: readonly CaseSpec[];
  /** The case shown below, if any, and whether it is still being watched. */
  current: {id: CaseSpec['id']; running: boolean} | null;
  onRun: (spec: CaseSpec) => void;
};

/** One button per case: a click runs it (and ends the one running). `aria-pressed` marks the case shown below. */
export default function CasePicker({cases, current, onRun}: Props): ReactNode {
  return (
    <ul className={styles.cases} aria-label="Cases: the server misbehaves as you choose">
      {cases.map((spec) => {
        const shown = current?.id === spec.id;
        return (
          <li key={spec.id}>
            <button
              type="button"
              className={clsx('button button--sm', shown ? 'button--primary' : 'button--secondary')}
              aria-pressed={shown}
              data-case={spec.id}
              onClick={() => onRun(spec)}
            >
              {spec.label}
              {shown && current.running ? <span className="sr-only"> (running)</span> : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
