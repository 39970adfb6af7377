import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import clsx from 'clsx';
import {useId, useState, type ReactNode, type SubmitEvent} from 'react';
import {formatMs, formatSeconds} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';
import {STREAM_COUNT, STREAM_INTERVAL_MS, useFullDuplex} from './useFullDuplex.ts';

/**
 * Full duplex on one connection: the server keeps sending while the page
 * sends too, and the two directions interleave in time.
 */
export default function FullDuplex(): ReactNode {
  const {connection, events, streaming, announcement, start, sendMessage} = useRecordable(useFullDuplex(), {
    paths: [ENDPOINTS.inspect, ENDPOINTS.health],
  });
  const [text, setText] = useState('Hi while you stream');
  const inputId = useId();
  const live = connection.state.status === 'live';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    sendMessage(text);
  };

  return (
    <DemoFrame title="Full duplex" connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <div className={styles.controls}>
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={start}
          disabled={!live || streaming}
        >
          {streaming
            ? 'Streaming…'
            : `Start a stream (${STREAM_COUNT} messages, one every ${formatMs(STREAM_INTERVAL_MS)})`}
        </button>
        <form className={styles.form} onSubmit={onSubmit}>
          <label htmlFor={inputId} className="sr-only">
            Your message
          </label>
          <input
            id={inputId}
            className={clsx('otw-input', styles.input)}
            value={text}
            onChange={(event) => setText(event.target.value)}
            autoComplete="off"
          />
          <button type="submit" className="button button--secondary button--sm" disabled={!live}>
            Send now
          </button>
        </form>
      </div>
      {events.length === 0 ? (
        <p className={styles.hint}>Start the stream, then send a message or two before it ends.</p>
      ) : (
        // Scrolls on its own when long, so keyboard users can focus it to scroll.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div className={styles.scroll} tabIndex={0} role="region" aria-label="Timeline">
          <ol className={styles.timeline} aria-label="Both directions, in the order they happened">
            {events.map((event) => (
              <li
                key={event.id}
                className={clsx(styles.event, event.lane === 'server-to-page' ? styles.down : styles.up)}
                data-lane={event.lane}
              >
                <span className={styles.time}>{formatSeconds(event.t, 3)}</span>
                <span className={styles.arrow} aria-hidden="true">
                  {event.lane === 'server-to-page' ? '←' : '→'}
                </span>
                <span className="sr-only">
                  {event.lane === 'server-to-page' ? 'server to page:' : 'page to server:'}
                </span>
                <span>{event.label}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </DemoFrame>
  );
}
