import {useState, type ReactNode} from 'react';
import {NOTE_LIMITS} from '../../../demo-server/src/limits.ts';
import {formatTimeOfDay} from '../../lib/format.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';
import {useClientServerDemo} from './useClientServerDemo.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One resource, two clients: this page and a terminal. The page shows a note
 * and checks it with conditional requests; the reader changes it with curl
 * (or from the page); both get the same interface and the same answers.
 */
export default function ClientServerDemo(): ReactNode {
  const {connection, note, noteUrl, checks, failure, changeFromPage} = useRecordable(useClientServerDemo(), {
    paths: [ENDPOINTS.api, ENDPOINTS.health],
  });
  const [title, setTitle] = useState('Changed from this page');
  const curlChange = `curl -i -X PATCH ${shellQuote(noteUrl)} -H 'Content-Type: application/merge-patch+json' -d ${shellQuote(JSON.stringify({title: 'Changed from a terminal'}))}`;
  const curlRead = `curl -i ${shellQuote(noteUrl)} -H 'Accept: text/plain'`;

  return (
    <DemoFrame title="Two clients, one resource" connection={connection}>
      <LiveRegion>{note ? `The note is titled ${note.title}` : ''}</LiveRegion>
      <DemoAlert message={failure} />
      {note === null ? (
        <p className={styles.muted}>Creating a sandbox of your own…</p>
      ) : (
        <div className={styles.columns}>
          <section aria-label="This page, a client" className={styles.column}>
            <h3>This page</h3>
            <article className={styles.card} data-testid="note-card">
              <p className={styles.title}>{note.title}</p>
              <p>{note.body}</p>
              <p className={styles.muted}>Updated {formatTimeOfDay(new Date(note.updatedAt))}</p>
            </article>
            <p className={styles.muted} data-testid="checks" data-changed={checks.changed}>
              Checked {checks.sent} times with <code>If-None-Match</code>: {checks.notModified} ×{' '}
              <code>304 Not Modified</code>, {checks.changed} × changed by someone.
            </p>
            <div className={styles.change}>
              <label>
                New title{' '}
                <input
                  className="otw-input"
                  value={title}
                  maxLength={NOTE_LIMITS.maxTitleLength}
                  onChange={(event) => setTitle(event.target.value)}
                />
              </label>
              <button type="button" className="button button--sm button--primary" onClick={() => changeFromPage(title)}>
                Change it from this page
              </button>
            </div>
          </section>
          <section aria-label="A terminal, another client" className={styles.column}>
            <h3>A terminal</h3>
            <p>Change the same note with curl, and watch this page pick it up within two seconds:</p>
            <pre className={styles.command} aria-label="curl command that changes the note">
              {curlChange}
            </pre>
            <p>Or read it as plain text — the same resource, another representation:</p>
            <pre className={styles.command} aria-label="curl command that reads the note">
              {curlRead}
            </pre>
          </section>
        </div>
      )}
    </DemoFrame>
  );
}
