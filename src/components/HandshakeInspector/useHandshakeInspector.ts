import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type HandshakeReport} from '../../../demo-server/src/contract/inspect.ts';
import {findHeader} from '../../../demo-server/src/contract/websocket.ts';
import {useRef, useState} from 'react';
import {deriveAccept, type AcceptDerivation} from '../../lib/acceptKey.ts';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

export interface Handshake {
  /** 1 for the first handshake on this page, 2 after "Handshake again", … */
  number: number;
  report: HandshakeReport;
  /** The accept value recomputed in this browser; null until WebCrypto answers. */
  derivation: AcceptDerivation | null;
  /** `Sec-WebSocket-Accept` as the server sent it. */
  sentAccept: string | undefined;
  /** Whether the recomputed and the sent values agree; null until known. */
  matches: boolean | null;
  /** Why the derivation could not run (no WebCrypto in an insecure context, say). */
  derivationError: string | null;
}

export interface HandshakeInspector {
  connection: UseDemoSocket;
  handshake: Handshake | null;
  /** A short sentence for the polite live region. */
  announcement: string;
  handshakeAgain: () => void;
}

export function useHandshakeInspector(): HandshakeInspector {
  const [handshake, setHandshake] = useState<Handshake | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const handshakesSeen = useRef(0);

  const connection = useDemoSocket(ENDPOINTS.inspect, {
    onOpen: () => setHandshake(null),
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseInspectMessage(event.data);
      if (message?.type !== 'handshake') return;
      const key = findHeader(message.request.headers, 'Sec-WebSocket-Key') ?? '';
      const sentAccept = findHeader(message.response.headers, 'Sec-WebSocket-Accept');
      handshakesSeen.current += 1;
      setHandshake({
        number: handshakesSeen.current,
        report: message,
        derivation: null,
        sentAccept,
        matches: null,
        derivationError: null,
      });
      deriveAccept(key).then(
        (derivation) => {
          const matches = derivation.accept === sentAccept;
          setHandshake((current) => (current?.report === message ? {...current, derivation, matches} : current));
          setAnnouncement(
            `Handshake complete: ${message.response.status} ${message.response.statusText}. ` +
              (matches
                ? 'The Sec-WebSocket-Accept value computed in your browser matches the server’s.'
                : 'The Sec-WebSocket-Accept values do not match.'),
          );
        },
        (error: unknown) => {
          const derivationError = error instanceof Error ? error.message : String(error);
          setHandshake((current) => (current?.report === message ? {...current, derivationError} : current));
        },
      );
    },
  });

  // "Handshake again" opens a new socket: the browser makes a new key.
  return {connection, handshake, announcement, handshakeAgain: connection.reconnect};
}
