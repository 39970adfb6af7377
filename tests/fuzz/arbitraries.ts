/**
 * Hostile input, generated: the building blocks every fuzz target draws from.
 * Texts are Latin-1 strings (one character per byte), so any byte sequence
 * can be written and a finding can be printed and replayed exactly.
 */
import fc from 'fast-check';

/** Repeats `unit` until `length` characters: long runs of one thing, the classic parser stressor. */
const run = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** UTF-8 bytes of a JS string, as a Latin-1 string (to embed text in a byte recipe). */
export const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/** Lengths around the bounds that matter here: tiny, around 125/126/65535/65536, 1 KiB, 16 KiB, 20 KiB, 64 KiB, 96 KiB. */
export const boundaryLength = fc.oneof(
  fc.integer({min: 0, max: 40}),
  fc.constantFrom(125, 126, 127, 1023, 1024, 1025, 4096, 16_383, 16_384, 16_385, 20_480, 20_481),
  fc.constantFrom(65_535, 65_536, 98_303, 98_304, 98_305),
  fc.integer({min: 0, max: 70_000}),
);

/** JSON nested `depth` levels deep, by arrays or objects, with a value at the bottom. */
export const deepJson = fc
  .record({
    depth: fc.oneof(
      fc.integer({min: 1, max: 40}),
      fc.constantFrom(31, 32, 33, 64, 500, 4_000, 4_500, 5_000),
      fc.integer({min: 1, max: 9_000}),
    ),
    kind: fc.constantFrom('array', 'object', 'mixed'),
    leaf: fc.constantFrom('1', '"x"', 'null', '[]', '{}', ''),
  })
  .map(({depth, kind, leaf}) => {
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      const array = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
      open += array ? '[' : '{"a":';
      close = (array ? ']' : '}') + close;
    }
    return `${open}${leaf}${close}`;
  });

/** Strings a validator may not expect: long, control characters, lone surrogates, quotes, NUL, RTL marks. */
export const hostileString = fc.oneof(
  fc.string({maxLength: 50}),
  fc.string({unit: 'binary', maxLength: 50}),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', '"', '\\', '</script>', '%00', '${x}'),
  fc
    .record({unit: fc.constantFrom('a', '"', '\\', '\u00e9', '\u{1f600}', '-', ' '), length: boundaryLength})
    .map(({unit, length}) => run(unit, length)),
);

/** A JSON value, as text, of any shape a client could send: valid, huge, deep, odd numbers, duplicate keys. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.json({maxDepth: 4}),
  deepJson,
  hostileString.map((text) => JSON.stringify(text)),
  fc.constantFrom(
    '1e400',
    '-1e400',
    '-0',
    '1'.repeat(400),
    '0.' + '0'.repeat(400) + '1',
    '"\\ud800"',
    '"\\u0000"',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":1,"a":2}',
    'true',
    'null',
    '[]',
    '{}',
  ),
  fc
    .record({count: fc.integer({min: 1, max: 3_000}), value: fc.constantFrom('1', '"a"', '{}', '[]', 'null')})
    .map(({count, value}) => `[${Array.from({length: count}, () => value).join(',')}]`),
  fc
    .record({count: fc.integer({min: 1, max: 2_000})})
    .map(({count}) => `{${Array.from({length: count}, (_, i) => `"k${i}":${i}`).join(',')}}`),
);

/** A JSON text cut short or otherwise broken. */
export const brokenJsonText = fc.oneof(
  hostileJsonText.chain((text) => fc.nat({max: Math.max(0, text.length - 1)}).map((cut) => text.slice(0, cut))),
  fc.string({unit: 'binary', maxLength: 200}),
  fc.constantFrom('{', '[', '{"a":', '"', 'nul', '{"a" 1}', '[1,]', '{,}', '\ufeff{}'),
);

/** An object whose fields hold hostile values: what a note, an envelope or a command looks like to a fuzzer. */
export function objectText(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, value]) =>
    fc.option(
      value.map((text) => `${JSON.stringify(name)}:${text}`),
      {nil: undefined, freq: 4},
    ),
  );
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.array(
        hostileJsonText.map((text) => `"extra":${text}`),
        {maxLength: 2},
      ),
    )
    .map(([present, extra]) => `{${[...present.filter((p) => p !== undefined), ...extra].join(',')}}`);
}

/** A value for one JSON field: usually the right type, often not. */
export const fieldText = (right: fc.Arbitrary<string>) =>
  fc.oneof({weight: 3, arbitrary: right}, {weight: 2, arbitrary: hostileJsonText});

