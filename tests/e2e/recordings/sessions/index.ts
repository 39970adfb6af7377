/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import EchoConsole from './EchoConsole.ts';
import HandshakeFailures from './HandshakeFailures.ts';
import CorsBothSides from './CorsBothSides.ts';
import EventSourceFailures from './EventSourceFailures.ts';
import ProxyInThePath from './ProxyInThePath.ts';
import LivenessFaults from './LivenessFaults.ts';

export const SESSIONS: readonly Session[] = [
  EchoConsole,
  HandshakeFailures,
  CorsBothSides,
  EventSourceFailures,
  ProxyInThePath,
  LivenessFaults,
];
