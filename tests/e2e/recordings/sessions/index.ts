/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import CompressionCompare from './CompressionCompare.ts';
import ControlFrames from './ControlFrames.ts';
import EchoConsole from './EchoConsole.ts';
import FrameInspector from './FrameInspector.ts';
import FullDuplex from './FullDuplex.ts';
import HandshakeInspector from './HandshakeInspector.ts';
import Subprotocols from './Subprotocols.ts';

export const SESSIONS: readonly Session[] = [
  HandshakeInspector,
  FrameInspector,
  ControlFrames,
  EchoConsole,
  FullDuplex,
  Subprotocols,
  CompressionCompare,
];
