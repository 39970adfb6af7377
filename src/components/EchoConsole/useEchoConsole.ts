import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRef, useState} from 'react';
import {hexPreview} from '../../lib/hex.ts';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

export interface LogEntry {
  id: number;
  /** Page clock, epoch ms. */
  at: number;
  direction: 'sent' | 'received';
  binary: boolean;
  size: number;
  /** Text, or the bytes in hex (first 32). */
  preview: string;
}

/** The log keeps the latest entries only, so a long session cannot grow the page without bound. */
export const MAX_LOG_ENTRIES = 200;

const encoder = new TextEncoder();

export interface EchoConsole {
  connection: UseDemoSocket;
  log: LogEntry[];
  announcement: string;
  sendText: (text: string) => void;
  sendBytes: (bytes: Uint8Array<ArrayBuffer>) => void;
  clear: () => void;
}

export function useEchoConsole(): EchoConsole {
  const [log, setLogState] = useState<LogEntry[]>([]);
  const current = useRef<LogEntry[]>([]);
  const nextId = useRef(1);
  const [announcement, setAnnouncement] = useState('');

  const append = (entry: Omit<LogEntry, 'id' | 'at'>) => {
    const next = [...current.current, {...entry, id: nextId.current++, at: Date.now()}].slice(-MAX_LOG_ENTRIES);
    current.current = next;
    setLogState(next);
  };

  const connection = useDemoSocket(ENDPOINTS.echo, {
    binaryType: 'arraybuffer',
    onMessage: (event) => {
      if (typeof event.data === 'string') {
        append({direction: 'received', binary: false, size: encoder.encode(event.data).length, preview: event.data});
        setAnnouncement(`Received a text message of ${encoder.encode(event.data).length} bytes.`);
      } else if (event.data instanceof ArrayBuffer) {
        const bytes = new Uint8Array(event.data);
        append({direction: 'received', binary: true, size: bytes.length, preview: hexPreview(bytes)});
        setAnnouncement(`Received a binary message of ${bytes.length} bytes.`);
      }
    },
  });

  return {
    connection,
    log,
    announcement,
    sendText: (text) => {
      if (connection.send(text))
        append({direction: 'sent', binary: false, size: encoder.encode(text).length, preview: text});
    },
    sendBytes: (bytes) => {
      if (connection.send(bytes))
        append({direction: 'sent', binary: true, size: bytes.length, preview: hexPreview(bytes)});
    },
    clear: () => {
      current.current = [];
      setLogState([]);
    },
  };
}
