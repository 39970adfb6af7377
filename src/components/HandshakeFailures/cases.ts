/**
 * The failures the demo makes happen, each for real, with the reader's own browser: how each is caused, and why
 * the page learns so little of it. The server's side is read afterwards from `GET /attempts/{id}`.
 */
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  FAULT_PARAM,
  HANDSHAKE_FAULTS,
  POOL_PARAM,
  type FaultCommand,
} from '../../../demo-server/src/contract/faults.ts';
import {ECHO_SUBPROTOCOLS} from '../../../demo-server/src/contract/websocket.ts';
import {FAULT_LIMITS, MESSAGE_LIMITS} from '../../../demo-server/src/limits.ts';
import {webSocketUrl} from '../../lib/demoServerUrls.ts';
import {withAttempt} from '../../lib/attempts.ts';
import {runSandboxedWebSocket} from '../../lib/sandboxedWebSocket.ts';
import {watchWebSocket, type PageEvent, type WatchedSocket} from '../../lib/watchWebSocket.ts';

export const CASE_IDS = [
  'origin',
  'path',
  'unspoken-subprotocol',
  'unoffered-subprotocol',
  'connections',
  'handshakes',
  'too-big',
  'invalid-utf8',
  'drop-tcp',
] as const;
export type CaseId = (typeof CASE_IDS)[number];

/** A path no endpoint has. */
export const MISSING_PATH = '/ws/no-such-endpoint';
/** A subprotocol `/ws/echo` does not speak (it speaks ECHO_SUBPROTOCOLS). */
export const UNSPOKEN_SUBPROTOCOL = 'otw.xml.v1';
/** How long a run waits for a socket's close event before giving up on it. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface RunContext {
  serverUrl: string;
  attemptId: string;
  onEvent: (event: PageEvent) => void;
  signal: AbortSignal;
}

export interface HandshakeCase {
  id: CaseId;
  /** The button's text. */
  label: string;
  /** What the page does, in one sentence. */
  does: string;
  /** Why the page cannot tell the cause, in one sentence. */
  why: string;
  run: (context: RunContext) => Promise<void>;
}

const echoSubprotocols = Object.values(ECHO_SUBPROTOCOLS).join(' and ');

/** Waits for a socket's close event, closing it ourselves if it has not come in time or the run is aborted. */
async function untilClosed(socket: WatchedSocket, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    signal.addEventListener('abort', () => resolve(), {once: true});
  });
  await Promise.race([socket.closed, giveUp]);
  clearTimeout(timer);
  socket.close();
}

/** Opens one socket of the run at `path` (with the attempt id), numbered in order. */
function opener({serverUrl, attemptId, onEvent}: RunContext) {
  let count = 0;
  const startedAt = performance.now();
  return (path: string, protocols?: string[]) =>
    watchWebSocket(withAttempt(webSocketUrl(serverUrl, path), attemptId), {
      number: ++count,
      protocols,
      onEvent,
      startedAt,
    });
}

/** Opens `/ws/faults`, sends one command once open, and waits for the end. */
async function fault(context: RunContext, command: FaultCommand): Promise<void> {
  const socket = opener(context)(ENDPOINTS.faults);
  if (await socket.opened) socket.send(JSON.stringify(command), `the command ${JSON.stringify(command)}`);
  await untilClosed(socket, context.signal);
}

