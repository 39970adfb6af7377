import {describe, expect, it} from 'vitest';
import {createFrameSplitter, frameReport} from '../../../../demo-server/src/ws/frameTap.ts';

const hello = Buffer.from([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
const maskedHello = Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);

describe('createFrameSplitter', () => {
  it('finds whole frames however the stream is chunked', () => {
    const stream = Buffer.concat([hello, maskedHello, hello]);
    for (let chunkSize = 1; chunkSize <= stream.length; chunkSize++) {
      const frames: Buffer[] = [];
      const push = createFrameSplitter(1024, (raw) => void frames.push(Buffer.from(raw)));
      for (let i = 0; i < stream.length; i += chunkSize) push(stream.subarray(i, i + chunkSize));
      expect(
        frames.map((f) => f.toString('hex')),
        `chunks of ${chunkSize}`,
      ).toEqual([hello.toString('hex'), maskedHello.toString('hex'), hello.toString('hex')]);
    }
  });

  it('survives a listener that feeds it again before returning (a report written in response)', () => {
    const frames: string[] = [];
    let push: (chunk: Buffer) => void = () => undefined;
    push = createFrameSplitter(1024, (raw) => {
      frames.push(raw.toString('hex'));
      if (frames.length === 1) push(hello);
    });
    push(maskedHello);
    expect(frames).toEqual([maskedHello.toString('hex'), hello.toString('hex')]);
  });

  it('stops for good past its bound or on an impossible length, holding nothing', () => {
    const frames: Buffer[] = [];
    const push = createFrameSplitter(10, (raw) => void frames.push(Buffer.from(raw)));
    push(Buffer.from([0x82, 0x7e, 0x01, 0x00])); // declares 256 bytes
    push(hello);
    expect(frames).toEqual([]);

    const other = createFrameSplitter(1 << 20, (raw) => void frames.push(Buffer.from(raw)));
    other(Buffer.from([0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    other(hello);
    expect(frames).toEqual([]);
  });
});

describe('frameReport', () => {
  it('describes RFC 6455’s masked "Hello" (§5.7)', () => {
    expect(frameReport('client-to-server', maskedHello, 1_700_000_000_000)).toEqual({
      type: 'frame',
      direction: 'client-to-server',
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: 1,
      masked: true,
      maskingKey: '37fa213d',
      payloadLength: 5,
      lengthForm: '7-bit',
      raw: maskedHello.toString('base64'),
      payload: Buffer.from('Hello').toString('base64'),
      at: 1_700_000_000_000,
    });
  });

  it('names the length form', () => {
    const medium = Buffer.concat([Buffer.from([0x82, 0x7e, 0x01, 0x00]), Buffer.alloc(256)]);
    expect(frameReport('server-to-client', medium)).toMatchObject({
      payloadLength: 256,
      lengthForm: '16-bit',
      masked: false,
    });
  });
});

describe('createFrameSplitter, told to stop', () => {
  it('delivers nothing after its listener returns false, not even the rest of the same chunk', () => {
    const seen: string[] = [];
    const push = createFrameSplitter(1024, (raw) => {
      seen.push(raw.toString('hex'));
      return seen.length < 2;
    });
    push(Buffer.concat([hello, maskedHello, hello, hello]));
    push(hello);
    expect(seen).toEqual([hello.toString('hex'), maskedHello.toString('hex')]);
  });
});
