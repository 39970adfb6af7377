import {describe, expect, it} from 'vitest';
import {bodyFraming, createMessageFramer} from '../../../../demo-server/src/httpInspect/messageFramer.ts';

/** Frames `stream` fed in pieces of `size` bytes; returns the messages as latin1 text. */
function frame(stream: string, size: number, max = 1 << 16): {messages: string[]; stopped: boolean; rest: string} {
  const messages: string[] = [];
  const framer = createMessageFramer(max, ({bytes}) => messages.push(bytes.toString('latin1')));
  const bytes = Buffer.from(stream, 'latin1');
  for (let i = 0; i < bytes.length; i += size) framer.push(bytes.subarray(i, i + size));
  return {messages, stopped: framer.stopped, rest: framer.current().toString('latin1')};
}

const GET = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
const POST = 'POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello';
const CHUNKED =
  'PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n' +
  '3;ext="a b"\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-T: 1\r\n\r\n';

describe('createMessageFramer', () => {
  it('cuts keep-alive requests apart at their ends, whatever the pieces the bytes arrive in', () => {
    const stream = GET + POST + '\r\n' + CHUNKED + GET;
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const {messages, stopped, rest} = frame(stream, size);
      expect(stopped).toBe(false);
      expect(messages).toEqual([GET, POST, `\r\n${CHUNKED}`, GET]);
      expect(rest).toBe('');
    }
  });

  it('keeps what has arrived of a request not yet whole', () => {
    const {messages, rest} = frame(GET + POST.slice(0, 50), 9);
    expect(messages).toEqual([GET]);
    expect(rest).toBe(POST.slice(0, 50));
  });

  it('stops on a chunk size that is not hex, a missing CRLF after a chunk, or a request past its bound', () => {
    expect(frame('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 4).stopped).toBe(true);
    expect(frame('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY', 4).stopped).toBe(true);
    const big = frame(POST, 5, 20);
    expect(big.stopped).toBe(true);
    expect(big.rest).toBe('');
  });
});

describe('bodyFraming', () => {
  it('reads the framing a head declares (RFC 9112 §6.3)', () => {
    expect(bodyFraming('GET / HTTP/1.1\r\nHost: x')).toEqual({chunked: false, length: 0});
    expect(bodyFraming('POST / HTTP/1.1\r\ncontent-length:  12 ')).toEqual({chunked: false, length: 12});
    expect(bodyFraming('POST / HTTP/1.1\r\nTRANSFER-ENCODING: Chunked')).toEqual({chunked: true});
    expect(bodyFraming('POST / HTTP/1.1\r\nContent-Length: 1e3')).toBeNull();
  });
});
