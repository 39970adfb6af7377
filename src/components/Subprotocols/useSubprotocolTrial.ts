import {useEffect, useRef, useState} from 'react';
import {hexPreview} from '../../lib/hex.ts';

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
export function useSubprotocolTrial(webSocketUrl: string) {
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
