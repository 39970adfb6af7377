/**
 * `/ws/inspect`: tells the client what its opening handshake looked like on
 * the wire, then echoes each message inside a JSON envelope, and reports
 * every frame that crosses the connection in either direction. Text messages
 * that are commands (see InspectCommand) make it fragment a reply or close.
 */
import {randomBytes} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  WITHHELD_REQUEST_HEADERS,
  withheldValue,
  parseInspectCommand,
  type CommandError,
  type CloseReport,
  type FrameReport,
  type InspectCommand,
  type StreamTick,
  type HandshakeReport,
} from '../contract/inspect.ts';
import {CLOSE_CODES, OPCODES, type HeaderList} from '../contract/websocket.ts';
import type {AcceptedHandshake, Endpoint} from './endpoint.ts';
import type {CloseReportStore} from './closeReports.ts';
import {echoEnvelope} from './echoEnvelope.ts';
import {frameReport, tapSocket} from './frameTap.ts';
import {createTokenBucket} from '../tokenBucket.ts';

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

export function handshakeReport(
  {request, responseLines}: AcceptedHandshake,
  connectionId: string = randomBytes(8).toString('hex'),
): HandshakeReport {
  return {
    type: 'handshake',
    connectionId,
    request: {
      method: request.method ?? '',
      url: request.url ?? '',
      httpVersion: request.httpVersion,
      headers: rawHeaderList(request),
    },
    response: parseResponseLines(responseLines),
  };
}

export interface InspectOptions {
  /** Client frames reported a second (bursts of twice that); past it, close 1008. */
  framesPerSecond: number;
  /** Serve `/ws/inspect-deflate` instead, accepting permessage-deflate. */
  deflate?: {maxConnections: number};
  /** Where finished connections leave their close frames for `close-report`. */
  closeReports?: CloseReportStore;
}

