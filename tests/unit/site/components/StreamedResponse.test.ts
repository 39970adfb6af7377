import {describe, expect, it} from 'vitest';
import {cutOf, showChunk, unfinishedUtf8} from '../../../../src/components/StreamedResponse/chunks.ts';
import {createEventStreamParser} from '../../../../src/lib/eventStream.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('StreamedResponse chunks', () => {
  it('counts the bytes of a character a chunk leaves unfinished', () => {
    const dash = bytes('\u2014'); // three bytes
    const satellite = bytes('\u{1F6F0}'); // four bytes
    expect(unfinishedUtf8(bytes('ab'))).toBe(0);
    expect(unfinishedUtf8(dash)).toBe(0);
    expect(unfinishedUtf8(dash.subarray(0, 1))).toBe(1);
    expect(unfinishedUtf8(dash.subarray(0, 2))).toBe(2);
    expect(unfinishedUtf8(satellite.subarray(0, 3))).toBe(3);
    expect(unfinishedUtf8(new Uint8Array([0x61, 0xc3]))).toBe(1);
  });

  it('shows line ends and the bytes of a cut character', () => {
    const chunk = new Uint8Array([...bytes('id: 1\r\ndata: \u00e9'), ...bytes('\u2014').subarray(0, 2)]);
    expect(showChunk(chunk)).toBe('id: 1\\r\\n\ndata: é‹e2›‹80›');
  });

  it('says where each chunk was cut, from what the parser still holds', () => {
    const parser = createEventStreamParser();
    const cuts = ['id: 1\ndata: {"tok', 'en":1}\n', '\nid: 2\n', 'data: \u00e9\n\n'].map((text) => {
      const chunk = bytes(text);
      parser.push(chunk);
      return cutOf(chunk, parser);
    });
    expect(cuts).toEqual(['mid-line', 'line-end', 'line-end', 'event-end']);
    const split = bytes('data: \u00e9').subarray(0, 7);
    parser.push(split);
    expect(cutOf(split, parser)).toBe('mid-character');
  });
});
