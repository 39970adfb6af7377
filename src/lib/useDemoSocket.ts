/**
 * The one client hook every live demo uses to talk to the demo server:
 * connects on mount, exposes status (connecting / live / offline / closed),
 * reconnects with exponential backoff and jitter, retries at once when the
 * tab comes back or the network returns, and closes on unmount.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import {DemoSocket, INITIAL_STATE, type DemoSocketState, type WebSocketData} from './demoSocket.ts';
import {webSocketUrl} from './demoServerUrls.ts';
import {useDemoServerUrl} from './useDemoServerUrl.ts';

export interface UseDemoSocketOptions {
  binaryType?: BinaryType;
  /** See DemoSocketOptions.reconnectAfterDrop. */
  reconnectAfterDrop?: boolean;
  /** Subprotocols to offer; a different list opens a new connection. */
  protocols?: readonly string[];
  /** Called for every new connection (each has a fresh handshake). */
  onOpen?: (socket: WebSocket) => void;
  onMessage?: (event: MessageEvent, socket: WebSocket) => void;
}

export interface UseDemoSocket {
  state: DemoSocketState;
  /** The ws:// or wss:// URL the demo connects to. */
  url: string;
  /** The demo server's base URL (http or https). */
  serverUrl: string;
  /** Sends on the open connection; false when not live. */
  send: (data: WebSocketData) => boolean;
  /** Drops the current connection (if any) and opens a new one now. */
  reconnect: () => void;
  /** Closes on purpose, with no automatic retry. */
  close: (code?: number, reason?: string) => void;
  /** Closes from the page and keeps the resulting CloseEvent in `state.lastClose`. */
  closeAndReport: (code: number, reason: string) => void;
}

export function useDemoSocket(path: string, options: UseDemoSocketOptions = {}): UseDemoSocket {
  const serverUrl = useDemoServerUrl();
  const [state, setState] = useState<DemoSocketState>(INITIAL_STATE);
  const connection = useRef<DemoSocket | null>(null);
  // Callbacks are read through a ref so a re-render with new closures does
  // not tear down the connection.
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });

  const binaryType = options.binaryType;
  const reconnectAfterDrop = options.reconnectAfterDrop;
  // Compared by value: a new array with the same names must not reconnect.
  const protocolsKey = JSON.stringify(options.protocols ?? []);
  useEffect(() => {
    const socket = new DemoSocket({
      serverUrl,
      path,
      binaryType,
      reconnectAfterDrop,
      protocols: JSON.parse(protocolsKey) as string[],
      onOpen: (ws) => callbacks.current.onOpen?.(ws),
      onMessage: (event, ws) => callbacks.current.onMessage?.(event, ws),
      onStateChange: setState,
    });
    connection.current = socket;
    socket.connect();

    const retrySoon = () => {
      if (document.visibilityState === 'visible') socket.retrySoon();
    };
    window.addEventListener('online', retrySoon);
    document.addEventListener('visibilitychange', retrySoon);
    return () => {
      window.removeEventListener('online', retrySoon);
      document.removeEventListener('visibilitychange', retrySoon);
      socket.dispose();
      connection.current = null;
    };
  }, [serverUrl, path, binaryType, reconnectAfterDrop, protocolsKey]);

  const send = useCallback((data: WebSocketData) => connection.current?.send(data) ?? false, []);
  const reconnect = useCallback(() => connection.current?.connect(), []);
  const close = useCallback((code?: number, reason?: string) => connection.current?.close(code, reason), []);
  const closeAndReport = useCallback(
    (code: number, reason: string) => connection.current?.closeAndReport(code, reason),
    [],
  );

  return {state, url: webSocketUrl(serverUrl, path), serverUrl, send, reconnect, close, closeAndReport};
}
