/**
 * A STAND-IN for websocat (https://github.com/vi/websocat, version 1), for tests on a machine without it: websocat
 * has no Debian package, and its binaries come from GitHub releases, which this project's CI cannot fetch. It speaks
 * WebSocket with the `ws` library and implements exactly the options that `src/lib/recording/script.ts` writes,
 * with the behaviour websocat 1.x gives them in its source (`src/ws_peer.rs`, `src/line_peer.rs`) and `--help`:
 *
 *   websocat --text (--linemode-strip-newlines | -0) --text-prefix P --binary-prefix Q --base64
 *            [--buffer-size N] [--origin O] [--protocol 'a, b'] [--close-status-code C [--close-reason R]] URL
 *
 * - stdin is cut into lines at LF (at NUL with `-0`); each line is one message, its terminator dropped (with
 *   `--linemode-strip-newlines`, a CR before the LF too). At the end of input, an unfinished line is still sent.
 * - An outgoing line starting with the text prefix loses it and is a text message; then one starting with the binary
 *   prefix loses that and is a binary message, its rest decoded from base64 (`--base64`). Anything else is text
 *   (`--text`).
 * - A received text message is printed after the text prefix; a binary one after the binary prefix, in base64
 *   followed by LF. Each is then a line: its trailing LF (and CR) removed, any other LF or CR turned into a space, and
 *   an LF appended; with `-0`, a trailing NUL removed and a NUL appended instead.
 * - When stdin ends, it sends a Close frame (with the code and reason if given), and exits when the connection
 *   closes.
 *
 * Any other option, or a line longer than the buffer (websocat would split it), is an error: a script that starts
 * using something this does not implement fails its test instead of passing on a guess.
 */
import {WebSocket, type RawData} from 'ws';

interface Options {
  nulTerminated: boolean;
  stripNewlines: boolean;
  textPrefix: string | null;
  binaryPrefix: string | null;
  base64: boolean;
  bufferSize: number;
  origin: string | null;
  protocol: string | null;
  closeCode: number | null;
  closeReason: string;
  url: string;
}

function fail(message: string): never {
  process.stderr.write(`websocat (stand-in): ${message}\n`);
  process.exit(2);
}

function parse(argv: string[]): Options {
  const options: Options = {
    nulTerminated: false,
    stripNewlines: false,
    textPrefix: null,
    binaryPrefix: null,
    base64: false,
    bufferSize: 65_536,
    origin: null,
    protocol: null,
    closeCode: null,
    closeReason: '',
    url: '',
  };
  const value = (i: number, name: string): string => argv[i + 1] ?? fail(`${name} needs a value`);
  let text = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    switch (arg) {
      case '--text':
      case '-t':
        text = true;
        break;
      case '--linemode-strip-newlines':
        options.stripNewlines = true;
        break;
      case '-0':
      case '--null-terminated':
        options.nulTerminated = true;
        break;
      case '--base64':
        options.base64 = true;
        break;
      case '--text-prefix':
        options.textPrefix = value(i++, arg);
        break;
      case '--binary-prefix':
        options.binaryPrefix = value(i++, arg);
        break;
      case '--buffer-size':
      case '-B':
        options.bufferSize = Number(value(i++, arg));
        break;
      case '--origin':
        options.origin = value(i++, arg);
        break;
      case '--protocol':
        options.protocol = value(i++, arg);
        break;
      case '--close-status-code':
        options.closeCode = Number(value(i++, arg));
        break;
      case '--close-reason':
        options.closeReason = value(i++, arg);
        break;
      default:
        if (arg.startsWith('-')) fail(`${arg} is not implemented by this stand-in`);
        if (options.url !== '') fail('one URL only (simple client mode)');
        options.url = arg;
    }
  }
  if (!text) fail('the replay script always passes --text');
  if (options.url === '') fail('no URL');
  return options;
}

function startsWith(bytes: Buffer, prefix: string | null): prefix is string {
  return prefix !== null && bytes.subarray(0, Buffer.byteLength(prefix)).equals(Buffer.from(prefix));
}

