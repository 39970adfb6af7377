import {ENDPOINTS, parseInspectMessage, type FrameReport} from '@site/demo-server/src/contract';
import {useRef, useState} from 'react';
import {decodeFrame, type DecodedFrame} from '../../lib/frames.ts';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

export interface Preset {
  id: string;
  label: string;
  /** What it shows about frames. */
  why: string;
  make: () => string | Uint8Array<ArrayBuffer>;
}

export const PRESETS: Preset[] = [
  {id: 'short', label: 'Short text', why: 'fits the 7-bit length (125 bytes or fewer)', make: () => 'Hello'},
  {
    id: 'medium',
    label: '200-byte text',
    why: 'needs the 16-bit length form',
    make: () => 'Over the wire, byte by byte. '.repeat(7).slice(0, 200),
  },
  {
    id: 'large',
    label: '70 KB text',
    why: 'needs the 64-bit length form',
    make: () => 'x'.repeat(70_000),
  },
  {
    id: 'binary',
    label: 'Binary bytes',
    why: 'opcode 2: bytes, not text',
    make: () => Uint8Array.from({length: 16}, (_, i) => i * 17),
  },
  {id: 'emoji', label: 'An emoji', why: 'one character, four UTF-8 bytes', make: () => '👋'},
];

export interface Exchange {
  /** 1 for the first message sent on this page. */
  number: number;
  sentSize: number;
  clientFrame: DecodedFrame | null;
  serverFrame: DecodedFrame | null;
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function decodeReport(report: FrameReport): DecodedFrame | null {
  try {
    const result = decodeFrame(base64ToBytes(report.raw));
    return result.complete ? result.frame : null;
  } catch {
    return null;
  }
}

export interface FrameInspector {
  connection: UseDemoSocket;
  exchange: Exchange | null;
  announcement: string;
  send: (data: string | Uint8Array<ArrayBuffer>) => void;
}

/**
 * Sends a message on /ws/inspect and pairs it with the frame reports the
 * server sends back: the client frame as it arrived (masked), then the
 * server's echo frame (unmasked).
 */
export function useFrameInspector(): FrameInspector {
  const [exchange, setExchangeState] = useState<Exchange | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const sent = useRef(0);
  // Messages arrive faster than renders: read and write the exchange through a ref.
  const current = useRef<Exchange | null>(null);
  const setExchange = (next: Exchange | null) => {
    current.current = next;
    setExchangeState(next);
  };

  const connection = useDemoSocket(ENDPOINTS.inspect, {
    onOpen: () => setExchange(null),
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseInspectMessage(event.data);
      const now = current.current;
      if (message?.type !== 'frame' || !now) return;
      // Only data frames: the heartbeat's pings and pongs are not this demo's subject.
      if (message.opcode !== 0x1 && message.opcode !== 0x2 && message.opcode !== 0x0) return;
      const frame = decodeReport(message);
      if (!frame) return;
      if (message.direction === 'client-to-server' && !now.clientFrame) {
        setExchange({...now, clientFrame: frame});
        setAnnouncement(
          `Your browser sent a ${frame.payloadLength}-byte ${frame.opcodeName ?? ''} frame, masked with key ${message.maskingKey ?? 'none'}.`,
        );
      } else if (message.direction === 'server-to-client' && now.clientFrame && !now.serverFrame) {
        setExchange({...now, serverFrame: frame});
        setAnnouncement(`The server answered with an unmasked ${frame.payloadLength}-byte frame.`);
      }
    },
  });

  const send = (data: string | Uint8Array<ArrayBuffer>) => {
    const size = typeof data === 'string' ? new TextEncoder().encode(data).length : data.length;
    sent.current += 1;
    setExchange({number: sent.current, sentSize: size, clientFrame: null, serverFrame: null});
    setAnnouncement('');
    connection.send(data);
  };

  return {connection, exchange, announcement, send};
}
