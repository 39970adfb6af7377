import type {ReactNode} from 'react';
import type {MessagePart} from '../../../lib/httpMessage.ts';
import {isForbiddenRequestHeader} from '../../../../demo-server/src/contract/httpInspect.ts';
import type {HeaderRow} from '../form.ts';
import styles from '../styles.module.css';

type Props = {
  /** The request's field lines, as the server read them. */
  fields: MessagePart[];
  /** What the page's script asked for. */
  asked: HeaderRow[];
  /** Names the browser's `Request` dropped before sending. */
  dropped: string[];
};

/**
 * Who wrote each header field of the request: the page's script, or the browser on its own; which of the latter a
 * script may not set at all (the Fetch standard's forbidden request-headers); and what the script asked for that the
 * browser dropped without a word.
 */
export default function BrowserAdded({fields, asked, dropped}: Props): ReactNode {
  const askedNames = new Set(asked.filter((row) => row.name !== '').map((row) => row.name.toLowerCase()));
  const droppedNames = new Set(dropped.map((name) => name.toLowerCase()));
  const added = fields.filter(
    (field) => !askedNames.has((field.name ?? '').toLowerCase()) || droppedNames.has((field.name ?? '').toLowerCase()),
  );
  const fromScript = fields.filter(
    (field) => askedNames.has((field.name ?? '').toLowerCase()) && !droppedNames.has((field.name ?? '').toLowerCase()),
  );
  return (
    <div className={styles.browserAdded} data-testid="browser-added">
      <h3 className={styles.messageHeading}>Who wrote each header</h3>
      <p>
        Your script set {fromScript.length === 0 ? 'none of them' : fromScript.map((field) => field.name).join(', ')}.
        The browser added the other {added.length}:
      </p>
      <ul className={styles.addedList}>
        {added.map((field) => {
          const forbidden = isForbiddenRequestHeader(field.name ?? '');
          return (
            <li key={field.offset} data-added={field.name} data-forbidden={forbidden}>
              <code>{field.name}</code>
              {forbidden ? <span className={styles.forbidden}> forbidden to script</span> : null}
            </li>
          );
        })}
      </ul>
      {dropped.length > 0 ? (
        <p className={styles.dropped} data-testid="dropped">
          Your script asked for{' '}
          {dropped.map((name, index) => (
            <span key={name}>
              {index > 0 ? ', ' : ''}
              <code>{name}</code>
            </span>
          ))}
          . This browser dropped {dropped.length === 1 ? 'it' : 'them'} without an error before sending: a{' '}
          <code>Request</code>&apos;s headers ignore forbidden names. What went out is above, written by the browser.
        </p>
      ) : null}
    </div>
  );
}
