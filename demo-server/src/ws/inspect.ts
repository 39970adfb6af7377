/**
 * `/ws/inspect`: tells the client what its opening handshake looked like on
 * the wire, then echoes each message inside a JSON envelope.
 */
import type {IncomingMessage} from 'node:http';
import {
  ENDPOINTS,
  WITHHELD_REQUEST_HEADERS,
  withheldValue,
  type EchoEnvelope,
  type HandshakeReport,
  type HeaderList,
} from '../contract.ts';
import type {AcceptedHandshake, Endpoint} from './endpoint.ts';

/**
 * Request headers in the order and letter case they arrived (Node keeps them
 * in `rawHeaders`), with credentials withheld (see WITHHELD_REQUEST_HEADERS).
 */
function rawHeaderList(req: IncomingMessage): HeaderList {
  const headers: HeaderList = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    const value = req.rawHeaders[i + 1] ?? '';
    const withheld = WITHHELD_REQUEST_HEADERS.includes(name.toLowerCase());
    headers.push([name, withheld ? withheldValue(Buffer.byteLength(value)) : value]);
  }
  return headers;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/;

/** Splits the response head `ws` wrote back into a status and header pairs. */
function parseResponseLines(lines: readonly string[]): HandshakeReport['response'] {
  const [statusLine = '', ...headerLines] = lines;
  const match = STATUS_LINE.exec(statusLine);
  return {
    status: match ? Number(match[1]) : 0,
    statusText: match?.[2] ?? '',
    headers: headerLines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return colon === -1 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).trim()];
    }),
  };
}

export function handshakeReport({request, responseLines}: AcceptedHandshake): HandshakeReport {
  return {
    type: 'handshake',
    request: {
      method: request.method ?? '',
      url: request.url ?? '',
      httpVersion: request.httpVersion,
      headers: rawHeaderList(request),
    },
    response: parseResponseLines(responseLines),
  };
}

export function inspectEndpoint(maxPayload: number): Endpoint {
  return {
    path: ENDPOINTS.inspect,
    maxPayload,
    accept(ws, handshake, {registry}) {
      registry.send(ws, JSON.stringify(handshakeReport(handshake)), false);
      ws.on('message', (data, isBinary) => {
        if (!registry.noteMessage(ws)) return;
        // ws's default binaryType ('nodebuffer') delivers every message as one Buffer.
        const bytes = data as Buffer;
        const envelope: EchoEnvelope = {
          type: 'echo',
          receivedAt: Date.now(),
          binary: isBinary,
          size: bytes.byteLength,
          data: isBinary ? bytes.toString('base64') : bytes.toString('utf8'),
        };
        registry.send(ws, JSON.stringify(envelope), false);
      });
    },
  };
}
