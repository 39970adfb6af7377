/**
 * The liveness half of `/ws/faults`: the connection's own protocol heartbeat (a ping every
 * `FAULT_LIMITS.pingIntervalMs`, RFC 6455 §5.5.2; no pong by the next ping ends the connection), the answers to
 * the client's pings (§5.5.3) and to the page's application-level heartbeat, and the faults that break them one
 * at a time: pongs withheld, pings stopped, pongs delayed, and the connection left half-open. Every fault is bounded
 * in time, and everything the server does or notices is told to the page (which cannot see control frames) and
 * noted on its attempt (which outlives the socket).
 */
import type {Duplex} from 'node:stream';
import type {WebSocket} from 'ws';
import {LIVENESS_CLOSE_CODES, type FaultCommand, type FaultsServerMessage} from '../contract/faults.ts';
import {FAULT_LIMITS} from '../limits.ts';

/** The commands this module carries out. */
export type LivenessCommand = Extract<
  FaultCommand,
  {type: 'stop-answering-pings' | 'stop-pinging' | 'delay-pongs' | 'half-open'}
>;
export type LivenessFault = LivenessCommand['type'];

export const LIVENESS_FAULTS: readonly LivenessFault[] = [
  'stop-answering-pings',
  'stop-pinging',
  'delay-pongs',
  'half-open',
];

export interface LivenessOptions {
  ws: WebSocket;
  /** The TCP connection under it: what a half-open connection holds unread is counted there. */
  socket: Duplex;
  /** Sends one message to the client (through the registry, which bounds unread output). */
  send: (message: FaultsServerMessage) => void;
  /** Notes on the attempt the connection was opened under. */
  note: (text: string) => void;
  /** Tests shorten these. */
  pingIntervalMs?: number;
  maxFaultMs?: number;
}

export interface Liveness {
  /** Sends a message unless the connection is half-open (then nothing is written). */
  send(message: FaultsServerMessage): void;
  /** The page's heartbeat number `n` arrived. */
  heartbeat(n: number): void;
  /** Switches a fault on; a sentence saying why not, if another is on. */
  engage(command: LivenessCommand): string | null;
  /** The fault that is on, if any. */
  readonly fault: LivenessFault | null;
  /** Stops every timer (the connection has closed) and notes a summary. */
  stop(): void;
}

