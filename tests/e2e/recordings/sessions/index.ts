/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import EchoConsole from './EchoConsole.ts';
import PollingRace from './PollingRace.ts';
import ShortPollingDemo from './ShortPollingDemo.ts';
import LongPollingDemo from './LongPollingDemo.ts';
import ServerSentEventsDemo from './ServerSentEventsDemo.ts';
import WebSocketPushDemo from './WebSocketPushDemo.ts';
import ConnectionLimit from './ConnectionLimit.ts';
import SameApiTwoTransports from './SameApiTwoTransports.ts';

export const SESSIONS: readonly Session[] = [
  EchoConsole,
  PollingRace,
  ShortPollingDemo,
  LongPollingDemo,
  ServerSentEventsDemo,
  WebSocketPushDemo,
  ConnectionLimit,
  SameApiTwoTransports,
];
