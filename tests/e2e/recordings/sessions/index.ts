/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import HandshakeInspector from './HandshakeInspector.ts';
import FrameInspector from './FrameInspector.ts';
import ControlFrames from './ControlFrames.ts';
import EchoConsole from './EchoConsole.ts';
import FullDuplex from './FullDuplex.ts';
import Subprotocols from './Subprotocols.ts';
import CompressionCompare from './CompressionCompare.ts';
import HandshakeFailures from './HandshakeFailures.ts';
import CorsBothSides from './CorsBothSides.ts';
import EventSourceFailures from './EventSourceFailures.ts';
import ProxyInThePath from './ProxyInThePath.ts';
import LivenessFaults from './LivenessFaults.ts';

export const SESSIONS: readonly Session[] = [
  HandshakeInspector,
  FrameInspector,
  ControlFrames,
  EchoConsole,
  FullDuplex,
  Subprotocols,
  CompressionCompare,
  HandshakeFailures,
  CorsBothSides,
  EventSourceFailures,
  ProxyInThePath,
  LivenessFaults,
];
