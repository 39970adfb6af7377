import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import * as ws from 'ws';
import {
  applyMask,
  decodeFrame,
  decodeFrames,
  FrameError,
  OPCODES,
  parseClosePayload,
  type DecodedFrame,
} from '../../../../src/lib/frames.ts';

interface SenderFrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  rsv1: boolean;
  readOnly: boolean;
  maskBuffer?: Buffer;
}

/**
 * ws's own frame writer. @types/ws does not describe Sender; this is the one
 * static method the tests use (ws/lib/sender.js). It returns the header and
 * the (possibly masked) payload as separate buffers, or one merged buffer.
 */
const Sender = (ws as unknown as {Sender: {frame(data: Buffer, options: SenderFrameOptions): Buffer[]}}).Sender;

function wsFrame(
  opcode: number,
  data: Buffer,
  {mask, fin = true, rsv1 = false}: {mask: boolean; fin?: boolean; rsv1?: boolean},
) {
  const maskBuffer = mask ? randomBytes(4) : undefined;
  // ws masks in place when readOnly is false, so give it a copy.
  const bytes = Buffer.concat(Sender.frame(Buffer.from(data), {fin, opcode, mask, rsv1, readOnly: false, maskBuffer}));
  return {bytes: new Uint8Array(bytes), maskBuffer};
}

function decodeOne(bytes: Uint8Array): DecodedFrame {
  const result = decodeFrame(bytes);
  if (!result.complete) throw new Error(`incomplete: ${result.bytesNeeded} more bytes`);
  return result.frame;
}

const dataOpcodes = [
  ['continuation', OPCODES.continuation],
  ['text', OPCODES.text],
  ['binary', OPCODES.binary],
] as const;
const controlOpcodes = [
  ['close', OPCODES.close],
  ['ping', OPCODES.ping],
  ['pong', OPCODES.pong],
] as const;
const lengths = [
  ['7-bit', 0],
  ['7-bit', 125],
  ['16-bit', 126],
  ['16-bit', 65_535],
  ['64-bit', 65_536],
  ['64-bit', 70_000],
] as const;

describe('decodeFrame against frames written by ws’s Sender', () => {
  for (const mask of [true, false]) {
    for (const [name, opcode] of dataOpcodes) {
      for (const [form, length] of lengths) {
        it(`${name}, ${length} bytes (${form} length), ${mask ? 'masked' : 'unmasked'}`, () => {
          const data = randomBytes(length);
          const {bytes, maskBuffer} = wsFrame(opcode, data, {
            mask,
            fin: opcode !== OPCODES.continuation || length !== 0,
          });
          const frame = decodeOne(bytes);
          expect(frame).toMatchObject({
            opcode,
            opcodeName: name,
            masked: mask,
            payloadLength: length,
            lengthForm: form,
            isControl: false,
          });
          expect(frame.size).toBe(bytes.length);
          expect(frame.headerLength).toBe(2 + (form === '16-bit' ? 2 : form === '64-bit' ? 8 : 0) + (mask ? 4 : 0));
          expect(Buffer.from(frame.payload).equals(data)).toBe(true);
          if (mask) {
            expect(Buffer.from(frame.maskingKey!).equals(maskBuffer!)).toBe(true);
            expect(Buffer.from(frame.wirePayload).equals(Buffer.from(applyMask(data, maskBuffer!)))).toBe(true);
          } else {
            expect(frame.maskingKey).toBeNull();
          }
        });
      }
    }
    for (const [name, opcode] of controlOpcodes) {
      it(`${name} with a 125-byte payload, ${mask ? 'masked' : 'unmasked'}`, () => {
        const data = randomBytes(125);
        const frame = decodeOne(wsFrame(opcode, data, {mask}).bytes);
        expect(frame).toMatchObject({
          opcode,
          opcodeName: name,
          isControl: true,
          fin: true,
          masked: mask,
          lengthForm: '7-bit',
        });
        expect(Buffer.from(frame.payload).equals(data)).toBe(true);
      });
    }
  }

  it('reads FIN and RSV1 (set by permessage-deflate)', () => {
    const frame = decodeOne(wsFrame(OPCODES.text, Buffer.from('x'), {mask: true, fin: false, rsv1: true}).bytes);
    expect(frame).toMatchObject({fin: false, rsv1: true, rsv2: false, rsv3: false});
  });

  it('decodes a text message from UTF-8, emoji included', () => {
    const text = 'héllo 👋';
    const frame = decodeOne(wsFrame(OPCODES.text, Buffer.from(text), {mask: true}).bytes);
    expect(frame.payloadLength).toBe(Buffer.byteLength(text));
    expect(new TextDecoder().decode(frame.payload)).toBe(text);
  });
});

