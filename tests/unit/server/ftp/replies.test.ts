/** Parsing FTP's control connection: replies out of a byte stream, passive ports, command lines, ASCII type. */
import {describe, expect, it} from 'vitest';
import {
  FtpReplyReader,
  parseCommandLine,
  passivePortOf,
  toNetworkAscii,
} from '../../../../demo-server/src/ftp/replies.ts';

describe('FtpReplyReader', () => {
  it('splits single-line replies however TCP cut them', () => {
    const reader = new FtpReplyReader();
    expect(reader.push('220 Hello\r\n331 Pass')).toEqual([{code: 220, lines: ['220 Hello']}]);
    expect(reader.push('word please\r')).toEqual([]);
    expect(reader.push('\n')).toEqual([{code: 331, lines: ['331 Password please']}]);
  });

  it('keeps a multi-line reply together until the line with its code and a space (RFC 959 §4.2)', () => {
    const reader = new FtpReplyReader();
    expect(reader.push('211-Features:\r\n EPSV\r\n 211 is not the end\r\n')).toEqual([]);
    expect(reader.push('211 End\r\n200 OK\r\n')).toEqual([
      {code: 211, lines: ['211-Features:', ' EPSV', ' 211 is not the end', '211 End']},
      {code: 200, lines: ['200 OK']},
    ]);
  });
});

describe('passivePortOf', () => {
  it('reads the port of an EPSV reply (RFC 2428 §3), whatever the delimiter', () => {
    expect(passivePortOf('229 Entering Extended Passive Mode (|||6446|)')).toBe(6446);
    expect(passivePortOf('229 Entering Extended Passive Mode (!!!40000!)')).toBe(40000);
  });

  it('computes the port of a PASV reply as p1 × 256 + p2 (RFC 959 §4.1.2)', () => {
    expect(passivePortOf('227 Entering Passive Mode (127,0,0,1,195,80)')).toBe(195 * 256 + 80);
  });

  it('returns null for anything else or an impossible port', () => {
    expect(passivePortOf('200 OK')).toBeNull();
    expect(passivePortOf('229 Entering Extended Passive Mode (|||70000|)')).toBeNull();
    expect(passivePortOf('227 Entering Passive Mode (127,0,0,1,300,1)')).toBeNull();
    expect(passivePortOf('229 Entering Extended Passive Mode (|!|6446|)')).toBeNull();
  });
});

describe('parseCommandLine', () => {
  it('upper-cases the verb and keeps the argument as sent', () => {
    expect(parseCommandLine('retr Welcome.txt')).toEqual({verb: 'RETR', argument: 'Welcome.txt'});
    expect(parseCommandLine('NOOP')).toEqual({verb: 'NOOP', argument: ''});
    expect(parseCommandLine('RETR name with spaces')).toEqual({verb: 'RETR', argument: 'name with spaces'});
  });
});

describe('toNetworkAscii', () => {
  it('turns each lone LF into CRLF and leaves existing CRLF alone', () => {
    expect(toNetworkAscii(Buffer.from('a\nb\r\nc\n')).toString()).toBe('a\r\nb\r\nc\r\n');
  });
});