/** Pings whose send and answer are each noted on the attempt; later ones are counted in the summary only. */
const NOTED_PINGS = 2;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function superviseLiveness(options: LivenessOptions): Liveness {
  const {ws, socket, note} = options;
  const pingIntervalMs = options.pingIntervalMs ?? FAULT_LIMITS.pingIntervalMs;
  const maxFaultMs = options.maxFaultMs ?? FAULT_LIMITS.maxFaultMs;
  let fault: LivenessFault | null = null;
  let pongDelayMs = 0;
  let pingsSent = 0;
  let pongsReceived = 0;
  let heartbeatsAnswered = 0;
  let pingsUnanswered = 0;
  let heartbeatsUnanswered = 0;
  /** The shortest and longest round trip so far (not every one: a connection may live for minutes). */
  let roundTrips: {min: number; max: number} | null = null;
  /** The ping waiting for its pong. */
  let awaiting: {n: number; sentAt: number} | null = null;
  /** A pong held back under `delay-pongs`: only the latest ping's (RFC 6455 §5.5.3 allows that). */
  let heldPong: NodeJS.Timeout | undefined;
  /** Heartbeat answers held back under `delay-pongs`, at most `maxHeldAnswers`. */
  const heldAnswers = new Set<NodeJS.Timeout>();
  let faultTimer: NodeJS.Timeout | undefined;

  const send = (message: FaultsServerMessage) => {
    if (fault !== 'half-open') options.send(message);
  };

  const ping = () => {
    if (fault === 'stop-pinging' || fault === 'half-open' || ws.readyState !== ws.OPEN) return;
    if (awaiting !== null) {
      note(
        `No pong to ping ${awaiting.n} within ${seconds(pingIntervalMs)}: the server takes the client for gone and cuts the TCP connection, with no close frame.`,
      );
      ws.terminate();
      return;
    }
    pingsSent += 1;
    awaiting = {n: pingsSent, sentAt: performance.now()};
    ws.ping(String(pingsSent));
    send({type: 'ping-sent', n: pingsSent});
    if (pingsSent <= NOTED_PINGS) note(`The server sends ping ${pingsSent}.`);
  };
  const pinger = setInterval(ping, pingIntervalMs);

  ws.on('pong', (data: Buffer) => {
    const n = Number(data.toString('latin1'));
    if (awaiting === null || n !== awaiting.n) return;
    const roundTripMs = Math.round((performance.now() - awaiting.sentAt) * 10) / 10;
    awaiting = null;
    pongsReceived += 1;
    roundTrips = {
      min: Math.min(roundTripMs, roundTrips?.min ?? roundTripMs),
      max: Math.max(roundTripMs, roundTrips?.max ?? roundTripMs),
    };
    send({type: 'pong-received', n, roundTripMs});
    if (n <= NOTED_PINGS) note(`The server reads the pong to ping ${n}, ${roundTripMs} ms after sending it.`);
  });

  ws.on('ping', (data: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    if (fault === 'stop-answering-pings') {
      pingsUnanswered += 1;
      if (pingsUnanswered === 1) note('The server reads a ping from the client and does not answer it.');
      return;
    }
    if (fault === 'delay-pongs') {
      // One pong for the latest ping, not one per ping: what §5.5.3 allows, and one timer at most.
      clearTimeout(heldPong);
      heldPong = setTimeout(() => {
        if (ws.readyState === ws.OPEN) ws.pong(data);
      }, pongDelayMs);
      return;
    }
    ws.pong(data);
  });

  const endFault = (detail: string, then: () => void) => {
    faultTimer = undefined;
    note(detail);
    // The announcement is written before the end, so that it reaches the client first.
    if (fault === 'half-open') then();
    else {
      options.send({type: 'fault-over', command: fault ?? '', detail});
      then();
    }
  };

  return {
    send,

    heartbeat(n) {
      if (fault === 'half-open') return;
      if (fault === 'stop-answering-pings') {
        heartbeatsUnanswered += 1;
        if (heartbeatsUnanswered === 1) note(`The server reads heartbeat ${n} from the page and does not answer it.`);
        return;
      }
      if (fault === 'delay-pongs') {
        if (heldAnswers.size >= FAULT_LIMITS.maxHeldAnswers) {
          heartbeatsUnanswered += 1;
          return;
        }
        const timer = setTimeout(() => {
          heldAnswers.delete(timer);
          heartbeatsAnswered += 1;
          send({type: 'heartbeat-answer', n, heldMs: pongDelayMs});
        }, pongDelayMs);
        heldAnswers.add(timer);
        return;
      }
      heartbeatsAnswered += 1;
      send({type: 'heartbeat-answer', n, heldMs: 0});
    },

    engage(command) {
      if (fault !== null) return `One fault at a time: ${fault} is on until this connection ends`;
      const bound = seconds(maxFaultMs);
      switch (command.type) {
        case 'stop-answering-pings': {
          const detail = `From now on the server answers no ping and no heartbeat; it closes the connection after ${bound}`;
          send({type: 'fault', command: command.type, detail});
          note(`${detail}.`);
          break;
        }
        case 'stop-pinging': {
          const detail = `From now on the server sends no ping; it still answers. It closes the connection after ${bound}`;
          send({type: 'fault', command: command.type, detail});
          note(`${detail}.`);
          // A pong still on its way is welcome, but its absence no longer ends anything.
          awaiting = null;
          break;
        }
        case 'delay-pongs': {
          pongDelayMs = command.delayMs;
          const detail = `From now on the server holds each pong and each heartbeat answer ${command.delayMs} ms; it closes the connection after ${bound}`;
          send({type: 'fault', command: command.type, detail});
          note(`${detail}.`);
          break;
        }
        case 'half-open': {
          const detail = `The server stops reading and writing, without closing; it cuts the TCP connection after ${seconds(command.forMs)}`;
          send({type: 'fault', command: command.type, detail});
          note(`${detail}.`);
          fault = command.type;
          // ws stops reading the socket (and does not resume it itself); Node reads on into the socket's buffer
          // only up to its high-water mark, then leaves the rest in the kernel: the client's writes back up.
          ws.pause();
          faultTimer = setTimeout(() => {
            const held = socket.readableLength;
            endFault(
              `After ${seconds(command.forMs)} half-open (holding ${held} unread bytes, at most ${socket.readableHighWaterMark} by the socket's high-water mark), the server cuts the TCP connection with no close frame.`,
              () => ws.terminate(),
            );
          }, command.forMs);
          return null;
        }
      }
      fault = command.type;
      faultTimer = setTimeout(
        () =>
          endFault(`The fault has run for ${bound}, its bound: the server closes the connection.`, () =>
            ws.close(LIVENESS_CLOSE_CODES.faultOver, `${command.type} ran for ${bound}`),
          ),
        maxFaultMs,
      );
      return null;
    },

    get fault() {
      return fault;
    },

    stop() {
      clearInterval(pinger);
      clearTimeout(heldPong);
      clearTimeout(faultTimer);
      for (const timer of heldAnswers) clearTimeout(timer);
      heldAnswers.clear();
      const trips =
        roundTrips === null
          ? ''
          : roundTrips.min === roundTrips.max
            ? ` (round trip ${roundTrips.min} ms)`
            : ` (round trips ${roundTrips.min} to ${roundTrips.max} ms)`;
      const unanswered =
        pingsUnanswered + heartbeatsUnanswered === 0
          ? ''
          : `; left unanswered on purpose: ${count(pingsUnanswered, 'ping')}, ${count(heartbeatsUnanswered, 'heartbeat')}`;
      note(
        `In all: ${count(pingsSent, 'ping')} sent, ${count(pongsReceived, 'pong')} read${trips}; ${count(heartbeatsAnswered, 'heartbeat')} answered${unanswered}.`,
      );
    },
  };
}