/** Query values: numbers at and past their bounds, empty, encoded junk, long runs, repeated. */
export const queryValue = fc.oneof(
  fc.nat().map(String),
  fc.constantFrom('0', '-1', '1.5', '1e3', '0x10', ' 1', '999999999999999', '9'.repeat(16), '9'.repeat(400)),
  fc.constantFrom('', '%', '%0', '%00', '%ff', '%c3%28', '%e2%82', '+', '%2B', '%20', '\u00ff', 'null', 'undefined'),
  fc
    .record({unit: fc.constantFrom('a', '9', '%25', '-', '_'), length: boundaryLength})
    .map((r) => run(r.unit, r.length)),
  fc.string({maxLength: 30}).map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))),
);

/** A query string: the names a route reads, repeated or not, plus noise. */
export function queryString(names: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.stringMatching(/^[a-z%0-9]{0,8}$/)), queryValue), {
      maxLength: 5,
    })
    .chain((pairs) =>
      fc.oneof(
        fc.constant(pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`),
        fc.constantFrom('?', '?&&', `?${names[0] ?? 'a'}`, `?${names[0] ?? 'a'}=1&${names[0] ?? 'a'}=2`, '?=', '#x'),
      ),
    );
}

/** Paths: a real one, then pathological: long runs, dot segments, encodings, raw high bytes, empty segments. */
export function pathVariant(paths: readonly string[]): fc.Arbitrary<string> {
  const base = fc.constantFrom(...paths);
  return fc.oneof(
    {weight: 4, arbitrary: base},
    base.map((path) => `${path}/`),
    base.map((path) => path.toUpperCase()),
    base.map((path) => path.replace(/\//g, '//')),
    base.map((path) => path.replace(/\//g, '/%2F')),
    base.map((path) => `${path}/..`),
    base.map((path) => `/x/..${path}`),
    base.map((path) => path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)),
    fc
      .record({
        path: base,
        unit: fc.constantFrom('a', '/', '.', '%', '%2e', '../', '\u00ff', '~'),
        length: boundaryLength,
      })
      .map(({path, unit, length}) => `${path}/${run(unit, Math.min(length, 15_000))}`),
    fc.constantFrom('*', '', ' ', 'http://x/health', '//health', '/%', '/%00', '/\u00ff', '/..%2f..%2fetc/passwd'),
  );
}

export const method = fc.oneof(
  {weight: 6, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')},
  fc.constantFrom('get', 'TRACE', 'CONNECT', 'PRI', 'PROPFIND', 'WATCH', 'QUERY', 'M-SEARCH', 'GET ', ''),
  fc.string({unit: 'binary-ascii', minLength: 1, maxLength: 20}),
);

/** A header field: usually well formed, often on the edge of HTTP's grammar. */
export const header = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom(
        'Accept',
        'Content-Type',
        'Origin',
        'If-Match',
        'If-None-Match',
        'If-Modified-Since',
        'If-Unmodified-Since',
        'Last-Event-ID',
        'Session',
        'Cart-Token',
        'X-Forwarded-For',
        'Expect',
        'Connection',
        'Upgrade',
        'Access-Control-Request-Method',
        'Range',
        'Cookie',
      ),
      fc.oneof(queryValue, hostileString.map(utf8)),
    ),
  },
  fc.constantFrom<[string, string]>(
    ['Accept', 'application/json'],
    ['Accept', 'text/html;q=0.5, text/plain;q=0.9, */*;q=0'],
    ['Accept', run('text/plain;q=0.1,', 12_000)],
    ['Accept', 'image/png'],
    ['Origin', 'http://localhost:3000'],
    ['Origin', 'null'],
    ['Origin', 'https://evil.example'],
    ['Origin', `https://${run('a', 12_000)}.example`],
    ['If-Match', '*'],
    ['If-Match', run('"x", ', 12_000)],
    ['If-None-Match', 'W/"x", "y"'],
    ['If-Modified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT'],
    ['If-Modified-Since', 'not a date'],
    ['Expect', '100-continue'],
    ['Connection', 'close'],
    ['Connection', 'keep-alive, Upgrade'],
    ['Upgrade', 'h2c'],
    ['Upgrade', 'websocket'],
    ['Last-Event-ID', '99999999999999'],
    ['X-Forwarded-For', '1.2.3.4, 5.6.7.8'],
  ),
  fc.tuple(fc.string({unit: 'binary', maxLength: 12}), fc.string({unit: 'binary', maxLength: 40})),
);

/** Host field lines: usually the one a request needs, sometimes none, two, or odd values. */
export const hosts = fc.oneof(
  {weight: 6, arbitrary: fc.constant<string[]>(['127.0.0.1'])},
  fc.constant<string[]>([]),
  fc.constantFrom<string[]>([''], ['127.0.0.1', '127.0.0.1'], ['a', 'b'], ['user@host'], ['[::1]:8787'], ['x y']),
  boundaryLength.map((length) => [run('h', Math.min(length, 15_000))]),
);

/** How a body is framed: honestly, or with lengths that lie, or both framings at once. */
export const framing = fc.constantFrom(
  'length',
  'length',
  'chunked',
  'none',
  'length-short',
  'length-long',
  'length-twice',
  'length-and-chunked',
  'chunked-broken',
  'chunked-extensions',
);

export interface HttpRecipe {
  /** Latin-1 strings written one after another (a head split across writes, a body after it). */
  pieces: string[];
}

/** Builds the bytes of one request from its parts. */
export function request(parts: {
  method: string;
  target: string;
  version?: string;
  headers: Array<[string, string]>;
  body?: string;
  framing?: string;
  /** The Host field lines to send (RFC 9112 §3.2 asks for exactly one); one for 127.0.0.1 unless told. */
  hosts?: string[];
}): string {
  const {body = '', framing: how = body === '' ? 'none' : 'length', hosts = ['127.0.0.1']} = parts;
  const headers = [...parts.headers];
  let payload = body;
  if (how === 'length' || how === 'length-short' || how === 'length-long') {
    const delta = how === 'length-short' ? -1 : how === 'length-long' ? 10 : 0;
    headers.push(['Content-Length', String(Math.max(0, body.length + delta))]);
  } else if (how === 'length-twice') {
    headers.push(['Content-Length', String(body.length)], ['Content-Length', String(body.length + 1)]);
  } else if (how.startsWith('chunked') || how === 'length-and-chunked') {
    if (how === 'length-and-chunked') headers.push(['Content-Length', String(body.length)]);
    headers.push(['Transfer-Encoding', 'chunked']);
    const extension = how === 'chunked-extensions' ? `;${run('e=x;', 20_000)}` : '';
    const size = how === 'chunked-broken' ? 'zz' : body.length.toString(16);
    payload = body === '' ? '0\r\n\r\n' : `${size}${extension}\r\n${body}\r\n0\r\n\r\n`;
  }
  const lines = [`${parts.method} ${parts.target} HTTP/${parts.version ?? '1.1'}`, ...hosts.map((h) => `Host: ${h}`)];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${payload}`;
}

/** A frame as a client sends it (masked unless told otherwise), as a Latin-1 string. */
export function frame(options: {
  opcode: number;
  payload: string;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  /** Declare this length instead of the payload's own (a frame that lies about its size). */
  declaredLength?: number;
  /** Force a length form; for a short payload that is not the minimal encoding RFC 6455 §5.2 requires. */
  lengthForm?: 7 | 16 | 64;
}): string {
  const payload = Buffer.from(options.payload, 'latin1');
  const length = options.declaredLength ?? payload.length;
  const form = options.lengthForm ?? (length < 126 ? 7 : length < 65_536 ? 16 : 64);
  const masked = options.masked ?? true;
  const head = Buffer.alloc(2 + (form === 16 ? 2 : form === 64 ? 8 : 0) + (masked ? 4 : 0));
  head[0] = ((options.fin ?? true) ? 0x80 : 0) | (((options.rsv ?? 0) & 0x7) << 4) | (options.opcode & 0x0f);
  head[1] = (masked ? 0x80 : 0) | (form === 16 ? 126 : form === 64 ? 127 : length & 0x7f);
  if (form === 16) head.writeUInt16BE(length & 0xffff, 2);
  if (form === 64) head.writeBigUInt64BE(BigInt(length), 2);
  let body = payload;
  if (masked) {
    const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
    key.copy(head, head.length - 4);
    body = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] ?? 0)));
  }
  return Buffer.concat([head, body]).toString('latin1');
}

const OPCODE = {continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10} as const;

/** One client frame or a burst of them: valid, malformed, or a flood. `message` gives the endpoint's own text. */
export function frames(message: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
  const text = fc.oneof({weight: 3, arbitrary: message}, hostileString);
  const oneFrame = fc.oneof(
    {weight: 5, arbitrary: text.map((t) => frame({opcode: OPCODE.text, payload: utf8(t)}))},
    fc
      .uint8Array({maxLength: 300})
      .map((b) => frame({opcode: OPCODE.binary, payload: Buffer.from(b).toString('latin1')})),
    // Invalid UTF-8 in a text frame (§8.1: fail with 1007).
    fc
      .constantFrom('\xff', '\xc3\x28', '\xed\xa0\x80', '\xf4\x90\x80\x80', 'ok\xe2\x82')
      .map((payload) => frame({opcode: OPCODE.text, payload})),
    // Reserved bits, unknown opcodes, unmasked frames (§5.2, §5.1).
    fc
      .record({rsv: fc.integer({min: 1, max: 7}), opcode: fc.integer({min: 0, max: 15}), t: text})
      .map(({rsv, opcode, t}) => frame({opcode, rsv, payload: utf8(t)})),
    fc.constantFrom(3, 4, 5, 6, 7, 11, 12, 15).map((opcode) => frame({opcode, payload: 'x'})),
    text.map((t) => frame({opcode: OPCODE.text, payload: utf8(t), masked: false})),
    // Control frames: long payloads, fragmented, close codes valid and not, one-byte close payloads.
    fc.integer({min: 0, max: 300}).map((n) => frame({opcode: OPCODE.ping, payload: run('p', n)})),
    fc.integer({min: 0, max: 130}).map((n) => frame({opcode: OPCODE.pong, payload: run('q', n)})),
    fc.constant(frame({opcode: OPCODE.ping, payload: 'p', fin: false})),
    fc
      .record({
        code: fc.oneof(
          fc.constantFrom(0, 999, 1000, 1001, 1004, 1005, 1006, 1011, 1015, 2999, 3000, 4999, 5000),
          fc.nat(65_535),
        ),
        reason: fc.oneof(hostileString.map(utf8), fc.constant('\xff\xfe')),
      })
      .map(({code, reason}) => {
        const payload = Buffer.alloc(2);
        payload.writeUInt16BE(code);
        return frame({opcode: OPCODE.close, payload: payload.toString('latin1') + reason.slice(0, 200)});
      }),
    fc.constant(frame({opcode: OPCODE.close, payload: 'x'})),
    // Continuations with nothing to continue; a message begun and interrupted by another.
    fc.constant(frame({opcode: OPCODE.continuation, payload: 'orphan'})),
    text.map((t) => frame({opcode: OPCODE.text, payload: utf8(t), fin: false})),
    // Lengths that lie, lengths past every bound, non-minimal length forms.
    fc
      .record({declared: fc.constantFrom(126, 65_536, 98_305, 2 ** 31, 2 ** 53, 2 ** 63 - 1), payload: text})
      .map(({declared, payload}) => frame({opcode: OPCODE.text, payload: utf8(payload), declaredLength: declared})),
    text.map((t) => frame({opcode: OPCODE.text, payload: utf8(t), lengthForm: 64})),
    boundaryLength.map((n) => frame({opcode: OPCODE.binary, payload: run('b', n)})),
    // Compressed (RSV1) data on a connection that may not have negotiated it; garbage as deflate data.
    fc
      .uint8Array({maxLength: 64})
      .map((b) => frame({opcode: OPCODE.text, rsv: 4, payload: Buffer.from(b).toString('latin1')})),
    fc.string({unit: 'binary', maxLength: 100}),
  );
  return fc.oneof(
    {weight: 5, arbitrary: fc.array(oneFrame, {minLength: 1, maxLength: 6})},
    // A message in fragments, sometimes with a control frame or another message in the middle.
    fc
      .record({t: text, parts: fc.integer({min: 2, max: 40}), interleave: fc.constantFrom('none', 'ping', 'text')})
      .map(({t, parts, interleave}) => {
        const bytes = utf8(t) || 'x';
        const size = Math.max(1, Math.ceil(bytes.length / parts));
        const out: string[] = [];
        for (let i = 0, n = 0; i < bytes.length; i += size, n++) {
          out.push(
            frame({
              opcode: n === 0 ? OPCODE.text : OPCODE.continuation,
              payload: bytes.slice(i, i + size),
              fin: i + size >= bytes.length,
            }),
          );
          if (n === 0 && interleave === 'ping') out.push(frame({opcode: OPCODE.ping, payload: 'mid'}));
          if (n === 0 && interleave === 'text') out.push(frame({opcode: OPCODE.text, payload: 'mid'}));
        }
        return out;
      }),
    // Floods in one write: tiny frames by the thousand.
    fc
      .record({
        count: fc.integer({min: 100, max: 20_000}),
        opcode: fc.constantFrom(OPCODE.ping, OPCODE.pong, OPCODE.text, OPCODE.continuation),
      })
      .map(({count, opcode}) => {
        if (opcode === OPCODE.continuation) {
          // One message of `count` one-byte fragments.
          const parts = [frame({opcode: OPCODE.text, payload: 'a', fin: false})];
          for (let i = 1; i < count; i++)
            parts.push(frame({opcode: OPCODE.continuation, payload: 'a', fin: i === count - 1}));
          return [parts.join('')];
        }
        return [frame({opcode, payload: opcode === OPCODE.text ? 'x' : ''}).repeat(count)];
      }),
  );
}
