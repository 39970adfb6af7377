import {useId, useState, type ReactNode} from 'react';
import styles from '../styles.module.css';

type Props = {
  /** What to work out, with the numbers to work it out from. */
  question: ReactNode;
  answer: number;
  /** The working, shown once the reader has answered or asks for it. */
  working: ReactNode;
};

/**
 * A "work it out yourself" step: the reader does the arithmetic (counting a body's bytes, a chunk size from hex)
 * and checks it against the bytes, or asks to see the working.
 */
export default function WorkItOut({question, answer, working}: Props): ReactNode {
  const id = useId();
  const [guess, setGuess] = useState('');
  const [verdict, setVerdict] = useState<'right' | 'wrong' | null>(null);
  const [shown, setShown] = useState(false);
  const check = () => {
    const value = Number(guess.trim());
    setVerdict(guess.trim() !== '' && value === answer ? 'right' : 'wrong');
  };
  return (
    <div className={styles.workItOut}>
      <p className={styles.workTitle} id={`${id}-q`}>
        <strong>Work it out yourself.</strong> {question}
      </p>
      <form
        className={styles.workForm}
        onSubmit={(event) => {
          event.preventDefault();
          check();
        }}
      >
        <label htmlFor={`${id}-answer`}>Your answer</label>
        <input
          id={`${id}-answer`}
          className="otw-input"
          inputMode="numeric"
          autoComplete="off"
          value={guess}
          aria-describedby={`${id}-q`}
          onChange={(event) => {
            setGuess(event.target.value);
            setVerdict(null);
          }}
          size={8}
        />
        <button type="submit" className="button button--sm button--primary">
          Check
        </button>
        <button type="button" className="button button--sm button--secondary" onClick={() => setShown(true)}>
          Show the working
        </button>
      </form>
      <p className={styles.workVerdict} aria-live="polite">
        {verdict === 'right'
          ? `Right: ${answer}.`
          : verdict === 'wrong'
            ? 'Not quite: try again, or show the working.'
            : ''}
      </p>
      {shown || verdict === 'right' ? <div className={styles.working}>{working}</div> : null}
    </div>
  );
}
