import {describe, expect, it} from 'vitest';
import {bytesFromBase64, latin1, splitMessage} from '../../../../src/lib/httpMessage.ts';

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const kinds = (text: string, side: 'request' | 'response', method?: string) =>
  splitMessage(bytes(text), side, method).parts.map((part) => [part.kind, part.text]);

describe('splitMessage', () => {
  it('splits a request with a Content-Length body, a leading empty line and odd spacing', () => {
    const text = '\r\nPOST /a HTTP/1.1\r\nhost:x\r\nContent-Length:  5 \r\n\r\nhello';
    const split = splitMessage(bytes(text), 'request');
    expect(split.parts.map((part) => part.kind)).toEqual([
      'leading-empty-line',
      'start-line',
      'field-line',
      'field-line',
      'empty-line',
      'body',
    ]);
    expect(split.parts[3]).toMatchObject({name: 'Content-Length', value: '5', text: 'Content-Length:  5 '});
    expect(split.framing).toEqual({kind: 'content-length', length: 5});
    expect(split.contentBytes).toBe(5);
    // Every byte is in exactly one part, in order.
    expect(split.parts.map((part) => latin1(part.bytes)).join('')).toBe(text);
  });

  it('splits a chunked response into sizes (hex and decimal), data, the last chunk and the trailer', () => {
    const text =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Server-Timing\r\n\r\n' +
      '1a;x=y\r\nabcdefghijklmnopqrstuvwxyz\r\n3\r\nabc\r\n0\r\nServer-Timing: app;dur=1\r\n\r\n';
    const split = splitMessage(bytes(text), 'response');
    expect(split.framing).toEqual({kind: 'chunked'});
    expect(split.contentBytes).toBe(29);
    expect(
      split.parts.filter((part) => part.kind === 'chunk-size').map((part) => [part.sizeHex, part.size, part.extension]),
    ).toEqual([
      ['1a', 26, ';x=y'],
      ['3', 3, ''],
    ]);
    expect(kinds(text, 'response').slice(-3)).toEqual([
      ['last-chunk', '0'],
      ['trailer-field', 'Server-Timing: app;dur=1'],
      ['trailer-end', ''],
    ]);
    expect(split.parts.map((part) => latin1(part.bytes)).join('')).toBe(text);
  });

  it('gives a HEAD response and a 204 no body, and a response with no length a body until close', () => {
    expect(kinds('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', 'response', 'HEAD').map(([kind]) => kind)).toEqual([
      'start-line',
      'field-line',
      'empty-line',
    ]);
    expect(splitMessage(bytes('HTTP/1.1 204 No Content\r\n\r\n'), 'response').framing).toEqual({kind: 'none'});
    const close = splitMessage(bytes('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc'), 'response');
    expect(close.framing).toEqual({kind: 'until-close'});
    expect(close.contentBytes).toBe(3);
  });

  it('leaves what it cannot read as one part, and decodes base64 to the same bytes', () => {
    expect(kinds('GET / HTTP/1.1\r\nHost: x', 'request')).toEqual([
      ['start-line', 'GET / HTTP/1.1'],
      ['rest', 'Host: x'],
    ]);
    expect(latin1(bytesFromBase64(Buffer.from('a\r\n\xff', 'latin1').toString('base64')))).toBe('a\r\n\xff');
  });
});
