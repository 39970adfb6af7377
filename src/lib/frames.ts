/**
 * WebSocket frames (RFC 6455 §5.2), decoded in the browser so a page can
 * show every field of the bytes that crossed the wire: FIN, RSV1–3, opcode,
 * MASK, the payload length and which of the three length forms carried it,
 * the masking key, and the payload both as sent and unmasked.
 *
 * Pure functions over Uint8Array: no DOM, no Node, unit-tested against frames
 * made by the `ws` library's own Sender.
 */

import type {LengthForm} from '../../demo-server/src/contract/inspect.ts';
import {OPCODES} from '../../demo-server/src/contract/websocket.ts';

// The protocol's numbers and names live in the shared contract; decoders use them from here too.
export {OPCODES, type LengthForm};

/** The byte at `index`; callers check the length first, so the fallback never applies. */
function at(bytes: Uint8Array, index: number): number {
  return bytes[index] ?? 0;
}

export type OpcodeName = keyof typeof OPCODES;

const OPCODE_NAMES = new Map<number, OpcodeName>(
  Object.entries(OPCODES).map(([name, value]) => [value, name as OpcodeName]),
);

export interface DecodedFrame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  /** The opcode's name, or null for a reserved opcode. */
  opcodeName: OpcodeName | null;
  /** Control frames (opcode 0x8 and above) may not be fragmented or exceed 125 bytes (§5.5). */
  isControl: boolean;
  masked: boolean;
  /** The 4-byte masking key, or null when MASK is 0. */
  maskingKey: Uint8Array | null;
  payloadLength: number;
  lengthForm: LengthForm;
  /** Bytes before the payload: 2, plus 2 or 8 for the length, plus 4 for the key. */
  headerLength: number;
  /** The payload bytes as they were on the wire (masked, if MASK is 1). */
  wirePayload: Uint8Array;
  /** The payload after unmasking (equal to wirePayload when not masked). */
  payload: Uint8Array;
  /** Total bytes of the frame: headerLength + payloadLength. */
  size: number;
}

/** Why bytes are not a valid frame, in words a reader can act on. */
export class FrameError extends Error {
  /** The close code an endpoint would answer with (§7.4.1). */
  readonly closeCode: number;
  constructor(message: string, closeCode = 1002) {
    super(message);
    this.name = 'FrameError';
    this.closeCode = closeCode;
  }
}

export type DecodeResult = {complete: true; frame: DecodedFrame} | {complete: false; bytesNeeded: number};

/**
 * XORs `payload` with the 4-byte key, byte i with key[i mod 4] (§5.3).
 * The same operation masks and unmasks.
 */
export function applyMask(payload: Uint8Array, maskingKey: Uint8Array, offset = 0): Uint8Array {
  if (maskingKey.length !== 4) throw new RangeError(`A masking key is 4 bytes, got ${maskingKey.length}`);
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = at(payload, i) ^ at(maskingKey, (i + offset) % 4);
  return out;
}

/**
 * Decodes the frame at the start of `bytes`.
 * Returns `{complete: false}` with how many more bytes are needed when the
 * frame is cut short. @throws FrameError for bytes that break §5.2 or §5.5.
 */
