/**
 * What the server saw of one attempt (an AttemptRecord from `GET /attempts/{id}`): each request as it arrived,
 * each answer as the server wrote it, and what the server did or noticed afterwards, with times from the first
 * request. The demos of "When it breaks" show it beside what the page itself could see.
 */
import clsx from 'clsx';
import type {ReactNode} from 'react';
import type {AttemptRecord, ObservedExchange} from '../../../demo-server/src/contract/attempts.ts';
import {ATTEMPT_LIMITS} from '../../../demo-server/src/limits.ts';
import {splitHead, statusOf} from '../../lib/attempts.ts';
import {formatMs} from '../../lib/format.ts';
import styles from './styles.module.css';

export type ServerSawState =
  /** Nothing asked yet. */
  | {kind: 'idle'}
  /** The attempt is running or its record is being read. */
  | {kind: 'reading'}
  /** The server kept nothing of it: the request never reached the server, or the record was read or expired. */
  | {kind: 'none'}
  | {kind: 'record'; record: AttemptRecord};

export interface ServerSawProps {
  state: ServerSawState;
  /** Heading level inside the demo (default 4). */
  level?: 3 | 4 | 5;
  title?: string;
  /** Said when nothing has been asked yet. */
  idleText?: string;
}

function statusClass(head: string | null): string | undefined {
  const status = statusOf(head);
  if (status === null) return undefined;
  if (status < 300) return styles.ok;
  if (status < 400) return styles.redirect;
  return styles.bad;
}

function Head({head, testId}: {head: string; testId: string}): ReactNode {
  const {startLine, fields} = splitHead(head);
  return (
    <>
      <span className={clsx(styles.startLine, statusClass(head))}>{startLine}</span>
      {fields.map(([name, value], index) => (
        // Fields repeat (two Set-Cookie lines), so their place is their key; a recorded head never changes.
        <span key={index} className={styles.field} data-testid={`${testId}-field`}>
          {'\n'}
          <span className={styles.fieldName}>{name}</span>: {value}
        </span>
      ))}
    </>
  );
}

type SubHeading = 'h4' | 'h5' | 'h6';

function Exchange({
  exchange,
  index,
  start,
  Label,
}: {
  exchange: ObservedExchange;
  index: number;
  start: number;
  Label: SubHeading;
}): ReactNode {
  const number = index + 1;
  const kind = exchange.transport === 'upgrade' ? 'handshake' : 'request';
  return (
    <li className={styles.exchange} data-testid="server-saw-exchange">
      <p className={styles.meta}>
        <strong>
          {kind === 'handshake' ? 'Handshake' : 'Request'} {number}
        </strong>{' '}
        at +{formatMs(exchange.at - start)}
        {exchange.answeredAt !== null ? `, answered after ${formatMs(exchange.answeredAt - exchange.at)}` : ''}
        {exchange.endedAt !== null
          ? `, over after ${formatMs(exchange.endedAt - exchange.at)}`
          : ', still open when read'}
      </p>
      <div className={styles.pair}>
        <section aria-label={`${kind === 'handshake' ? 'Handshake' : 'Request'} ${number} as the server received it`}>
          <Label className={styles.label}>As the server received it</Label>
          <pre
            className={styles.wire}
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a long head scrolls: keyboard users focus it
            tabIndex={0}
            aria-label={`Request ${number} as the server received it`}
            data-testid="server-saw-request"
          >
            <Head head={exchange.request} testId="server-saw-request" />
          </pre>
        </section>
        <section aria-label={`Answer ${number} as the server wrote it`}>
          <Label className={styles.label}>What the server answered</Label>
          {exchange.response === null ? (
            <p className={styles.none} data-testid="server-saw-no-answer">
              Nothing: the server wrote no answer{exchange.endedAt === null ? ' yet' : ' before the connection ended'}.
            </p>
          ) : (
            <pre
              className={styles.wire}
              // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a long answer scrolls: keyboard users focus it
              tabIndex={0}
              aria-label={`Answer ${number} as the server wrote it`}
              data-testid="server-saw-response"
            >
              <Head head={exchange.response} testId="server-saw-response" />
              {exchange.body === '' ? '' : `\n\n${exchange.body}`}
              {exchange.bodyTruncated ? `\n… (cut after ${ATTEMPT_LIMITS.maxBodyChars} characters)` : ''}
            </pre>
          )}
        </section>
      </div>
    </li>
  );
}

/** The server's side of an attempt. */
export default function ServerSaw({
  state,
  level = 4,
  title = 'What the server saw',
  idleText = 'Run a case to see what the server received and answered.',
}: ServerSawProps): ReactNode {
  const Heading = `h${level}` as const;
  const Label = `h${level + 1}` as SubHeading;
  return (
    <section className={styles.serverSaw} aria-label={title} data-testid="server-saw">
      <Heading className={styles.title}>{title}</Heading>
      {state.kind === 'idle' && <p className={styles.none}>{idleText}</p>}
      {state.kind === 'reading' && <p className={styles.none}>Asking the server what it saw…</p>}
      {state.kind === 'none' && (
        <p className={styles.none} data-testid="server-saw-nothing">
          The server kept nothing of this attempt: the request never reached it.
        </p>
      )}
      {state.kind === 'record' && <Record record={state.record} Label={Label} />}
    </section>
  );
}

function Record({record, Label}: {record: AttemptRecord; Label: SubHeading}): ReactNode {
  const start = record.exchanges[0]?.at ?? record.notes[0]?.at ?? 0;
  return (
    <>
      {record.exchanges.length === 0 ? (
        <p className={styles.none}>No request of this attempt reached the server.</p>
      ) : (
        <ol className={styles.exchanges}>
          {record.exchanges.map((exchange, index) => (
            <Exchange key={index} exchange={exchange} index={index} start={start} Label={Label} />
          ))}
        </ol>
      )}
      {record.exchangesDropped > 0 && (
        <p className={styles.none}>
          And {record.exchangesDropped} more request{record.exchangesDropped === 1 ? '' : 's'} the server counted but
          did not keep (it keeps {ATTEMPT_LIMITS.maxExchangesPerAttempt} per attempt).
        </p>
      )}
      {record.notes.length > 0 && (
        <>
          <Label className={styles.label}>Then, on the server</Label>
          <ol className={styles.notes} data-testid="server-saw-notes">
            {record.notes.map((note, index) => (
              <li key={index}>
                <span className={styles.time}>+{formatMs(note.at - start)}</span> {note.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