describe('RFC 6455 examples (§5.7)', () => {
  it('an unmasked "Hello"', () => {
    const frame = decodeOne(new Uint8Array([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
    expect(frame).toMatchObject({fin: true, opcode: 1, masked: false, payloadLength: 5});
    expect(new TextDecoder().decode(frame.payload)).toBe('Hello');
  });

  it('a masked "Hello"', () => {
    const frame = decodeOne(new Uint8Array([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
    expect(Array.from(frame.maskingKey!)).toEqual([0x37, 0xfa, 0x21, 0x3d]);
    expect(new TextDecoder().decode(frame.payload)).toBe('Hello');
  });

  it('a fragmented "Hel" + "lo"', () => {
    const {frames, rest} = decodeFrames(new Uint8Array([0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]));
    expect(frames.map((f) => [f.fin, f.opcode, new TextDecoder().decode(f.payload)])).toEqual([
      [false, 1, 'Hel'],
      [true, 0, 'lo'],
    ]);
    expect(rest).toHaveLength(0);
  });

  it('256 bytes and 64 KiB in one unmasked binary frame', () => {
    const medium = decodeOne(new Uint8Array([0x82, 0x7e, 0x01, 0x00, ...new Uint8Array(256)]));
    expect(medium).toMatchObject({payloadLength: 256, lengthForm: '16-bit', headerLength: 4});
    const big = new Uint8Array(10 + 65_536);
    big.set([0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(decodeOne(big)).toMatchObject({payloadLength: 65_536, lengthForm: '64-bit'});
  });
});

describe('incomplete and invalid bytes', () => {
  it('says how many more bytes a cut-short frame needs, at every cut', () => {
    const {bytes} = wsFrame(OPCODES.binary, randomBytes(300), {mask: true});
    for (let cut = 0; cut < bytes.length; cut++) {
      const result = decodeFrame(bytes.subarray(0, cut));
      expect(result.complete, `cut at ${cut}`).toBe(false);
      if (!result.complete) expect(cut + result.bytesNeeded).toBeLessThanOrEqual(bytes.length);
    }
    const {frames, rest} = decodeFrames(bytes.subarray(0, 100));
    expect(frames).toEqual([]);
    expect(rest).toHaveLength(100);
  });

  it.each([
    ['a reserved data opcode', [0x83, 0x00], /Opcode 0x3 is reserved/],
    ['a reserved control opcode', [0x8b, 0x00], /Opcode 0xb is reserved/],
    ['a fragmented control frame', [0x09, 0x00], /must not be fragmented/],
    ['a control frame over 125 bytes', [0x89, 0x7e, 0x00, 0x7e], /at most 125 bytes/],
    ['a non-minimal 16-bit length', [0x82, 0x7e, 0x00, 0x05], /minimal form/],
    ['a non-minimal 64-bit length', [0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0x01, 0x00], /minimal form/],
    ['a 64-bit length with its top bit set', [0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0], /most significant bit/],
  ])('refuses %s', (_label, bytes, message) => {
    expect(() => decodeFrame(new Uint8Array(bytes))).toThrow(message);
    expect(() => decodeFrame(new Uint8Array(bytes))).toThrow(FrameError);
  });
});

describe('parseClosePayload', () => {
  it('reads the code and UTF-8 reason, or none', () => {
    expect(parseClosePayload(new Uint8Array([0x03, 0xe8, ...new TextEncoder().encode('bye ✓')]))).toEqual({
      code: 1000,
      reason: 'bye ✓',
    });
    expect(parseClosePayload(new Uint8Array([]))).toEqual({code: null, reason: ''});
  });

  it('refuses a 1-byte body (1002) and a reason that is not UTF-8 (1007)', () => {
    expect(() => parseClosePayload(new Uint8Array([0x03]))).toThrow(
      expect.objectContaining({closeCode: 1002}) as Error,
    );
    expect(() => parseClosePayload(new Uint8Array([0x03, 0xe8, 0xff]))).toThrow(
      expect.objectContaining({closeCode: 1007}) as Error,
    );
  });
});

describe('applyMask', () => {
  it('is its own inverse and needs a 4-byte key', () => {
    const data = randomBytes(37);
    const key = randomBytes(4);
    expect(Buffer.from(applyMask(applyMask(data, key), key)).equals(data)).toBe(true);
    expect(() => applyMask(data, new Uint8Array(3))).toThrow(RangeError);
  });
});
