import type {ReactNode} from 'react';
import type {Phase} from '../useStreamedResponse.ts';
import styles from '../styles.module.css';

const PHASE_TEXT: Readonly<Record<Phase, string>> = {
  streaming: 'streaming',
  done: 'complete',
  stopped: 'stopped by you',
  failed: 'failed',
};

type Props = {
  label: string;
  phase: Phase;
  tokens: number;
  text: string;
  testId: string;
};

/** The text the tokens make so far, with how many there were and whether the stream is over. */
export default function StreamedText({label, phase, tokens, text, testId}: Props): ReactNode {
  return (
    <figure className={styles.textFigure}>
      <figcaption className={styles.muted}>
        {label}: {tokens} token{tokens === 1 ? '' : 's'}, {PHASE_TEXT[phase]}
      </figcaption>
      <p className={styles.text} data-testid={testId} data-phase={phase} data-tokens={tokens}>
        {text}
      </p>
    </figure>
  );
}
