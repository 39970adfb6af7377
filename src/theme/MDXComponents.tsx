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
  HandshakeInspector: lazyDemo('Handshake Inspector', () => import('@site/src/components/HandshakeInspector')),
  FrameInspector: lazyDemo('Frame Inspector', () => import('@site/src/components/FrameInspector')),
  ControlFrames: lazyDemo('Ping, pong and close', () => import('@site/src/components/ControlFrames')),
  EchoConsole: lazyDemo('Echo console', () => import('@site/src/components/EchoConsole')),
  FullDuplex: lazyDemo('Full duplex', () => import('@site/src/components/FullDuplex')),
  Subprotocols: lazyDemo('Subprotocols', () => import('@site/src/components/Subprotocols')),
  CompressionCompare: lazyDemo('Compression compared', () => import('@site/src/components/CompressionCompare')),
  PollingRace: lazyDemo('The polling race', () => import('@site/src/components/PollingRace')),
  ShortPollingDemo: lazyDemo('Short polling', () => import('@site/src/components/ShortPollingDemo')),
  LongPollingDemo: lazyDemo('Long polling', () => import('@site/src/components/LongPollingDemo')),
  ServerSentEventsDemo: lazyDemo('Server-Sent Events', () => import('@site/src/components/ServerSentEventsDemo')),
  WebSocketPushDemo: lazyDemo('WebSocket push', () => import('@site/src/components/WebSocketPushDemo')),
  RestPlayground: lazyDemo('REST Playground', () => import('@site/src/components/RestPlayground')),
  StatelessDemo: lazyDemo('Stateless or not', () => import('@site/src/components/StatelessDemo')),
  LinkExplorer: lazyDemo('Link explorer', () => import('@site/src/components/LinkExplorer')),
  ClientServerDemo: lazyDemo('Two clients, one resource', () => import('@site/src/components/ClientServerDemo')),
  CodeOnDemandDemo: lazyDemo('Code on demand', () => import('@site/src/components/CodeOnDemandDemo')),
  CacheLayerDemo: lazyDemo('A cache in between', () => import('@site/src/components/CacheLayerDemo')),
  ConnectionLimit: lazyDemo('Connections per host', () => import('@site/src/components/ConnectionLimit')),
  SameApiTwoTransports: lazyDemo('Same API, two transports', () => import('@site/src/components/SameApiTwoTransports')),
  FtpVsHttp: lazyDemo('FTP and HTTP, side by side', () => import('@site/src/components/FtpVsHttp')),
  HandshakeFailures: lazyDemo('When the handshake fails', () => import('@site/src/components/HandshakeFailures')),
  CorsBothSides: lazyDemo('CORS, seen from both sides', () => import('@site/src/components/CorsBothSides')),
  EventSourceFailures: lazyDemo(
    'EventSource against a misbehaving server',
    () => import('@site/src/components/EventSourceFailures'),
  ),
  ProxyInThePath: lazyDemo('A proxy in the path', () => import('@site/src/components/ProxyInThePath')),
  LivenessFaults: lazyDemo('Liveness, faults on a live WebSocket', () => import('@site/src/components/LivenessFaults')),
  RedirectsDemo: lazyDemo('Redirects, seen from both sides', () => import('@site/src/components/RedirectsDemo')),
  CookiesDemo: lazyDemo('Cookies, from every side', () => import('@site/src/components/CookiesDemo')),
  ContentNegotiation: lazyDemo('Compression and negotiation', () => import('@site/src/components/ContentNegotiation')),
  RequestTiming: lazyDemo('Where the time goes', () => import('@site/src/components/RequestTiming')),
  StreamedResponse: lazyDemo(
    'A streamed response, read two ways',
    () => import('@site/src/components/StreamedResponse'),
  ),
  HttpInspector: lazyDemo('HTTP inspector', () => import('@site/src/components/HttpInspector')),
};
