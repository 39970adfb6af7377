/**
 * What the inspector says about each part of the handshake that matters.
 * Keys are lower-case header names; the texts cite the RFC section that
 * defines the rule, so a reader can check us.
 */

export interface HeaderNote {
  /** One or two sentences, plain text. */
  text: string;
  /** Where the rule comes from, e.g. "RFC 6455 §4.1". */
  source: string;
}

export const REQUEST_LINE_NOTE: HeaderNote = {
  text: 'A WebSocket starts life as an ordinary HTTP/1.1 GET request for the endpoint’s path. Any other method, or HTTP/1.0, is refused.',
  source: 'RFC 6455 §4.1, items 1–2',
};

export const STATUS_LINE_NOTE: HeaderNote = {
  text: '101 Switching Protocols: the server agrees to stop speaking HTTP on this connection. Every byte after the blank line that ends this response is a WebSocket frame.',
  source: 'RFC 9110 §15.2.2; RFC 6455 §4.2.2',
};

export const REQUEST_NOTES: Record<string, HeaderNote> = {
  host: {
    text: 'The host and port the browser connected to. Required in every HTTP/1.1 request, so one server can tell its sites apart.',
    source: 'RFC 6455 §4.1, item 4; RFC 9110 §7.2',
  },
  upgrade: {
    text: 'Asks the server to switch this connection from HTTP to another protocol, here "websocket" (matched without regard to case).',
    source: 'RFC 6455 §4.1, item 5; RFC 9110 §7.8',
  },
  connection: {
    text: '"Upgrade" here marks the Upgrade header as hop-by-hop: it is meant for the server at the other end of this connection, and a proxy must not pass it on blindly.',
    source: 'RFC 6455 §4.1, item 6; RFC 9110 §7.6.1',
  },
  'sec-websocket-key': {
    text: 'Sixteen random bytes in base64, fresh for every connection. It is not a secret and not authentication: it only lets the server prove it understood a WebSocket request (see the Accept derivation below).',
    source: 'RFC 6455 §4.1, item 7',
  },
  'sec-websocket-version': {
    text: 'The protocol version the client speaks; 13 is the only value RFC 6455 lets a client send. A server that does not speak the client’s version refuses with an HTTP error that lists the versions it speaks (this one answers 426).',
    source: 'RFC 6455 §4.1, item 9; §4.2.2; §4.4',
  },
  origin: {
    text: 'The origin of the page that opened the socket, added by the browser and not settable by scripts. This server refuses origins that are not on its allow-list with 403.',
    source: 'RFC 6455 §4.1, item 8; §10.2',
  },
  'sec-websocket-extensions': {
    text: 'Extensions the browser offers, usually permessage-deflate (compression). The server agrees to none, so none appears in its answer.',
    source: 'RFC 6455 §9.1; RFC 7692',
  },
  'sec-websocket-protocol': {
    text: 'Subprotocols the page asked for, in order of preference. The server picks at most one and names it in its answer.',
    source: 'RFC 6455 §4.1, item 10; §1.9',
  },
  cookie: {
    text: 'The browser attaches cookies for the server’s host to the handshake, as to any request. This server withholds their value from the report so it never hands cookies to page scripts.',
    source: 'RFC 6455 §4.1, item 12',
  },
  'user-agent': {
    text: 'Names the browser. Not part of the WebSocket protocol: it is here because the handshake is a normal HTTP request.',
    source: 'RFC 9110 §10.1.5',
  },
};

export const RESPONSE_NOTES: Record<string, HeaderNote> = {
  upgrade: {
    text: 'Confirms the protocol the connection switches to. Without "websocket" here the client must fail the connection.',
    source: 'RFC 6455 §4.2.2, item 5.2; §4.1 (client checks)',
  },
  connection: {
    text: 'Again marks Upgrade as meant for this hop only.',
    source: 'RFC 6455 §4.2.2, item 5.3',
  },
  'sec-websocket-accept': {
    text: 'SHA-1 of the request’s key followed by a fixed GUID, in base64. Only a server that implements WebSocket can produce it, so a plain HTTP server or a cache cannot be mistaken for one.',
    source: 'RFC 6455 §4.2.2, item 5.4; §1.3',
  },
  'sec-websocket-protocol': {
    text: 'The one subprotocol the server chose from the client’s list.',
    source: 'RFC 6455 §4.2.2, item 5.5',
  },
  'sec-websocket-extensions': {
    text: 'The extensions the server accepted, with their parameters.',
    source: 'RFC 6455 §4.2.2, item 5.6; §9.1',
  },
};