export function decodeFrame(bytes: Uint8Array): DecodeResult {
  if (bytes.length < 2) return {complete: false, bytesNeeded: 2 - bytes.length};
  const byte0 = at(bytes, 0);
  const byte1 = at(bytes, 1);
  const fin = (byte0 & 0x80) !== 0;
  const rsv1 = (byte0 & 0x40) !== 0;
  const rsv2 = (byte0 & 0x20) !== 0;
  const rsv3 = (byte0 & 0x10) !== 0;
  const opcode = byte0 & 0x0f;
  const masked = (byte1 & 0x80) !== 0;
  const length7 = byte1 & 0x7f;

  const opcodeName = OPCODE_NAMES.get(opcode) ?? null;
  if (opcodeName === null) {
    throw new FrameError(`Opcode 0x${opcode.toString(16)} is reserved (RFC 6455 §5.2)`);
  }
  const isControl = opcode >= 0x8;

  let lengthForm: LengthForm = '7-bit';
  let offset = 2;
  let payloadLength = length7;
  if (length7 === 126) {
    lengthForm = '16-bit';
    offset = 4;
    if (bytes.length < offset) return {complete: false, bytesNeeded: offset - bytes.length};
    payloadLength = (at(bytes, 2) << 8) | at(bytes, 3);
    if (payloadLength < 126) {
      throw new FrameError(`Length ${payloadLength} must use the 7-bit form: the minimal form is required (§5.2)`);
    }
  } else if (length7 === 127) {
    lengthForm = '64-bit';
    offset = 10;
    if (bytes.length < offset) return {complete: false, bytesNeeded: offset - bytes.length};
    if ((at(bytes, 2) & 0x80) !== 0) {
      throw new FrameError('The most significant bit of a 64-bit length must be 0 (§5.2)');
    }
    let length = 0n;
    for (let i = 2; i < 10; i++) length = (length << 8n) | BigInt(at(bytes, i));
    if (length > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new FrameError(`A payload of ${length} bytes is more than this decoder can hold`, 1009);
    }
    payloadLength = Number(length);
    if (payloadLength < 65_536) {
      throw new FrameError(`Length ${payloadLength} must use a shorter form: the minimal form is required (§5.2)`);
    }
  }

  if (isControl && !fin) throw new FrameError('Control frames must not be fragmented (§5.5)');
  if (isControl && payloadLength > 125) {
    throw new FrameError(`A control frame carries at most 125 bytes, this one ${payloadLength} (§5.5)`);
  }

  let maskingKey: Uint8Array | null = null;
  if (masked) {
    if (bytes.length < offset + 4) return {complete: false, bytesNeeded: offset + 4 - bytes.length};
    maskingKey = bytes.slice(offset, offset + 4);
    offset += 4;
  }

  const size = offset + payloadLength;
  if (bytes.length < size) return {complete: false, bytesNeeded: size - bytes.length};
  const wirePayload = bytes.slice(offset, size);
  const payload = maskingKey ? applyMask(wirePayload, maskingKey) : wirePayload;

  return {
    complete: true,
    frame: {
      fin,
      rsv1,
      rsv2,
      rsv3,
      opcode,
      opcodeName,
      isControl,
      masked,
      maskingKey,
      payloadLength,
      lengthForm,
      headerLength: offset,
      wirePayload,
      payload,
      size,
    },
  };
}

/**
 * Decodes every complete frame in `bytes`; `rest` holds the bytes of an
 * incomplete last frame. @throws FrameError as decodeFrame does.
 */
export function decodeFrames(bytes: Uint8Array): {frames: DecodedFrame[]; rest: Uint8Array} {
  const frames: DecodedFrame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const result = decodeFrame(bytes.subarray(offset));
    if (!result.complete) break;
    frames.push(result.frame);
    offset += result.frame.size;
  }
  return {frames, rest: bytes.slice(offset)};
}

export interface ClosePayload {
  /** Absent when the close frame had an empty body (the receiver then reports 1005). */
  code: number | null;
  reason: string;
}

/**
 * Reads a close frame's body: an optional 2-byte status code and UTF-8 reason
 * (§5.5.1). @throws FrameError for a 1-byte body or a reason that is not UTF-8.
 */
export function parseClosePayload(payload: Uint8Array): ClosePayload {
  if (payload.length === 0) return {code: null, reason: ''};
  if (payload.length === 1) throw new FrameError('A close body is empty or at least 2 bytes (§5.5.1)');
  const code = (at(payload, 0) << 8) | at(payload, 1);
  let reason: string;
  try {
    reason = new TextDecoder('utf-8', {fatal: true}).decode(payload.subarray(2));
  } catch {
    throw new FrameError('A close reason must be valid UTF-8 (§5.5.1)', 1007);
  }
  return {code, reason};
}
