import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type FrameReport} from '../../../demo-server/src/contract/inspect.ts';
import {OPCODES} from '../../../demo-server/src/contract/websocket.ts';
import {useState} from 'react';
import type {FrameConnection} from '../DemoFrame/index.tsx';
import {useDemoSocket} from '../../lib/useDemoSocket.ts';

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

/** One connection's data frames as the server reported them: the page's message, then the server's echo. */
export interface Side {
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

export interface CompressionCompare {
  /** Both connections as one for the frame. */
  connection: FrameConnection;
  /** Both connections are open: the message can go. */
  live: boolean;
  /** The JSON message both connections send. */
  message: string;
  plain: Side;
  deflate: Side;
  /** Sends the message over both connections, forgetting the last comparison. */
  send: () => void;
}

/**
 * The same message over two connections to the inspecting echo, one that
 * declines permessage-deflate and one that accepts it, with the frames the
 * server saw on each.
 */
export function useCompressionCompare(): CompressionCompare {
  const plain = useSide(ENDPOINTS.inspect);
  const deflate = useSide(ENDPOINTS.inspectDeflate);
  const [message] = useState(sampleMessage);
  const live = plain.connection.state.status === 'live' && deflate.connection.state.status === 'live';
  // One frame for both connections: the deflate one decides what "offline" means here.
  const state = deflate.connection.state.status === 'live' ? plain.connection.state : deflate.connection.state;

  return {
    connection: {
      state,
      serverUrl: plain.connection.serverUrl,
      reconnect: () => {
        plain.connection.reconnect();
        deflate.connection.reconnect();
      },
    },
    live,
    message,
    plain: plain.side,
    deflate: deflate.side,
    send: () => {
      plain.reset();
      deflate.reset();
      plain.connection.send(message);
      deflate.connection.send(message);
    },
  };
}