export function inspectEndpoint(maxPayload: number, options: InspectOptions): Endpoint {
  return {
    path: options.deflate ? ENDPOINTS.inspectDeflate : ENDPOINTS.inspect,
    maxPayload,
    // The handshake report shows the 101 response as written.
    reportsResponseHead: true,
    ...(options.deflate ? {perMessageDeflate: true, maxConnections: options.deflate.maxConnections} : {}),
    accept(ws, handshake, {registry, receive}) {
      /**
       * One flag per data message this endpoint sends, in order: whether its
       * frame is a report (never reported itself, or every report would
       * report the one before) or a reply the reader should see on the wire.
       */
      const connectionId = randomBytes(8).toString('hex');
      /** Both close frames, kept for a `close-report` on the client's next connection. */
      const closeFrames: FrameReport[] = [];
      ws.once('close', () => {
        if (closeFrames.length > 0) options.closeReports?.put(connectionId, handshake.client, closeFrames);
      });
      const reportFlags: boolean[] = [];
      /** Set once the server's close frame is on the wire: nothing may follow it (RFC 6455 §5.5.1). */
      let closeSent = false;
      /**
       * While a fragmented message is being sent, no other data frame may
       * start (§5.4): reports of its fragments wait here until it is done.
       */
      let heldReports: string[] | null = null;
      const frameBudget = createTokenBucket({perSecond: options.framesPerSecond, burst: 2 * options.framesPerSecond});
      let overBudget = false;
      const sendOwn = (text: string, isReport: boolean) => {
        if (closeSent || ws.readyState !== ws.OPEN) return;
        if (isReport && heldReports) {
          heldReports.push(text);
          return;
        }
        reportFlags.push(isReport);
        registry.send(ws, text, false);
      };

      tapSocket(
        handshake.socket,
        {
          // A frame's header adds at most 14 bytes to its payload.
          incomingFrameBytes: maxPayload + 14,
          // The server's largest frame is the report of an echo of the largest message: base64 twice over.
          outgoingFrameBytes: maxPayload * 8 + 4096,
        },
        ({direction, raw}) => {
          // A report costs far more than the frame it reports (a ping is 6 bytes, its report about 300):
          // the client's frames are reported at the rate its messages are allowed, and past it the
          // connection closes, before a flood of tiny frames becomes a flood of reports.
          if (direction === 'client-to-server' && !overBudget && !frameBudget.take()) {
            overBudget = true;
            ws.close(CLOSE_CODES.policyViolation, `Too many frames: at most ${options.framesPerSecond} a second`);
          }
          // false: the tap stops splitting what the client sends, for good.
          if (overBudget && direction === 'client-to-server') return false;
          const opcode = raw.readUInt8(0) & 0x0f;
          // The first frame of each data message tells whether the message is a report;
          // continuation frames only occur in replies, and control frames are always reported.
          if (
            direction === 'server-to-client' &&
            (opcode === OPCODES.text || opcode === OPCODES.binary) &&
            reportFlags.shift() === true
          ) {
            return;
          }
          const report = frameReport(direction, raw);
          if (opcode === OPCODES.close) {
            // One close frame each way is the whole story; a client that sends more gets none of them kept.
            if (!closeFrames.some((kept) => kept.direction === direction)) closeFrames.push(report);
            if (direction === 'server-to-client') closeSent = true;
          }
          sendOwn(JSON.stringify(report), true);
        },
      );

      const sendFragmented = (text: string, fragments: number) => {
        const bytes = Buffer.from(text, 'utf8');
        const size = Math.ceil(bytes.length / fragments);
        heldReports = [];
        reportFlags.push(false);
        for (let i = 0; i < fragments; i++) {
          // Fragments split bytes, not characters: UTF-8 must be valid per message, not per frame (§5.6).
          const last = i === fragments - 1;
          registry.send(ws, bytes.subarray(i * size, last ? bytes.length : (i + 1) * size), false, last);
        }
        const held = heldReports;
        heldReports = null;
        for (const report of held) sendOwn(report, true);
      };

      /** At most one stream per connection; its timer ends with the connection. */
      let stream: ReturnType<typeof setInterval> | undefined;
      const stopStream = () => {
        clearInterval(stream);
        stream = undefined;
      };
      ws.once('close', stopStream);
      const startStream = (count: number, intervalMs: number) => {
        stopStream();
        let n = 0;
        stream = setInterval(() => {
          n += 1;
          const tick: StreamTick = {type: 'tick', n, of: count, sentAt: Date.now()};
          sendOwn(JSON.stringify(tick), false);
          if (n >= count) stopStream();
        }, intervalMs);
      };

      const runCommand = (command: InspectCommand) => {
        if (command.command === 'fragment') sendFragmented(command.text, command.fragments);
        else if (command.command === 'ping') ws.ping(command.payload);
        else if (command.command === 'stream') startStream(command.count, command.intervalMs);
        else if (command.command === 'close-report') {
          const frames = options.closeReports?.take(command.connectionId, handshake.client);
          const answer: CloseReport | CommandError = frames
            ? {type: 'close-report', connectionId: command.connectionId, frames}
            : {
                type: 'command-error',
                detail: 'No close frames for that connection: it is not yours, not closed, or closed over a minute ago',
              };
          sendOwn(JSON.stringify(answer), false);
        } else ws.close(command.code, command.reason);
      };

      sendOwn(JSON.stringify(handshakeReport(handshake, connectionId)), true);
      receive((bytes, isBinary) => {
        if (!isBinary) {
          const command = parseInspectCommand(bytes.toString('utf8'));
          if (command && 'error' in command) {
            const error: CommandError = {type: 'command-error', detail: command.error};
            sendOwn(JSON.stringify(error), false);
            return;
          }
          if (command) {
            runCommand(command);
            return;
          }
        }
        sendOwn(JSON.stringify(echoEnvelope(bytes, isBinary)), false);
      });
    },
  };
}
