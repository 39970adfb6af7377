import type {ReactNode} from 'react';
import type {FragmentedReply as Reply} from '../useFrameInspector.ts';
import styles from '../styles.module.css';

const decoder = new TextDecoder();

/** The frames of one fragmented reply as they arrived, and the one message the page's script received. */
export default function FragmentedReply({reply}: {reply: Reply}): ReactNode {
  if (reply.error) {
    return (
      <p className={styles.hint} role="alert">
        The server refused: {reply.error}
      </p>
    );
  }
  return (
    <div className={styles.fragmented} data-fragmented>
      <h3 className={styles.frameHeading}>The server’s reply in {reply.fragments} frames</h3>
      <ol className={styles.fragmentList}>
        {reply.frames.map((frame, index) => (
          <li key={index} data-fragment={index}>
            <code>
              FIN {Number(frame.fin)} · opcode 0x{frame.opcode.toString(16)} (
              {frame.opcode === 0 ? 'continuation' : 'text'}) · {frame.payloadLength} bytes
            </code>{' '}
            <q>{decoder.decode(frame.payload)}</q>
          </li>
        ))}
      </ol>
      {reply.reassembled !== null ? (
        <p data-reassembled>
          Your page’s <code>message</code> event received one string, the frames put back together:{' '}
          <q>{reply.reassembled}</q>. Scripts never see fragments: the browser reassembles them (RFC 6455 §5.4).
        </p>
      ) : (
        <p className={styles.hint}>Waiting for the frames…</p>
      )}
    </div>
  );
}
