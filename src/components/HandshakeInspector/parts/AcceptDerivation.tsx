import clsx from 'clsx';
import type {ReactNode} from 'react';
import type {Handshake} from '../useHandshakeInspector.ts';
import styles from '../styles.module.css';

type Props = {
  handshake: Handshake;
  /** One line instead of the four steps: the key, and whether the server's answer matches it. */
  compact?: boolean;
};

/** RFC 6455 §4.2.2 item 5.4, step by step, computed by this browser. */
export default function AcceptDerivation({handshake, compact = false}: Props): ReactNode {
  const {derivation, sentAccept, matches, derivationError} = handshake;
  if (compact) {
    return (
      <p className={clsx(styles.compactDerivation, derivation && (matches ? styles.match : styles.mismatch))}>
        {derivationError ? (
          <>Your browser would not compute SHA-1 here ({derivationError}).</>
        ) : !derivation ? (
          'Recomputing Sec-WebSocket-Accept…'
        ) : (
          <>
            Your browser sent the key <code data-testid="derivation-key">{derivation.key}</code>. SHA-1 of that key
            followed by the GUID of RFC 6455 §1.3, in base64, is{' '}
            <code data-testid="derivation-accept">{derivation.accept}</code>, recomputed just now in this page:{' '}
            <span data-testid="accept-verdict">
              {matches ? (
                <>
                  <span aria-hidden="true">✓ </span>the value the server sent back.
                </>
              ) : (
                <>
                  <span aria-hidden="true">✗ </span>not the server&apos;s <code>{sentAccept ?? '(none)'}</code>.
                </>
              )}
            </span>
          </>
        )}
      </p>
    );
  }
  return (
    <div className={styles.derivation}>
      <h3 className={styles.headHeading}>Sec-WebSocket-Accept, recomputed in your browser</h3>
      {derivationError ? (
        <p>
          Your browser would not compute SHA-1 here ({derivationError}). WebCrypto works only on secure pages (https or
          localhost).
        </p>
      ) : !derivation ? (
        <p>Computing…</p>
      ) : (
        <>
          <ol className={styles.steps}>
            <li>
              <span className={styles.stepLabel}>The key your browser sent</span>
              <code className={styles.value} data-testid="derivation-key">
                {derivation.key}
              </code>
            </li>
            <li>
              <span className={styles.stepLabel}>followed by the GUID from RFC 6455 §1.3</span>
              <code className={styles.value}>
                <span className={styles.keyPart}>{derivation.key}</span>
                <span className={styles.guidPart}>{derivation.guid}</span>
              </code>
            </li>
            <li>
              <span className={styles.stepLabel}>hashed with SHA-1 (WebCrypto), 20 bytes</span>
              <code className={styles.value}>{derivation.sha1Hex.replace(/(..)(?!$)/g, '$1 ')}</code>
            </li>
            <li>
              <span className={styles.stepLabel}>encoded in base64</span>
              <code className={styles.value} data-testid="derivation-accept">
                {derivation.accept}
              </code>
            </li>
          </ol>
          <p className={matches ? styles.match : styles.mismatch} data-testid="accept-verdict">
            {matches ? (
              <>
                <span aria-hidden="true">✓ </span>Matches the <code>Sec-WebSocket-Accept</code> the server sent:{' '}
                <code>{sentAccept}</code>. The server proved it read this very key.
              </>
            ) : (
              <>
                <span aria-hidden="true">✗ </span>Does not match the server&apos;s value{' '}
                <code>{sentAccept ?? '(none)'}</code>: a browser would fail this connection.
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}
