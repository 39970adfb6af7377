import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import Link from '@docusaurus/Link';
import {useState, type ReactNode} from 'react';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ExplanationPanel from '../ExplanationPanel/index.tsx';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import {REQUEST_LINE_NOTE, REQUEST_NOTES, RESPONSE_NOTES, STATUS_LINE_NOTE} from './headerNotes.ts';
import AcceptDerivation from './parts/AcceptDerivation.tsx';
import MessageHead, {type Selection} from './parts/MessageHead.tsx';
import ReproduceCommand from './parts/ReproduceCommand.tsx';
import styles from './styles.module.css';
import {useHandshakeInspector} from './useHandshakeInspector.ts';

type Props = {
  /**
   * The short form for posts: both message heads with their explanations and
   * the accept check in one line, without the step-by-step derivation and the
   * reproduce command, and a link to the article that has them.
   */
  compact?: boolean;
};

/**
 * The Handshake Inspector: the opening handshake this browser just made with
 * the demo server, as the server received and answered it, with the headers
 * that matter explained and the accept value recomputed here.
 */
export default function HandshakeInspector({compact = false}: Props): ReactNode {
  const {connection, handshake, announcement, handshakeAgain} = useRecordable(useHandshakeInspector(), {
    paths: [ENDPOINTS.inspect, ENDPOINTS.health],
  });
  const [selected, setSelected] = useState<Selection | null>(null);
  const live = connection.state.status === 'live';

  return (
    <DemoFrame
      title="Handshake Inspector"
      connection={connection}
      actions={
        <button
          type="button"
          className="button button--sm button--primary"
          onClick={handshakeAgain}
          disabled={connection.state.status === 'connecting'}
        >
          Handshake again
        </button>
      }
    >
      <LiveRegion>{announcement}</LiveRegion>
      {!handshake || !live ? (
        <p className={styles.waiting}>Waiting for the server&apos;s report of your handshake…</p>
      ) : (
        <div data-handshake-number={handshake.number}>
          <p className={styles.summary}>
            Handshake {handshake.number}: your browser opened <code>{connection.url}</code>. Below is the request
            exactly as the server received it (order and letter case kept) and the response exactly as it wrote it.
            Hover, focus or press a highlighted line to read what it does.
          </p>
          <div className={styles.exchange}>
            <MessageHead
              side="request"
              heading="Request (browser → server)"
              startLine={`${handshake.report.request.method} ${handshake.report.request.url} HTTP/${handshake.report.request.httpVersion}`}
              startLineNote={REQUEST_LINE_NOTE}
              headers={handshake.report.request.headers}
              notes={REQUEST_NOTES}
              selected={selected}
              onSelect={setSelected}
            />
            <MessageHead
              side="response"
              heading="Response (server → browser)"
              startLine={`HTTP/1.1 ${handshake.report.response.status} ${handshake.report.response.statusText}`}
              startLineNote={STATUS_LINE_NOTE}
              headers={handshake.report.response.headers}
              notes={RESPONSE_NOTES}
              selected={selected}
              onSelect={setSelected}
            />
          </div>
          <ExplanationPanel
            selected={
              selected
                ? {
                    title: (
                      <>
                        <code>{selected.label}</code> <span className={styles.side}>({selected.side})</span>
                      </>
                    ),
                    text: selected.note.text,
                    source: selected.note.source,
                  }
                : null
            }
            hint="Pick a highlighted line to see what it does and where the rule comes from."
          />
          <AcceptDerivation handshake={handshake} compact={compact} />
          {compact ? (
            <p className={styles.more}>
              The derivation step by step, every header explained, and a command to make the same handshake yourself:{' '}
              <Link to="/docs/websocket/opening-handshake">The WebSocket opening handshake</Link>.
            </p>
          ) : (
            <ReproduceCommand serverUrl={connection.serverUrl} report={handshake.report} />
          )}
        </div>
      )}
    </DemoFrame>
  );
}
