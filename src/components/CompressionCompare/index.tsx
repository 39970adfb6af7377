import {ENDPOINTS} from '@site/demo-server/src/contract/endpoints';
import {parseInspectMessage, type FrameReport} from '@site/demo-server/src/contract/inspect';
import {OPCODES} from '@site/demo-server/src/contract/websocket';
import {useState, type ReactNode} from 'react';
import {formatCount} from '../../lib/format.ts';
import {useDemoSocket} from '../../lib/useDemoSocket.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import styles from './styles.module.css';

/** Repetitive JSON, as real-time apps send: the case compression is made for. */
function sampleMessage(): string {
  return JSON.stringify(
    Array.from({length: 12}, (_, i) => ({
      id: i,
      type: 'price-update',
      symbol: 'OTW',
      bid: 101 + i / 4,
      ask: 101.5 + i / 4,
    })),
  );
}

interface Side {
  client: FrameReport | null;
  server: FrameReport | null;
}

const EMPTY: Side = {client: null, server: null};

function useSide(path: string) {
  const [side, setSide] = useState<Side>(EMPTY);
  const connection = useDemoSocket(path, {
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseInspectMessage(event.data);
      if (message?.type !== 'frame' || (message.opcode !== OPCODES.text && message.opcode !== OPCODES.binary)) return;
      setSide((current) => {
        if (message.direction === 'client-to-server' && !current.client) return {...current, client: message};
        if (message.direction === 'server-to-client' && current.client && !current.server)
          return {...current, server: message};
        return current;
      });
    },
  });
  return {connection, side, reset: () => setSide(EMPTY)};
}

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
  const plain = useSide(ENDPOINTS.inspect);
  const deflate = useSide(ENDPOINTS.inspectDeflate);
  const [message] = useState(sampleMessage);
  const live = plain.connection.state.status === 'live' && deflate.connection.state.status === 'live';
  // One frame for both connections: the deflate one decides what "offline" means here.
  const state = deflate.connection.state.status === 'live' ? plain.connection.state : deflate.connection.state;

  const send = () => {
    plain.reset();
    deflate.reset();
    plain.connection.send(message);
    deflate.connection.send(message);
  };

  return (
    <DemoFrame
      title="Compression compared"
      connection={{
        state,
        serverUrl: plain.connection.serverUrl,
        reconnect: () => {
          plain.connection.reconnect();
          deflate.connection.reconnect();
        },
      }}
    >
      <p>
        The same {formatCount(new TextEncoder().encode(message).length)}-byte JSON message goes over two connections.
        Your browser offers <code>permessage-deflate</code> on both; <code>{ENDPOINTS.inspect}</code> declines it,{' '}
        <code>{ENDPOINTS.inspectDeflate}</code> accepts it.
      </p>
      <button type="button" className="button button--primary button--sm" onClick={send} disabled={!live}>
        Send it over both
      </button>
      <div className={styles.columns}>
        <Column title="Without compression" side={plain.side} testId="plain" />
        <Column title="With permessage-deflate" side={deflate.side} testId="deflate" />
      </div>
    </DemoFrame>
  );
}
