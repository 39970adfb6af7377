import type {ReactNode} from 'react';
import styles from './styles.module.css';

type Props = {
  /** What is explained; null shows the hint instead. */
  selected: {title: ReactNode; text: string; source: string} | null;
  /** Shown while nothing is selected. */
  hint: string;
};

/**
 * The panel beside a demo's highlighted parts that says what the selected
 * part does and where the rule comes from. Screen readers get the same text
 * as each part's accessible description, so the panel itself is hidden from them.
 */
export default function ExplanationPanel({selected, hint}: Props): ReactNode {
  return (
    <div className={styles.panel} aria-hidden="true">
      {selected ? (
        <>
          <p className={styles.title}>{selected.title}</p>
          <p>{selected.text}</p>
          <p className={styles.source}>Source: {selected.source}</p>
        </>
      ) : (
        <p className={styles.source}>{hint}</p>
      )}
    </div>
  );
}
