import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import type {FrameReport} from '../../../demo-server/src/contract/inspect.ts';
import type {ReactNode} from 'react';
import {formatCount} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import styles from './styles.module.css';
import {useCompressionCompare, type Side} from './useCompressionCompare.ts';

function frameSize(report: FrameReport): number {
  return atob(report.raw).length;
}

function Column({title, side, testId}: {title: string; side: Side; testId: string}): ReactNode {
  return (
    <div className={styles.column} data-side={testId}>
      <h3 className={styles.heading}>{title}</h3>
      {side.client ? (
        <dl className={styles.figures}>
          <dt>Your frame on the wire</dt>
          <dd data-client-bytes={frameSize(side.client)}>
            {formatCount(frameSize(side.client))} bytes (payload {formatCount(side.client.payloadLength)})
          </dd>
          <dt>RSV1</dt>
          <dd data-rsv1={String(side.client.rsv1)}>{side.client.rsv1 ? '1: compressed' : '0: not compressed'}</dd>
          <dt>The server’s echo frame</dt>
          <dd>
            {side.server
              ? `${formatCount(frameSize(side.server))} bytes, RSV1 ${Number(side.server.rsv1)}`
              : 'waiting…'}
          </dd>
        </dl>
      ) : (
        <p className={styles.hint}>Nothing sent yet.</p>
      )}
    </div>
  );
}

/** The same message over two connections, one with permessage-deflate, compared on the wire. */
export default function CompressionCompare(): ReactNode {
  const {connection, live, message, plain, deflate, send} = useRecordable(useCompressionCompare(), {
    paths: [ENDPOINTS.inspect, ENDPOINTS.inspectDeflate, ENDPOINTS.health],
  });

  return (
    <DemoFrame title="Compression compared" connection={connection}>
      <p>
        The same {formatCount(new TextEncoder().encode(message).length)}-byte JSON message goes over two connections.
        Your browser offers <code>permessage-deflate</code> on both; <code>{ENDPOINTS.inspect}</code> declines it,{' '}
        <code>{ENDPOINTS.inspectDeflate}</code> accepts it.
      </p>
      <button type="button" className="button button--primary button--sm" onClick={send} disabled={!live}>
        Send it over both
      </button>
      <div className={styles.columns}>
        <Column title="Without compression" side={plain} testId="plain" />
        <Column title="With permessage-deflate" side={deflate} testId="deflate" />
      </div>
    </DemoFrame>
  );
}
