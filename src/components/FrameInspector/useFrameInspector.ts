import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type FrameReport, type InspectCommand} from '../../../demo-server/src/contract/inspect.ts';
import {OPCODES} from '../../../demo-server/src/contract/websocket.ts';
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

/** A reply the reader asked the server to send in several frames. */
export interface FragmentedReply {
  text: string;
  fragments: number;
  /** The reply's frames as the server reported them, in order. */
  frames: DecodedFrame[];
  /** What the browser's `message` event delivered: the reassembled text. */
  reassembled: string | null;
  /** Why the server refused the request, if it did. */
  error: string | null;
}

export interface FrameInspector {
  connection: UseDemoSocket;
  exchange: Exchange | null;
  fragmented: FragmentedReply | null;
  announcement: string;
  send: (data: string | Uint8Array<ArrayBuffer>) => void;
  requestFragments: (text: string, fragments: number) => void;
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

  const [fragmented, setFragmentedState] = useState<FragmentedReply | null>(null);
  const currentFragmented = useRef<FragmentedReply | null>(null);
  const setFragmented = (next: FragmentedReply | null) => {
    currentFragmented.current = next;
    setFragmentedState(next);
  };

  /** Handles messages while a fragmented reply is awaited; true when the message belonged to it. */
  const onFragmentMessage = (text: string): boolean => {
    const pending = currentFragmented.current;
    // The reassembled message arrives first; the reports of its frames follow it.
    const done =
      pending !== null &&
      (pending.error !== null || (pending.reassembled !== null && pending.frames.length >= pending.fragments));
    if (!pending || done) return false;
    const message = parseInspectMessage(text);
    if (message === null) {
      // Not a message of the contract: the reassembled reply itself.
      if (pending.reassembled !== null) return false;
      setFragmented({...pending, reassembled: text});
      setAnnouncement(`Your browser reassembled ${pending.fragments} frames into one message.`);
      return true;
    }
    if (message.type === 'command-error') {
      setFragmented({...pending, error: message.detail});
      return true;
    }
    if (
      message.type === 'frame' &&
      message.direction === 'server-to-client' &&
      (message.opcode === OPCODES.continuation || message.opcode === OPCODES.text)
    ) {
      const frame = decodeReport(message);
      if (frame) setFragmented({...pending, frames: [...pending.frames, frame]});
      return true;
    }
    return message.type === 'frame';
  };

  const connection = useDemoSocket(ENDPOINTS.inspect, {
    onOpen: () => {
      setExchange(null);
      setFragmented(null);
    },
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      if (onFragmentMessage(event.data)) return;
      const message = parseInspectMessage(event.data);
      const now = current.current;
      if (message?.type !== 'frame' || !now) return;
      // Only data frames: the heartbeat's pings and pongs are not this demo's subject.
      if (
        message.opcode !== OPCODES.text &&
        message.opcode !== OPCODES.binary &&
        message.opcode !== OPCODES.continuation
      )
        return;
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
    setFragmented(null);
    setExchange({number: sent.current, sentSize: size, clientFrame: null, serverFrame: null});
    setAnnouncement('');
    connection.send(data);
  };

  const requestFragments = (text: string, fragments: number) => {
    setExchange(null);
    setFragmented({text, fragments, frames: [], reassembled: null, error: null});
    setAnnouncement('');
    const command: InspectCommand = {type: 'command', command: 'fragment', text, fragments};
    connection.send(JSON.stringify(command));
  };

  return {connection, exchange, fragmented, announcement, send, requestFragments};
}
