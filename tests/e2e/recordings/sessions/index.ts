/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import HandshakeInspector from './HandshakeInspector.ts';
import FrameInspector from './FrameInspector.ts';
import ControlFrames from './ControlFrames.ts';
import EchoConsole from './EchoConsole.ts';
import FullDuplex from './FullDuplex.ts';
import Subprotocols from './Subprotocols.ts';
import CompressionCompare from './CompressionCompare.ts';
import PollingRace from './PollingRace.ts';
import ShortPollingDemo from './ShortPollingDemo.ts';
import LongPollingDemo from './LongPollingDemo.ts';
import ServerSentEventsDemo from './ServerSentEventsDemo.ts';
import WebSocketPushDemo from './WebSocketPushDemo.ts';
import RestPlayground from './RestPlayground.ts';
import StatelessDemo from './StatelessDemo.ts';
import LinkExplorer from './LinkExplorer.ts';
import ClientServerDemo from './ClientServerDemo.ts';
import CodeOnDemandDemo from './CodeOnDemandDemo.ts';
import CacheLayerDemo from './CacheLayerDemo.ts';
import ConnectionLimit from './ConnectionLimit.ts';
import SameApiTwoTransports from './SameApiTwoTransports.ts';
import FtpVsHttp from './FtpVsHttp.ts';
import HandshakeFailures from './HandshakeFailures.ts';
import CorsBothSides from './CorsBothSides.ts';
import EventSourceFailures from './EventSourceFailures.ts';
import ProxyInThePath from './ProxyInThePath.ts';
import LivenessFaults from './LivenessFaults.ts';
import RedirectsDemo from './RedirectsDemo.ts';
import CookiesDemo from './CookiesDemo.ts';
import ContentNegotiation from './ContentNegotiation.ts';
import RequestTiming from './RequestTiming.ts';
import StreamedResponse from './StreamedResponse.ts';
import HttpInspector from './HttpInspector.ts';

export const SESSIONS: readonly Session[] = [
  HandshakeInspector,
  FrameInspector,
  ControlFrames,
  EchoConsole,
  FullDuplex,
  Subprotocols,
  CompressionCompare,
  PollingRace,
  ShortPollingDemo,
  LongPollingDemo,
  ServerSentEventsDemo,
  WebSocketPushDemo,
  RestPlayground,
  StatelessDemo,
  LinkExplorer,
  ClientServerDemo,
  CodeOnDemandDemo,
  CacheLayerDemo,
  ConnectionLimit,
  SameApiTwoTransports,
  FtpVsHttp,
  HandshakeFailures,
  CorsBothSides,
  EventSourceFailures,
  ProxyInThePath,
  LivenessFaults,
  RedirectsDemo,
  CookiesDemo,
  ContentNegotiation,
  RequestTiming,
  StreamedResponse,
  HttpInspector,
];
