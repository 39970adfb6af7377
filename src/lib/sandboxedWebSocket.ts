/**
 * Opens a WebSocket from a document with an opaque origin: a `sandbox="allow-scripts"` iframe (no
 * `allow-same-origin`) whose script runs in a unique opaque origin, serialised as `null` in the `Origin` header
 * (WHATWG HTML, sandboxing). The iframe's script watches its socket as `watchWebSocket` does and posts each event
 * to this page, which checks where each message comes from and what it holds before showing it.
 */
import type {PageEvent} from './watchWebSocket.ts';

/** The script the sandboxed document runs: it knows only the URL, and answers nothing it is sent. */
function frameScript(url: string): string {
  // JSON.stringify makes the URL a JavaScript string literal; "<" is escaped so it cannot end the script element.
  const literal = JSON.stringify(url).replace(/</g, '\\u003c');
  return `
const start = performance.now();
const at = () => Math.round((performance.now() - start) * 10) / 10;
const post = (event) => parent.postMessage({sandboxedSocket: event}, '*');
const ws = new WebSocket(${literal});
ws.onopen = () => post({type: 'open', socket: 1, at: at(), readyState: ws.readyState, protocol: ws.protocol, extensions: ws.extensions});
ws.onerror = () => post({type: 'error', socket: 1, at: at(), readyState: ws.readyState});
ws.onclose = (e) => {
  post({type: 'close', socket: 1, at: at(), readyState: ws.readyState, code: e.code, reason: e.reason, wasClean: e.wasClean});
};
ws.onmessage = () => ws.close(1000);
`;
}

/** The events this page accepts from the frame: the page-visible ones, with the fields `watchWebSocket` reports. */
export function isSandboxedEvent(value: unknown): value is PageEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  const numbers = ['socket', 'at', 'readyState'].every((key) => typeof event[key] === 'number');
  if (!numbers) return false;
  switch (event.type) {
    case 'open':
      return typeof event.protocol === 'string' && typeof event.extensions === 'string';
    case 'error':
      return true;
    case 'close':
      return typeof event.code === 'number' && typeof event.reason === 'string' && typeof event.wasClean === 'boolean';
    default:
      return false;
  }
}

/**
 * Runs the sandboxed socket until its close event (or `timeoutMs`), reporting each event; resolves with the
 * origin the frame's messages came from (`"null"` for an opaque origin). The iframe is removed afterwards.
 */
export function runSandboxedWebSocket(
  url: string,
  {
    onEvent,
    timeoutMs = 10_000,
    signal,
  }: {onEvent: (event: PageEvent) => void; timeoutMs?: number; signal?: AbortSignal},
): Promise<{frameOrigin: string | null}> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.title = 'A sandboxed document that opens the WebSocket';
    frame.hidden = true;
    frame.srcdoc = `<!doctype html><meta charset="utf-8"><title>sandboxed</title><script>${frameScript(url)}</script>`;
    let frameOrigin: string | null = null;
    const finish = () => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      frame.remove();
      resolve({frameOrigin});
    };
    const onMessage = (message: MessageEvent) => {
      // Only the frame this run made; a message from anywhere else is not ours.
      if (message.source !== frame.contentWindow) return;
      const data: unknown = message.data;
      const event =
        typeof data === 'object' && data !== null ? (data as {sandboxedSocket?: unknown}).sandboxedSocket : null;
      if (!isSandboxedEvent(event)) return;
      frameOrigin = message.origin;
      onEvent(event);
      if (event.type === 'close') finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    signal?.addEventListener('abort', finish, {once: true});
    window.addEventListener('message', onMessage);
    document.body.append(frame);
  });
}
