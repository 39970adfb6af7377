import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  parseInspectMessage,
  type CommandCloseCode,
  type FrameReport,
  type InspectCommand,
} from '../../../demo-server/src/contract/inspect.ts';
import {OPCODES} from '../../../demo-server/src/contract/websocket.ts';
import {MESSAGE_LIMITS} from '../../../demo-server/src/limits.ts';
import {useEffect, useRef, useState} from 'react';
import {formatMs} from '../../lib/format.ts';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

export interface PingRound {
  /** What the ping carried (the server's heartbeat pings carry nothing). */
  payload: string;
  /** Server clock when the ping left, and when the browser's pong arrived. */
  pingAt: number;
  pongAt: number | null;
  /** Whether the reader asked for it, or it is the server's periodic heartbeat. */
  asked: boolean;
}

export interface ControlFrames {
  connection: UseDemoSocket;
  rounds: PingRound[];
  /** Both close frames of the previous connection, fetched on the next one. */
  closeFrames: FrameReport[] | null;
  announcement: string;
  askForPing: () => void;
  closeFromPage: (code: number, reason: string) => void;
  askServerToClose: (code: CommandCloseCode, reason: string) => void;
  sendTooBig: () => void;
}

const MAX_ROUNDS = 20;
const textDecoder = new TextDecoder();

function base64Text(base64: string): string {
  return textDecoder.decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
}

/** Pings and pongs as the server saw them on the wire, and closes started by either side. */
export function useControlFrames(): ControlFrames {
  const [rounds, setRoundsState] = useState<PingRound[]>([]);
  const current = useRef<PingRound[]>([]);
  const setRounds = (next: PingRound[]) => {
    current.current = next.slice(-MAX_ROUNDS);
    setRoundsState(current.current);
  };
  const [announcement, setAnnouncement] = useState('');
  const asked = useRef(0);
  const [closeFrames, setCloseFrames] = useState<FrameReport[] | null>(null);
  const connectionId = useRef<string | null>(null);

  // Declared before the socket: the message handler sends commands on it.
  const send = useRef<(data: string) => boolean>(() => false);
  const command = (value: InspectCommand) => send.current(JSON.stringify(value));

  const connection = useDemoSocket(ENDPOINTS.inspect, {
    // The reader reads the close before deciding to reconnect.
    reconnectAfterDrop: false,
    onOpen: () => setRounds([]),
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseInspectMessage(event.data);
      if (message?.type === 'handshake') {
        // A connection cannot report its own close frames: ask for the previous one's now.
        const previous = connectionId.current;
        connectionId.current = message.connectionId;
        if (previous) command({type: 'command', command: 'close-report', connectionId: previous});
        return;
      }
      if (message?.type === 'close-report') {
        setCloseFrames(message.frames);
        setAnnouncement('The close frames of your previous connection are shown below.');
        return;
      }
      if (message?.type !== 'frame') return;
      const payload = base64Text(message.payload);
      if (message.opcode === OPCODES.ping && message.direction === 'server-to-client') {
        setRounds([
          ...current.current,
          {payload, pingAt: message.at, pongAt: null, asked: payload.startsWith('ping ')},
        ]);
      } else if (message.opcode === OPCODES.pong && message.direction === 'client-to-server') {
        // A pong answers the most recent ping with the same payload (RFC 6455 §5.5.3).
        const list = [...current.current];
        for (let i = list.length - 1; i >= 0; i--) {
          const round = list[i];
          if (round && round.pongAt === null && round.payload === payload) {
            list[i] = {...round, pongAt: message.at};
            setAnnouncement(`Your browser answered the ping with a pong after ${formatMs(message.at - round.pingAt)}.`);
            break;
          }
        }
        setRounds(list);
      }
    },
  });

  const connectionSend = connection.send;
  useEffect(() => {
    send.current = connectionSend;
  }, [connectionSend]);

  return {
    connection,
    rounds,
    closeFrames,
    announcement,
    askForPing: () => {
      asked.current += 1;
      command({type: 'command', command: 'ping', payload: `ping ${asked.current}`});
    },
    closeFromPage: (code, reason) => connection.closeAndReport(code, reason),
    askServerToClose: (code, reason) => command({type: 'command', command: 'close', code, reason}),
    // One byte past what /ws/inspect accepts: the server answers with close 1009.
    sendTooBig: () => connection.send(new Uint8Array(MESSAGE_LIMITS.inspectMaxMessageBytes + 1)),
  };
}
