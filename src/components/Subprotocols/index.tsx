import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useId, type ReactNode} from 'react';
import {closeCodeMeaning} from '../../lib/closeCodes.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import styles from './styles.module.css';
import {OFFERS, useSubprotocols} from './useSubprotocols.ts';

/** Choose what the browser offers in Sec-WebSocket-Protocol, see what the server picks and how the echo changes. */
export default function Subprotocols(): ReactNode {
  const {connection, offerId, setOfferId, trial, connect, send} = useRecordable(useSubprotocols(), {
    paths: [ENDPOINTS.echo, ENDPOINTS.health],
  });
  const groupId = useId();
  const live = connection.state.status === 'live';
  const open = trial?.status === 'open';

  return (
    <DemoFrame title="Subprotocols" connection={connection}>
      <fieldset className={styles.offers}>
        <legend id={groupId}>What your browser offers</legend>
        {OFFERS.map((candidate) => (
          <label key={candidate.id} className={styles.offer}>
            <input
              type="radio"
              name={`${groupId}-offer`}
              value={candidate.id}
              checked={candidate.id === offerId}
              onChange={() => setOfferId(candidate.id)}
            />{' '}
            <code>{candidate.protocols.length === 0 ? '(nothing)' : candidate.protocols.join(', ')}</code>{' '}
            <span className={styles.note}>{candidate.note}</span>
          </label>
        ))}
      </fieldset>
      <div className={styles.actions}>
        <button type="button" className="button button--primary button--sm" disabled={!live} onClick={connect}>
          Connect with this offer
        </button>
      </div>
      {trial ? (
        <dl className={styles.result} aria-live="polite" data-trial={trial.status}>
          <dt>Request header</dt>
          <dd>
            <code>
              {trial.offered.length === 0
                ? '(no Sec-WebSocket-Protocol)'
                : `Sec-WebSocket-Protocol: ${trial.offered.join(', ')}`}
            </code>
          </dd>
          <dt>Result</dt>
          <dd data-chosen={trial.status === 'open' || trial.status === 'closed' ? trial.protocol : undefined}>
            {trial.status === 'connecting' ? 'connecting…' : null}
            {trial.status === 'open' || trial.status === 'closed' ? (
              trial.protocol === '' ? (
                <>
                  open, no subprotocol: <code>socket.protocol</code> is the empty string
                </>
              ) : (
                <>
                  open, the server chose <code>{trial.protocol}</code> (<code>socket.protocol</code>)
                </>
              )
            ) : null}
            {trial.status === 'failed' ? (
              <>
                your browser failed the connection: it offered subprotocols and the server answered without choosing
                one. The page only sees <code>error</code>, then <code>close</code> with code{' '}
                {trial.close?.code ?? 1006}.
              </>
            ) : null}
          </dd>
          <dt>Last reply</dt>
          <dd data-reply>{trial.reply === null ? 'nothing yet' : <code>{trial.reply}</code>}</dd>
          {trial.status === 'closed' && trial.close ? (
            <>
              <dt>Closed</dt>
              <dd data-trial-close={trial.close.code}>
                {trial.close.code} — {closeCodeMeaning(trial.close.code)}
                {trial.close.reason ? ` (“${trial.close.reason}”)` : ''}
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className={styles.note}>Pick an offer and connect.</p>
      )}
      <div className={styles.actions}>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!open}
          onClick={() => send('hello')}
        >
          Send the text “hello”
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          disabled={!open}
          onClick={() => send(new Uint8Array([1, 2, 3]))}
        >
          Send the bytes 01 02 03
        </button>
      </div>
    </DemoFrame>
  );
}
