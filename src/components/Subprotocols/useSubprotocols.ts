import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {ECHO_SUBPROTOCOLS} from '../../../demo-server/src/contract/websocket.ts';
import {useEffect, useRef, useState} from 'react';
import {hexPreview} from '../../lib/hex.ts';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

/** A list of subprotocols the reader can have the browser offer, and what to expect of it. */
export interface Offer {
  id: string;
  protocols: string[];
  note: string;
}

const NO_OFFER: Offer = {id: 'none', protocols: [], note: 'No header: the plain echo.'};

export const OFFERS: Offer[] = [
  NO_OFFER,
  {id: 'json', protocols: [ECHO_SUBPROTOCOLS.json], note: 'Replies become JSON envelopes.'},
  {
    id: 'text-first',
    protocols: [ECHO_SUBPROTOCOLS.text, ECHO_SUBPROTOCOLS.json],
    note: 'Both spoken here: your first choice wins.',
  },
  {id: 'fallback', protocols: ['mqtt', ECHO_SUBPROTOCOLS.json], note: 'The first one the server speaks is chosen.'},
  {id: 'unknown', protocols: ['mqtt'], note: 'The server speaks none of them.'},
];

export interface Trial {
  offered: string[];
  status: 'connecting' | 'open' | 'failed' | 'closed';
  /** `socket.protocol` once open: '' when the server chose none. */
  protocol: string;
  reply: string | null;
  close: {code: number; reason: string; wasClean: boolean} | null;
}

/**
 * One connection per offer: subprotocols are settled in the handshake, so
 * trying another offer means a new connection. Each trial is closed when the
 * next starts and when the demo leaves the page.
 */
function useSubprotocolTrial(webSocketUrl: string) {
  const [trial, setTrial] = useState<Trial | null>(null);
  const socket = useRef<WebSocket | null>(null);

  const end = () => {
    const current = socket.current;
    socket.current = null;
    if (current && current.readyState <= 1) current.close(1000, 'Trying another offer');
  };
  useEffect(() => end, []);

  const attempt = (offered: string[]) => {
    end();
    let ws: WebSocket;
    try {
      ws = new WebSocket(webSocketUrl, offered);
    } catch (error) {
      // The constructor throws for a malformed offer (a duplicate or invalid name).
      setTrial({
        offered,
        status: 'failed',
        protocol: '',
        reply: error instanceof Error ? error.message : String(error),
        close: null,
      });
      return;
    }
    ws.binaryType = 'arraybuffer';
    socket.current = ws;
    // Events of a trial that was replaced by a newer one are ignored.
    const update = (patch: Partial<Trial>) => {
      if (socket.current === ws) setTrial((previous) => (previous ? {...previous, ...patch} : previous));
    };
    setTrial({offered, status: 'connecting', protocol: '', reply: null, close: null});
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      update({status: 'open', protocol: ws.protocol});
    });
    ws.addEventListener('message', (event) => {
      if (typeof event.data === 'string') update({reply: `text: ${event.data}`});
      else if (event.data instanceof ArrayBuffer) update({reply: `binary: ${hexPreview(new Uint8Array(event.data))}`});
    });
    ws.addEventListener('close', (event) => {
      update({
        status: opened ? 'closed' : 'failed',
        close: {code: event.code, reason: event.reason, wasClean: event.wasClean},
      });
    });
  };

  const send = (data: string | Uint8Array<ArrayBuffer>) => {
    const ws = socket.current;
    if (ws?.readyState === 1) ws.send(data);
  };

  return {trial, attempt, send};
}

export interface Subprotocols {
  /** The frame's own connection to the echo: it only says whether the demo server is there. */
  connection: UseDemoSocket;
  /** The offer chosen, by id. */
  offerId: string;
  setOfferId: (id: string) => void;
  /** The latest trial connection; null before the first. */
  trial: Trial | null;
  /** Opens a new connection offering the chosen subprotocols (closing the previous trial). */
  connect: () => void;
  /** Sends on the open trial connection. */
  send: (data: string | Uint8Array<ArrayBuffer>) => void;
}

/** Choose what the browser offers in Sec-WebSocket-Protocol, then connect with it: one trial connection per offer. */
export function useSubprotocols(): Subprotocols {
  const connection = useDemoSocket(ENDPOINTS.echo);
  const {trial, attempt, send} = useSubprotocolTrial(connection.url);
  const [offerId, setOfferId] = useState('json');
  const offer = OFFERS.find((candidate) => candidate.id === offerId) ?? NO_OFFER;
  return {connection, offerId, setOfferId, trial, connect: () => attempt(offer.protocols), send};
}
