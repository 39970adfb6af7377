/** The faults a reader can switch on, one at a time, on the demo's one open connection to `/ws/faults`. */
import type {FaultCommandType} from '../../../demo-server/src/contract/faults.ts';
import {FAULT_LIMITS} from '../../../demo-server/src/limits.ts';

export type FaultChoice = Extract<
  FaultCommandType,
  'stop-answering-pings' | 'stop-pinging' | 'delay-pongs' | 'half-open' | 'drop-tcp' | 'close'
>;

export interface FaultSpec {
  id: FaultChoice;
  /** The option's text. */
  label: string;
  /** What the server will do, in one sentence. */
  does: string;
}

const s = (ms: number) => `${ms / 1000} s`;

export const FAULTS: readonly FaultSpec[] = [
  {
    id: 'stop-answering-pings',
    label: 'The server stops answering pings',
    does: 'No pong to any ping, and no answer to the page’s heartbeat; the server still pings.',
  },
  {
    id: 'stop-pinging',
    label: 'The server stops sending pings',
    does: 'The server sends no more pings; it still answers everything.',
  },
  {
    id: 'delay-pongs',
    label: 'Pongs are delayed',
    does: `Every pong and every heartbeat answer is held back for the delay you choose (${s(FAULT_LIMITS.minPongDelayMs)} to ${s(FAULT_LIMITS.maxPongDelayMs)}).`,
  },
  {
    id: 'half-open',
    label: 'Half-open',
    does: `The server stops reading and writing, without closing, then cuts the TCP connection after the time you choose (${s(FAULT_LIMITS.minHalfOpenMs)} to ${s(FAULT_LIMITS.maxHalfOpenMs)}).`,
  },
  {
    id: 'drop-tcp',
    label: 'TCP torn down, no close frame',
    does: 'The server destroys the TCP connection at once, without a close frame.',
  },
  {
    id: 'close',
    label: 'The server closes with a code',
    does: 'The server sends a close frame with the code and reason you choose, if RFC 6455 lets them on the wire.',
  },
];

/** What the reader set for the faults that take a value; the code is kept as typed, to be checked by the server. */
export interface FaultSettings {
  delayMs: number;
  halfOpenMs: number;
  code: string;
  reason: string;
}

export const DEFAULT_SETTINGS: FaultSettings = {
  delayMs: 500,
  halfOpenMs: 10_000,
  code: '4000',
  reason: 'chosen by you',
};

/** The command for a choice, as sent: the close code as the number typed (or the text, for the server to refuse). */
export function commandFor(choice: FaultChoice, settings: FaultSettings): Record<string, unknown> {
  switch (choice) {
    case 'delay-pongs':
      return {type: choice, delayMs: settings.delayMs};
    case 'half-open':
      return {type: choice, forMs: settings.halfOpenMs};
    case 'close': {
      const code = settings.code.trim() === '' ? Number.NaN : Number(settings.code);
      return {type: choice, code: Number.isFinite(code) ? code : settings.code, reason: settings.reason};
    }
    default:
      return {type: choice};
  }
}
