/**
 * Taps the frames crossing one WebSocket's TCP socket, in both directions,
 * without touching what `ws` reads or writes: incoming bytes are seen by an
 * extra 'data' listener placed before ws's own, outgoing bytes by a wrapper
 * around `socket.write` that passes every call through unchanged.
 *
 * The tap only splits the byte stream into frames (RFC 6455 §5.2) to report
 * them; `ws` alone decides what is valid. Hostile input cannot make it hold
 * more than one frame of at most `maxFrameBytes`: past that, or on bytes that
 * are not a frame, the tap stops for that direction and ws closes the
 * connection on its own terms. The server's own frames (echoes, reports) are
 * larger than what it accepts, so each direction has its own bound.
 */
import type {Duplex} from 'node:stream';
import type {FrameDirection, FrameReport, LengthForm} from '../contract/inspect.ts';

export interface TappedFrame {
  direction: FrameDirection;
  /** The frame's bytes exactly as they crossed the socket. */
  raw: Buffer;
}

interface FrameHead {
  headerLength: number;
  payloadLength: number;
  lengthForm: LengthForm;
  masked: boolean;
}

/** Reads a frame header; null while it is incomplete, 'invalid' for a length no frame may have. */
function readHead(buffer: Buffer): FrameHead | null | 'invalid' {
  if (buffer.length < 2) return null;
  const byte1 = buffer.readUInt8(1);
  const masked = (byte1 & 0x80) !== 0;
  const length7 = byte1 & 0x7f;
  let offset = 2;
  let payloadLength = length7;
  let lengthForm: LengthForm = '7-bit';
  if (length7 === 126) {
    if (buffer.length < 4) return null;
    payloadLength = buffer.readUInt16BE(2);
    lengthForm = '16-bit';
    offset = 4;
  } else if (length7 === 127) {
    if (buffer.length < 10) return null;
    const length = buffer.readBigUInt64BE(2);
    if (length > BigInt(Number.MAX_SAFE_INTEGER)) return 'invalid';
    payloadLength = Number(length);
    lengthForm = '64-bit';
    offset = 10;
  }
  return {headerLength: offset + (masked ? 4 : 0), payloadLength, lengthForm, masked};
}

/**
 * Splits a byte stream into whole frames; stops for good on anything it cannot
 * frame, or when `onFrame` returns false. Re-entrant: `onFrame` may write to
 * the same socket (a report), which feeds this splitter again before the call
 * returns. `raw` is a view of the bytes as they arrived, valid only during the
 * call: ws unmasks its buffers in place once the tap has seen them, and a
 * flood of tiny frames must not cost a copy each.
 */
export function createFrameSplitter(
  maxFrameBytes: number,
  onFrame: (raw: Buffer) => boolean | undefined,
): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let stopped = false;
  /** A frame is being delivered: a chunk fed meanwhile waits in `pending` for the loop already running. */
  let delivering = false;
  return (chunk) => {
    if (stopped) return;
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    if (delivering) return;
    delivering = true;
    try {
      while (!stopped) {
        const head = readHead(pending);
        if (head === null) break;
        if (head === 'invalid' || head.headerLength + head.payloadLength > maxFrameBytes) {
          stopped = true;
          break;
        }
        const size = head.headerLength + head.payloadLength;
        if (pending.length < size) break;
        const raw = pending.subarray(0, size);
        // The stream state is settled before anyone hears of the frame.
        pending = pending.subarray(size);
        if (onFrame(raw) === false) stopped = true;
      }
    } finally {
      delivering = false;
    }
    if (stopped) pending = Buffer.alloc(0);
  };
}

/** Turns one frame's bytes into the report the contract describes. */
export function frameReport(direction: FrameDirection, raw: Buffer, at: number = Date.now()): FrameReport {
  const head = readHead(raw);
  if (head === null || head === 'invalid') throw new Error('frameReport needs a whole frame');
  const byte0 = raw.readUInt8(0);
  const maskingKey = head.masked ? raw.subarray(head.headerLength - 4, head.headerLength) : null;
  const payload = Buffer.from(raw.subarray(head.headerLength));
  if (maskingKey) {
    for (let i = 0; i < payload.length; i++) payload.writeUInt8(payload.readUInt8(i) ^ maskingKey.readUInt8(i % 4), i);
  }
  return {
    type: 'frame',
    direction,
    fin: (byte0 & 0x80) !== 0,
    rsv1: (byte0 & 0x40) !== 0,
    rsv2: (byte0 & 0x20) !== 0,
    rsv3: (byte0 & 0x10) !== 0,
    opcode: byte0 & 0x0f,
    masked: head.masked,
    maskingKey: maskingKey ? maskingKey.toString('hex') : null,
    payloadLength: head.payloadLength,
    lengthForm: head.lengthForm,
    raw: raw.toString('base64'),
    payload: payload.toString('base64'),
    at,
  };
}

type WriteFunction = Duplex['write'];

/**
 * Starts tapping `socket` after its 101 response was written. Returns a
 * function that stops the tap (it also stops when the socket closes).
 */
export function tapSocket(
  socket: Duplex,
  bounds: {incomingFrameBytes: number; outgoingFrameBytes: number},
  onFrame: (frame: TappedFrame) => boolean | undefined,
): () => void {
  const incoming = createFrameSplitter(bounds.incomingFrameBytes, (raw) =>
    onFrame({direction: 'client-to-server', raw}),
  );
  const outgoing = createFrameSplitter(bounds.outgoingFrameBytes, (raw) =>
    onFrame({direction: 'server-to-client', raw}),
  );

  const onData = (chunk: Buffer) => incoming(chunk);
  socket.prependListener('data', onData);

  // Kept unbound on purpose: it is called back with the socket as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originalWrite: WriteFunction = socket.write;
  // Same arguments, same return value: the wrapper only looks at the bytes.
  const tappedWrite = function (this: Duplex, ...args: Parameters<WriteFunction>): boolean {
    const chunk: unknown = args[0];
    // Write first: a listener that writes a report in response must land
    // after this chunk on the wire, never inside the frame it completes.
    const result = originalWrite.apply(this, args);
    if (Buffer.isBuffer(chunk)) outgoing(chunk);
    else if (typeof chunk === 'string') outgoing(Buffer.from(chunk));
    return result;
  } as WriteFunction;
  socket.write = tappedWrite;

  const stop = () => {
    socket.off('data', onData);
    if (socket.write === tappedWrite) socket.write = originalWrite;
  };
  socket.once('close', stop);
  return stop;
}
