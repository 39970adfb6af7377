import type {DecodedFrame} from '../../lib/frames.ts';
import {formatCount} from '../../lib/format.ts';

/** One field of a frame header, as the byte grid shows and explains it. */
export interface FrameField {
  id: 'fin' | 'rsv' | 'opcode' | 'mask' | 'length' | 'extended-length' | 'masking-key' | 'payload';
  label: string;
  /** The field's value, in words. */
  value: string;
  explanation: string;
  source: string;
}

const OPCODE_MEANINGS: Record<number, string> = {
  0: 'continuation of a fragmented message',
  1: 'text (UTF-8)',
  2: 'binary',
  8: 'close',
  9: 'ping',
  10: 'pong',
};

export function frameFields(frame: DecodedFrame): FrameField[] {
  const fields: FrameField[] = [
    {
      id: 'fin',
      label: 'FIN',
      value: frame.fin ? '1: last frame of the message' : '0: more frames follow',
      explanation:
        'Set on the final frame of a message. A message may be split into fragments: the first carries the opcode, the rest are continuation frames, and the last has FIN set.',
      source: 'RFC 6455 §5.2, §5.4',
    },
    {
      id: 'rsv',
      label: 'RSV1–3',
      value: `${Number(frame.rsv1)}${Number(frame.rsv2)}${Number(frame.rsv3)}`,
      explanation:
        'Reserved for extensions. They must be 0 unless an extension negotiated in the handshake gives them a meaning: permessage-deflate sets RSV1 on compressed messages.',
      source: 'RFC 6455 §5.2; RFC 7692 §6',
    },
    {
      id: 'opcode',
      label: 'Opcode',
      value: `0x${frame.opcode.toString(16)}: ${OPCODE_MEANINGS[frame.opcode] ?? 'reserved'}`,
      explanation:
        'What the payload is: text, binary, or a control frame (close, ping, pong). Control frames are never fragmented and carry at most 125 bytes.',
      source: 'RFC 6455 §5.2, §5.5',
    },
    {
      id: 'mask',
      label: 'MASK',
      value: frame.masked ? '1: a masking key follows' : '0: not masked',
      explanation:
        'A client must mask every frame it sends; a server must never mask. Masking makes the bytes on the wire unpredictable to whoever wrote the page, so they cannot be crafted to look like HTTP to a proxy in between.',
      source: 'RFC 6455 §5.1, §5.3, §10.3',
    },
    {
      id: 'length',
      label: 'Payload len',
      value:
        frame.lengthForm === '7-bit'
          ? `${frame.payloadLength} (the length itself)`
          : frame.lengthForm === '16-bit'
            ? '126: the length is in the next 2 bytes'
            : '127: the length is in the next 8 bytes',
      explanation:
        'Seven bits: 0–125 is the length itself; 126 means a 16-bit length follows; 127 means a 64-bit length follows. The shortest form that fits must be used.',
      source: 'RFC 6455 §5.2',
    },
  ];
  if (frame.lengthForm !== '7-bit') {
    fields.push({
      id: 'extended-length',
      label: frame.lengthForm === '16-bit' ? 'Length (16 bits)' : 'Length (64 bits)',
      value: `${formatCount(frame.payloadLength)} bytes`,
      explanation:
        'The payload length as an unsigned big-endian number. In the 64-bit form the most significant bit must be 0.',
      source: 'RFC 6455 §5.2',
    });
  }
  if (frame.maskingKey) {
    fields.push({
      id: 'masking-key',
      label: 'Masking key',
      value: Array.from(frame.maskingKey, (byte) => byte.toString(16).padStart(2, '0')).join(' '),
      explanation:
        'Four random bytes chosen by the browser for this frame. Payload byte i is XORed with key byte i mod 4; doing it again restores the original.',
      source: 'RFC 6455 §5.3',
    });
  }
  fields.push({
    id: 'payload',
    label: 'Payload',
    value: `${formatCount(frame.payloadLength)} bytes${frame.masked ? ', masked' : ''}`,
    explanation: frame.masked
      ? 'The message bytes as they crossed the wire: masked. The table below unmasks the first few.'
      : 'The message bytes, as sent: servers do not mask.',
    source: 'RFC 6455 §5.2',
  });
  return fields;
}

/** Which field each header byte belongs to, for colouring the grid. */
export function byteFieldIds(frame: DecodedFrame): FrameField['id'][] {
  const ids: FrameField['id'][] = ['opcode', 'length'];
  const extended = frame.lengthForm === '16-bit' ? 2 : frame.lengthForm === '64-bit' ? 8 : 0;
  for (let i = 0; i < extended; i++) ids.push('extended-length');
  if (frame.maskingKey) for (let i = 0; i < 4; i++) ids.push('masking-key');
  return ids;
}