/** One line of input as the message websocat sends (ws_peer.rs, WsWriteWrapper::write). */
function message(line: Buffer, options: Options): {data: Buffer; binary: boolean} {
  let rest = line;
  let binary = false;
  if (startsWith(rest, options.textPrefix)) rest = rest.subarray(Buffer.byteLength(options.textPrefix));
  if (startsWith(rest, options.binaryPrefix)) {
    rest = rest.subarray(Buffer.byteLength(options.binaryPrefix));
    binary = true;
  }
  if (binary && options.base64) {
    let encoded = rest.toString('latin1');
    if (encoded.endsWith('\n')) encoded = encoded.slice(0, -1);
    if (encoded.endsWith('\r')) encoded = encoded.slice(0, -1);
    if (/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) && encoded.length % 4 === 0) rest = Buffer.from(encoded, 'base64');
  }
  return {data: rest, binary};
}

/** A received message as the line websocat prints (ws_peer.rs prefixes and base64, then line_peer.rs msg2line). */
function line(data: Buffer, binary: boolean, options: Options): Buffer {
  const prefix = Buffer.from((binary ? options.binaryPrefix : options.textPrefix) ?? '');
  let out = binary && options.base64 ? Buffer.from(`${data.toString('base64')}\n`) : data;
  out = Buffer.concat([prefix, out]);
  if (options.nulTerminated) {
    if (out.at(-1) === 0) out = out.subarray(0, -1);
    return Buffer.concat([out, Buffer.from([0])]);
  }
  if (out.at(-1) === 0x0a) out = out.subarray(0, -1);
  if (out.at(-1) === 0x0d) out = out.subarray(0, -1);
  const copy = Buffer.from(out);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0x0a || copy[i] === 0x0d) copy[i] = 0x20;
  return Buffer.concat([copy, Buffer.from([0x0a])]);
}

const options = parse(process.argv.slice(2));
const protocols = options.protocol === null ? [] : options.protocol.split(',').map((name) => name.trim());
const socket = new WebSocket(options.url, protocols, options.origin === null ? {} : {origin: options.origin});

const terminator = options.nulTerminated ? 0 : 0x0a;
let pending = Buffer.alloc(0);
const lines: Buffer[] = [];
let inputEnded = false;

function takeLines(): void {
  for (let end = pending.indexOf(terminator); end !== -1; end = pending.indexOf(terminator)) {
    let chunk = pending.subarray(0, end);
    pending = pending.subarray(end + 1);
    if (!options.nulTerminated && options.stripNewlines && chunk.at(-1) === 0x0d) chunk = chunk.subarray(0, -1);
    lines.push(chunk);
  }
}

function flush(): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  for (let chunk = lines.shift(); chunk !== undefined; chunk = lines.shift()) {
    if (chunk.length > options.bufferSize) fail(`a line of ${chunk.length} bytes: websocat would split it`);
    const {data, binary} = message(chunk, options);
    socket.send(data, {binary});
  }
  if (inputEnded) {
    if (options.closeCode === null) socket.close();
    else socket.close(options.closeCode, options.closeReason);
  }
}

process.stdin.on('data', (chunk: Buffer) => {
  pending = Buffer.concat([pending, chunk]);
  takeLines();
  flush();
});
process.stdin.on('end', () => {
  // websocat sends an unfinished last line too ("Sending possibly incomplete line").
  if (pending.length > 0) lines.push(pending);
  pending = Buffer.alloc(0);
  inputEnded = true;
  flush();
});

socket.on('open', flush);
socket.on('message', (data: RawData, isBinary: boolean) => {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  process.stdout.write(line(bytes, isBinary, options));
});
socket.on('error', (error) => {
  process.stderr.write(`websocat (stand-in): ${error.message}\n`);
  process.exitCode = 1;
});
socket.on('close', () => {
  process.stdin.destroy();
  process.exitCode ??= 0;
});
