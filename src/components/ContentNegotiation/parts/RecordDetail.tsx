import type {ReactNode} from 'react';
import type {NegotiationRun} from '../useContentNegotiation.ts';
import styles from '../styles.module.css';

/** What the server read of the latest run's request, and why it chose as it did. */
export default function RecordDetail({run}: {run: NegotiationRun}): ReactNode {
  const {record} = run;
  if (record === null) {
    return <p className={styles.hint}>The server’s record of run #{run.number} could not be read.</p>;
  }
  return (
    <dl className={styles.record} data-testid="negotiation-record">
      <dt>Your browser sent</dt>
      <dd>
        <code data-testid="negotiation-accept-encoding">Accept-Encoding: {record.acceptEncoding ?? '(none)'}</code>
      </dd>
      <dt>The server chose</dt>
      <dd>
        <code>{record.coding}</code>: {record.reason}.
      </dd>
      <dt>Compressing it cost</dt>
      <dd>
        {record.coding === 'identity'
          ? 'nothing: no coding.'
          : `${record.compressMs} ms, once, when the server started; every request since was served from that copy.`}
      </dd>
    </dl>
  );
}