export const CASES: readonly HandshakeCase[] = [
  {
    id: 'origin',
    label: 'An origin the server does not allow',
    does: `A sandboxed iframe (sandbox="allow-scripts", so its origin is opaque) opens ${ENDPOINTS.echo}; its script posts each event back to this page.`,
    why: 'The browser fails the connection on any answer but 101, and the standard lets no script tell a refusal from a server that is not there: both are error, then close 1006.',
    async run(context) {
      const url = withAttempt(webSocketUrl(context.serverUrl, ENDPOINTS.echo), context.attemptId);
      await runSandboxedWebSocket(url, {onEvent: context.onEvent, signal: context.signal});
    },
  },
  {
    id: 'path',
    label: 'A path that does not exist',
    does: `The page opens ${MISSING_PATH}.`,
    why: 'A 404 is not a 101, so the connection fails: error, then close 1006; the status and the server’s explanation stay in the network panel.',
    async run(context) {
      await untilClosed(opener(context)(MISSING_PATH), context.signal);
    },
  },
  {
    id: 'unspoken-subprotocol',
    label: 'A subprotocol the server does not speak',
    does: `The page offers ${UNSPOKEN_SUBPROTOCOL} to ${ENDPOINTS.echo}, which speaks ${echoSubprotocols}: the server accepts without naming one.`,
    why: 'The server’s 101 is valid by RFC 6455, but the WebSockets Standard has the browser fail a connection whose offer was not acknowledged, and say no more than 1006.',
    async run(context) {
      await untilClosed(opener(context)(ENDPOINTS.echo, [UNSPOKEN_SUBPROTOCOL]), context.signal);
    },
  },
  {
    id: 'unoffered-subprotocol',
    label: 'A subprotocol the page did not offer',
    does: `The page offers nothing; ${ENDPOINTS.faults}?${FAULT_PARAM}=${HANDSHAKE_FAULTS.unofferedSubprotocol} answers 101 naming one anyway.`,
    why: 'RFC 6455 has the client fail a connection whose server names a subprotocol it never offered; to script that is the same 1006 as a server that is down.',
    async run(context) {
      const path = `${ENDPOINTS.faults}?${FAULT_PARAM}=${HANDSHAKE_FAULTS.unofferedSubprotocol}`;
      await untilClosed(opener(context)(path), context.signal);
    },
  },
  {
    id: 'connections',
    label: 'Too many connections from one client',
    does: `The page opens ${FAULT_LIMITS.poolConnectionsPerClient + 1} connections to ${ENDPOINTS.faults}?${POOL_PARAM}=connections, which allows ${FAULT_LIMITS.poolConnectionsPerClient} per client at once, then closes them.`,
    why: 'The 429 and its Retry-After tell a client when to come back, but not a script: it sees error, then close 1006, and must guess its own backoff.',
    async run(context) {
      const open = opener(context);
      const path = `${ENDPOINTS.faults}?${POOL_PARAM}=connections`;
      const sockets: WatchedSocket[] = [];
      for (let i = 0; i <= FAULT_LIMITS.poolConnectionsPerClient; i += 1) {
        const socket = open(path);
        sockets.push(socket);
        if (!(await socket.opened)) break;
      }
      for (const socket of sockets) socket.close();
      await Promise.all(sockets.map((socket) => untilClosed(socket, context.signal)));
    },
  },
  {
    id: 'handshakes',
    label: 'Too many handshakes per minute',
    does: `The page opens and closes connections to ${ENDPOINTS.faults}?${POOL_PARAM}=handshakes, which allows ${FAULT_LIMITS.poolHandshakesPerMinutePerClient} handshakes a minute per client, until one is refused (this lab budget is its own: the other demos' is untouched).`,
    why: 'Again a 429 with Retry-After that no script can read: the refused connection is error, then close 1006.',
    async run(context) {
      const open = opener(context);
      const path = `${ENDPOINTS.faults}?${POOL_PARAM}=handshakes`;
      for (let i = 0; i <= FAULT_LIMITS.poolHandshakesPerMinutePerClient && !context.signal.aborted; i += 1) {
        const socket = open(path);
        const opened = await socket.opened;
        socket.close();
        await untilClosed(socket, context.signal);
        if (!opened) break;
      }
    },
  },
  {
    id: 'too-big',
    label: 'A message over the endpoint’s bound',
    does: `The page sends ${ENDPOINTS.echo} one binary message of ${MESSAGE_LIMITS.echoMaxMessageBytes + 1} bytes, one more than it accepts.`,
    why: 'Here the server closes with a close frame, so the page does get a code, 1009, and a clean close; only the limit itself goes unsaid.',
    async run(context) {
      const socket = opener(context)(ENDPOINTS.echo);
      if (await socket.opened) {
        const bytes = MESSAGE_LIMITS.echoMaxMessageBytes + 1;
        socket.send(new Uint8Array(bytes), `${bytes} bytes (binary)`);
      }
      await untilClosed(socket, context.signal);
    },
  },
  {
    id: 'invalid-utf8',
    label: 'A text frame that is not UTF-8',
    does: `The page asks ${ENDPOINTS.faults} for a text frame whose payload is not valid UTF-8.`,
    why: 'The browser must fail the connection; what it told the server (a close frame with its reason) never reaches the script, which sees 1006.',
    async run(context) {
      await fault(context, {type: 'send-invalid-utf8'});
    },
  },
  {
    id: 'drop-tcp',
    label: 'The server closes TCP with no close frame',
    does: `The page asks ${ENDPOINTS.faults} to cut the TCP connection without a close frame.`,
    why: 'No close frame arrived, so the close code is 1006 by definition; the connection was not failed by the browser, so no error event fires.',
    async run(context) {
      await fault(context, {type: 'drop-tcp'});
    },
  },
];
