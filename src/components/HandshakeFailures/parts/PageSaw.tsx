import clsx from 'clsx';
import type {ReactNode} from 'react';
import {closeCodeMeaning} from '../../../lib/closeCodes.ts';
import {formatMsTenths} from '../../../lib/format.ts';
import {readyStateName, type PageEvent} from '../../../lib/watchWebSocket.ts';
import styles from '../styles.module.css';

function Detail({event}: {event: PageEvent}): ReactNode {
  switch (event.type) {
    case 'open':
      return (
        <>
          <code>protocol</code> {event.protocol === '' ? '""' : <code>{event.protocol}</code>}
        </>
      );
    case 'message':
      return <code className={styles.data}>{event.data}</code>;
    case 'error':
      return <>no detail: an error event carries none</>;
    case 'close':
      return (
        <>
          <code>code</code> <strong data-testid="page-close-code">{event.code}</strong>, <code>reason</code>{' '}
          {event.reason === '' ? '""' : <q>{event.reason}</q>}, <code>wasClean</code> {String(event.wasClean)}{' '}
          <span className={styles.meaning}>({closeCodeMeaning(event.code)})</span>
        </>
      );
    case 'send':
      return <>the page sent {event.what}</>;
  }
}

/** The page's side: every event the browser fired, in order, with its time and `readyState`. */
export default function PageSaw({events, several}: {events: readonly PageEvent[]; several: boolean}): ReactNode {
  return (
    <section className={styles.side} aria-label="What the page saw" data-testid="page-saw">
      <h4 className={styles.sideTitle}>What the page saw</h4>
      {events.length === 0 ? (
        <p className={styles.none}>No event yet.</p>
      ) : (
        <ol className={styles.events}>
          {events.map((event, index) => (
            <li
              key={index}
              className={clsx(styles.event, event.type === 'error' && styles.bad, event.type === 'send' && styles.sent)}
              data-testid="page-event"
              data-type={event.type}
              data-socket={event.socket}
            >
              <span className={styles.time}>+{formatMsTenths(event.at)}</span>{' '}
              <span className={styles.eventName}>
                {several ? `#${event.socket} ` : ''}
                {event.type === 'send' ? 'send()' : event.type}
              </span>{' '}
              <span className={styles.readyState}>readyState {readyStateName(event.readyState)}</span>{' '}
              <span className={styles.detail}>
                <Detail event={event} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
