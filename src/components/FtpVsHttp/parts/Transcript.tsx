import type {ReactNode} from 'react';
import {transcriptLines} from '../../../lib/ftpVsHttp.ts';
import type {StepEntry} from '../useFtpVsHttp.ts';
import styles from '../styles.module.css';

/** Every step as plain text, to read with a screen reader or to copy. */
export default function Transcript({label, steps}: {label: string; steps: readonly StepEntry[]}): ReactNode {
  const text = steps.flatMap(({atMs, step}) => transcriptLines(atMs, step)).join('\n');
  return (
    <details className={styles.transcript}>
      <summary>{label} as text</summary>
      {/* Scrolls sideways when lines are long, so keyboard users can focus it. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <pre tabIndex={0} aria-label={`${label} as text`}>
        {text}
      </pre>
    </details>
  );
}
