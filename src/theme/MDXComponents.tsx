/**
 * The one registry of live demos for MDX: every article can write
 * `<HandshakeInspector />` without importing anything. Each entry is lazy,
 * so a page ships a demo's code only if it uses that demo. Markdown tables
 * render through `ScrollableTable`, which keeps a wide one keyboard-scrollable. Mermaid fences arrive as
 * `<Diagram>`, with the SVGs drawn at build time (scripts/diagrams/); it is small and has no Mermaid in it.
 */
import Diagram from '@site/src/components/Diagram';
import {lazyDemo} from '@site/src/components/lazyDemo';
import ScrollableTable from '@site/src/components/ScrollableTable';
import MDXComponents from '@theme-original/MDXComponents';

export default {
  ...MDXComponents,
  table: ScrollableTable,
  Diagram,
  HandshakeInspector: lazyDemo(
    'HandshakeInspector',
    'Handshake Inspector',
    () => import('@site/src/components/HandshakeInspector'),
  ),
  FrameInspector: lazyDemo('FrameInspector', 'Frame Inspector', () => import('@site/src/components/FrameInspector')),
  ControlFrames: lazyDemo('ControlFrames', 'Ping, pong and close', () => import('@site/src/components/ControlFrames')),
  EchoConsole: lazyDemo('EchoConsole', 'Echo console', () => import('@site/src/components/EchoConsole')),
  FullDuplex: lazyDemo('FullDuplex', 'Full duplex', () => import('@site/src/components/FullDuplex')),
  Subprotocols: lazyDemo('Subprotocols', 'Subprotocols', () => import('@site/src/components/Subprotocols')),
  CompressionCompare: lazyDemo(
    'CompressionCompare',
    'Compression compared',
    () => import('@site/src/components/CompressionCompare'),
  ),
  PollingRace: lazyDemo('PollingRace', 'The polling race', () => import('@site/src/components/PollingRace')),
  ShortPollingDemo: lazyDemo(
    'ShortPollingDemo',
    'Short polling',
    () => import('@site/src/components/ShortPollingDemo'),
  ),
  LongPollingDemo: lazyDemo('LongPollingDemo', 'Long polling', () => import('@site/src/components/LongPollingDemo')),
  ServerSentEventsDemo: lazyDemo(
    'ServerSentEventsDemo',
    'Server-Sent Events',
    () => import('@site/src/components/ServerSentEventsDemo'),
  ),
  WebSocketPushDemo: lazyDemo(
    'WebSocketPushDemo',
    'WebSocket push',
    () => import('@site/src/components/WebSocketPushDemo'),
  ),
  RestPlayground: lazyDemo('RestPlayground', 'REST Playground', () => import('@site/src/components/RestPlayground')),
  StatelessDemo: lazyDemo('StatelessDemo', 'Stateless or not', () => import('@site/src/components/StatelessDemo')),
  LinkExplorer: lazyDemo('LinkExplorer', 'Link explorer', () => import('@site/src/components/LinkExplorer')),
  ClientServerDemo: lazyDemo(
    'ClientServerDemo',
    'Two clients, one resource',
    () => import('@site/src/components/ClientServerDemo'),
  ),
  CodeOnDemandDemo: lazyDemo(
    'CodeOnDemandDemo',
    'Code on demand',
    () => import('@site/src/components/CodeOnDemandDemo'),
  ),
  CacheLayerDemo: lazyDemo('CacheLayerDemo', 'A cache in between', () => import('@site/src/components/CacheLayerDemo')),
  ConnectionLimit: lazyDemo(
    'ConnectionLimit',
    'Connections per host',
    () => import('@site/src/components/ConnectionLimit'),
  ),
  SameApiTwoTransports: lazyDemo(
    'SameApiTwoTransports',
    'Same API, two transports',
    () => import('@site/src/components/SameApiTwoTransports'),
  ),
  FtpVsHttp: lazyDemo('FtpVsHttp', 'FTP and HTTP, side by side', () => import('@site/src/components/FtpVsHttp')),
  HandshakeFailures: lazyDemo(
    'HandshakeFailures',
    'When the handshake fails',
    () => import('@site/src/components/HandshakeFailures'),
  ),
  CorsBothSides: lazyDemo(
    'CorsBothSides',
    'CORS, seen from both sides',
    () => import('@site/src/components/CorsBothSides'),
  ),
  EventSourceFailures: lazyDemo(
    'EventSourceFailures',
    'EventSource against a misbehaving server',
    () => import('@site/src/components/EventSourceFailures'),
  ),
  ProxyInThePath: lazyDemo(
    'ProxyInThePath',
    'A proxy in the path',
    () => import('@site/src/components/ProxyInThePath'),
  ),
  LivenessFaults: lazyDemo(
    'LivenessFaults',
    'Liveness, faults on a live WebSocket',
    () => import('@site/src/components/LivenessFaults'),
  ),
  RedirectsDemo: lazyDemo(
    'RedirectsDemo',
    'Redirects, seen from both sides',
    () => import('@site/src/components/RedirectsDemo'),
  ),
  CookiesDemo: lazyDemo('CookiesDemo', 'Cookies, from every side', () => import('@site/src/components/CookiesDemo')),
  ContentNegotiation: lazyDemo(
    'ContentNegotiation',
    'Compression and negotiation',
    () => import('@site/src/components/ContentNegotiation'),
  ),
  RequestTiming: lazyDemo('RequestTiming', 'Where the time goes', () => import('@site/src/components/RequestTiming')),
  StreamedResponse: lazyDemo(
    'StreamedResponse',
    'A streamed response, read two ways',
    () => import('@site/src/components/StreamedResponse'),
  ),
  HttpInspector: lazyDemo('HttpInspector', 'HTTP inspector', () => import('@site/src/components/HttpInspector')),
};
