/**
 * Pure parsing of FTP's control connection (RFC 959 §4.2): replies split out
 * of a byte stream, and the port in a passive-mode reply.
 */

/** One complete reply: its three-digit code and its lines, without CRLF. */
export interface FtpReply {
  code: number;
  lines: string[];
}

/**
 * Collects control-connection text into complete replies. A reply is one
 * line `ddd text`, or several: `ddd-text` first, then any lines, and the last
 * one starting with the same code and a space (RFC 959 §4.2). TCP may split
 * or join replies anywhere, so text is buffered until a reply is complete.
 */
export class FtpReplyReader {
  private partial = '';
  private lines: string[] = [];
  private code: string | null = null;

  /** Feeds text as it arrived; returns the replies it completed, in order. */
  push(text: string): FtpReply[] {
    this.partial += text;
    const replies: FtpReply[] = [];
    let end = this.partial.indexOf('\n');
    while (end !== -1) {
      const line = this.partial.slice(0, end).replace(/\r$/, '');
      this.partial = this.partial.slice(end + 1);
      const reply = this.line(line);
      if (reply) replies.push(reply);
      end = this.partial.indexOf('\n');
    }
    return replies;
  }

  private line(line: string): FtpReply | null {
    this.lines.push(line);
    if (this.code === null) {
      const match = /^(\d{3})([ -])/.exec(line);
      if (match === null) return null;
      if (match[2] === '-') {
        this.code = match[1] ?? null;
        return null;
      }
      return this.finish(Number(match[1]));
    }
    if (line.startsWith(`${this.code} `)) return this.finish(Number(this.code));
    return null;
  }

  private finish(code: number): FtpReply {
    const reply = {code, lines: this.lines};
    this.lines = [];
    this.code = null;
    return reply;
  }
}

/**
 * The data port a passive-mode reply names, or null:
 * `229 Entering Extended Passive Mode (|||6446|)` (RFC 2428 §3) or
 * `227 Entering Passive Mode (127,0,0,1,25,46)` (RFC 959 §4.1.2: port = p1 × 256 + p2).
 */
export function passivePortOf(line: string): number | null {
  const extended = /^229 .*\((.)\1\1(\d{1,5})\1\)/.exec(line);
  if (extended) return validPort(Number(extended[2]));
  const classic = /^227 .*?(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})/.exec(line);
  if (classic) {
    const high = Number(classic[5]);
    const low = Number(classic[6]);
    return high > 255 || low > 255 ? null : validPort(high * 256 + low);
  }
  return null;
}

function validPort(port: number): number | null {
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : null;
}

/** An FTP command line split into its verb (upper-cased) and argument. */
export function parseCommandLine(line: string): {verb: string; argument: string} {
  const space = line.indexOf(' ');
  const verb = (space === -1 ? line : line.slice(0, space)).toUpperCase();
  return {verb, argument: space === -1 ? '' : line.slice(space + 1)};
}

/** ASCII type (TYPE A, RFC 959 §3.1.1.1) sends end-of-line as CRLF: every lone LF becomes CRLF. */
export function toNetworkAscii(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x0a && bytes[i - 1] !== 0x0d) out.push(0x0d);
    out.push(byte);
  }
  return Buffer.from(out);
}
