import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type InspectCommand} from '../../../demo-server/src/contract/inspect.ts';
import {useRef, useState} from 'react';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

export interface DuplexEvent {
  id: number;
  /** Milliseconds since the stream started, on the page's clock. */
  t: number;
  lane: 'server-to-page' | 'page-to-server';
  label: string;
}

export const STREAM_COUNT = 20;
export const STREAM_INTERVAL_MS = 300;
const MAX_EVENTS = 120;

export interface FullDuplex {
  connection: UseDemoSocket;
  events: DuplexEvent[];
  streaming: boolean;
  announcement: string;
  start: () => void;
  sendMessage: (text: string) => void;
}

/** One connection, both directions at once: the server streams ticks while the page sends and gets echoes. */
export function useFullDuplex(): FullDuplex {
  const [events, setEventsState] = useState<DuplexEvent[]>([]);
  const current = useRef<DuplexEvent[]>([]);
  const startedAt = useRef(0);
  const nextId = useRef(1);
  const [streaming, setStreaming] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  const add = (lane: DuplexEvent['lane'], label: string) => {
    const event: DuplexEvent = {
      id: nextId.current++,
      t: Math.round(performance.now() - startedAt.current),
      lane,
      label,
    };
    current.current = [...current.current, event].slice(-MAX_EVENTS);
    setEventsState(current.current);
  };

  const connection = useDemoSocket(ENDPOINTS.inspect, {
    onOpen: () => {
      current.current = [];
      setEventsState([]);
      setStreaming(false);
    },
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseInspectMessage(event.data);
      if (message?.type === 'tick') {
        add('server-to-page', `tick ${message.n} of ${message.of}`);
        if (message.n >= message.of) {
          setStreaming(false);
          setAnnouncement(`The stream of ${message.of} messages finished.`);
        }
      } else if (message?.type === 'echo') {
        add('server-to-page', `echo “${message.data}”`);
      }
    },
  });

  return {
    connection,
    events,
    streaming,
    announcement,
    start: () => {
      current.current = [];
      setEventsState([]);
      startedAt.current = performance.now();
      const command: InspectCommand = {
        type: 'command',
        command: 'stream',
        count: STREAM_COUNT,
        intervalMs: STREAM_INTERVAL_MS,
      };
      if (connection.send(JSON.stringify(command))) {
        setStreaming(true);
        setAnnouncement(`The server is streaming ${STREAM_COUNT} messages. Send yours whenever you like.`);
      }
    },
    sendMessage: (text) => {
      if (startedAt.current === 0) startedAt.current = performance.now();
      if (connection.send(text)) add('page-to-server', `“${text}”`);
    },
  };
}
