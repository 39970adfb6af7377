import {describe, expect, it} from 'vitest';
import {bytesToBase64, bytesToHex, deriveAccept} from '../../../../src/lib/acceptKey.ts';

describe('deriveAccept', () => {
  it('gives the value of RFC 6455 §1.3’s worked example', async () => {
    const derivation = await deriveAccept('dGhlIHNhbXBsZSBub25jZQ==');
    expect(derivation.accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('shows every step: key, key + GUID, the 20-byte digest in hex', async () => {
    const derivation = await deriveAccept('dGhlIHNhbXBsZSBub25jZQ==');
    expect(derivation.guid).toBe('258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    expect(derivation.concatenated).toBe('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    // The digest RFC 6455 §1.3 prints as bytes: 0xb3 0x7a 0x4f 0x2c … 0xea.
    expect(derivation.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea');
  });

  it('hashes the key as text, never base64-decoding it', async () => {
    // Same 16 decoded bytes, different text: a decoder would make these equal.
    const a = await deriveAccept('AAAAAAAAAAAAAAAAAAAAAA==');
    const b = await deriveAccept('AAAAAAAAAAAAAAAAAAAAAB==');
    expect(a.accept).not.toBe(b.accept);
  });
});

describe('byte encodings', () => {
  it('encodes base64 per RFC 4648, padding included', () => {
    expect(bytesToBase64(new Uint8Array([]))).toBe('');
    expect(bytesToBase64(new Uint8Array([0xff]))).toBe('/w==');
    expect(bytesToBase64(new TextEncoder().encode('foobar'))).toBe('Zm9vYmFy');
  });

  it('writes hex two digits a byte', () => {
    expect(bytesToHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff');
  });
});
