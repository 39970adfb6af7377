import {describe, expect, it} from 'vitest';
import {hexPreview, parseHex} from '../../../../src/lib/hex.ts';

describe('parseHex', () => {
  it('reads pairs of hex digits, with or without spaces and commas', () => {
    expect(Array.from(parseHex('00 ff 7e')!)).toEqual([0, 255, 126]);
    expect(Array.from(parseHex('00FF7e')!)).toEqual([0, 255, 126]);
    expect(Array.from(parseHex(' 0a, 0b ')!)).toEqual([10, 11]);
  });

  it('refuses what is not whole bytes of hex', () => {
    for (const text of ['', 'f', '0g', 'hello', '0 0 0']) expect(parseHex(text), text).toBeNull();
  });
});

describe('hexPreview', () => {
  it('shows up to 32 bytes and marks the rest', () => {
    expect(hexPreview(new Uint8Array([1, 2, 255]))).toBe('01 02 ff');
    expect(hexPreview(new Uint8Array(40))).toMatch(/^(00 ){31}00 …$/);
  });
});
