import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import clsx from 'clsx';
import {useId, useState, type ReactNode, type SubmitEvent} from 'react';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';
import {parseHex} from '../../lib/hex.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {useEchoConsole} from './useEchoConsole.ts';

function clock(at: number): string {
  const date = new Date(at);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A live console on /ws/echo: send text or bytes, read the log of what went out and came back. */
export default function EchoConsole(): ReactNode {
  const {connection, log, announcement, sendText, sendBytes, clear} = useRecordable(useEchoConsole(), {
    paths: [ENDPOINTS.echo, ENDPOINTS.health],
  });
  const [mode, setMode] = useState<'text' | 'binary'>('text');
  const [input, setInput] = useState('Hello, echo');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const live = connection.state.status === 'live';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (mode === 'text') {
      sendText(input);
      setError(null);
      return;
    }
    const bytes = parseHex(input);
    if (!bytes) {
      setError('Write bytes as pairs of hex digits, for example 00 ff 7e.');
      return;
    }
    setError(null);
    sendBytes(bytes);
  };

  return (
    <DemoFrame
      title="Echo console"
      connection={connection}
      actions={
        <>
          <button
            type="button"
            className="button button--sm button--secondary"
            onClick={clear}
            disabled={log.length === 0}
          >
            Clear log
          </button>
          <button type="button" className="button button--sm button--secondary" onClick={connection.reconnect}>
            Reconnect
          </button>
        </>
      }
    >
      <LiveRegion>{announcement}</LiveRegion>
      <form className={styles.form} onSubmit={onSubmit}>
        <fieldset className={styles.mode}>
          <legend className="sr-only">Send as</legend>
          {(['text', 'binary'] as const).map((value) => (
            <label key={value} className={styles.modeOption}>
              <input
                type="radio"
                name="echo-mode"
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />{' '}
              {value === 'text' ? 'Text' : 'Binary (hex)'}
            </label>
          ))}
        </fieldset>
        <label htmlFor={inputId} className="sr-only">
          {mode === 'text' ? 'Message text' : 'Message bytes in hex'}
        </label>
        <input
          id={inputId}
          className={clsx('otw-input', styles.input)}
          value={input}
          onChange={(event) => setInput(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          placeholder={mode === 'text' ? 'Type a message' : '00 ff 7e'}
          autoComplete="off"
        />
        <button type="submit" className="button button--primary" disabled={!live}>
          Send
        </button>
      </form>
      {error ? (
        <p id={errorId} className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {log.length === 0 ? (
        <p className={styles.hint}>Nothing sent yet. The server sends every message straight back.</p>
      ) : (
        // Scrolls on its own when long, so keyboard users can focus it to scroll.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div className={styles.logScroll} tabIndex={0} role="region" aria-label="Message log">
          <table className={styles.log}>
            <caption className="sr-only">Messages sent and received, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Direction</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">Content</th>
              </tr>
            </thead>
            <tbody>
              {log.map((entry) => (
                <tr
                  key={entry.id}
                  className={clsx(entry.direction === 'sent' ? styles.sent : styles.received)}
                  data-direction={entry.direction}
                >
                  <td>
                    <time dateTime={new Date(entry.at).toISOString()}>{clock(entry.at)}</time>
                  </td>
                  <td>{entry.direction === 'sent' ? '→ sent' : '← received'}</td>
                  <td>{entry.binary ? 'binary' : 'text'}</td>
                  <td>{entry.size} B</td>
                  <td className={styles.preview}>
                    <code>{entry.preview}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DemoFrame>
  );
}
