/**
 * What the fuzzer aims at: every HTTP endpoint and every WebSocket endpoint
 * of the demo server, each with a generator of hostile input and the way to
 * send it. Each target's input is plain data (Latin-1 strings for bytes), so
 * a finding prints exactly and replays exactly.
 */
import {deflateRawSync} from 'node:zlib';
import fc from 'fast-check';
import {COOKIE_CASES, COOKIE_PATHS} from '../../demo-server/src/contract/cookies.ts';
import {CORS_CASES} from '../../demo-server/src/contract/cors.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {REDIRECT_STATUSES} from '../../demo-server/src/contract/redirects.ts';
import {FTP_VS_HTTP_FILES} from '../../demo-server/src/contract/ftpVsHttp.ts';
import {ECHO_SUBPROTOCOLS} from '../../demo-server/src/contract/websocket.ts';
import {
  boundaryLength,
  brokenJsonText,
  deepJson,
  fieldText,
  frame,
  frames,
  framing,
  header,
  hosts,
  hostileJsonText,
  hostileString,
  method,
  objectText,
  pathVariant,
  queryString,
  queryValue,
  request,
  utf8,
} from './arbitraries.ts';
import type {ServerUnderFuzz} from './harness.ts';
import {checkExchange, checkSession} from './oracle.ts';
import {exchange, wsSession} from './wire.ts';

export interface Context {
  port: number;
  server: ServerUnderFuzz;
  /**
   * Cut the connection this long after it opens, whatever has been sent or
   * answered: a client that goes away mid-request, mid-stream or mid-run.
   * Its answer is then not judged; the server must still survive it.
   */
  abortAfterMs?: number;
}

export interface Target<Input> {
  name: string;
  /** What it aims at, in a few words. */
  aims: string;
  input: fc.Arbitrary<Input>;
  /** Sends one input; the problems with what came back (empty when the answer was of the documented kind). */
  run(input: Input, context: Context): Promise<string[]>;
}

// Every path an HTTP client can reach, and every WebSocket path (which answers 426 to plain HTTP).
const HTTP_PATHS = [
  '/',
  ENDPOINTS.health,
  ENDPOINTS.ready,
  ENDPOINTS.eventsPoll,
  ENDPOINTS.eventsLongPoll,
  ENDPOINTS.eventsStream,
  ENDPOINTS.eventsStreamDrop,
  ENDPOINTS.eventsFaults,
  ENDPOINTS.eventsCosts,
  ENDPOINTS.time,
  ENDPOINTS.hold,
  ENDPOINTS.noteValidator,
  ENDPOINTS.openapi,
  ENDPOINTS.asyncapi,
  ENDPOINTS.api,
  `${ENDPOINTS.api}/sandboxes`,
  `${ENDPOINTS.viaCache}${ENDPOINTS.api}`,
  `${ENDPOINTS.recordedRequests}/AAAAAAAAAAAAAAAA`,
  `${ENDPOINTS.attempts}/AAAAAAAA?attempt=AAAAAAAA`,
  `${ENDPOINTS.viaProxy}/plain${ENDPOINTS.eventsPoll}`,
  '/balanced/stateful/login',
  '/balanced/stateful/cart',
  '/balanced/stateless/cart',
  `${ENDPOINTS.files}/welcome.txt`,
  `${ENDPOINTS.cors}/json`,
  `${ENDPOINTS.httpRedirect}/307`,
  `${ENDPOINTS.cookies}/echo`,
  `${ENDPOINTS.negotiate}/document`,
  `${ENDPOINTS.negotiate}/records/AAAAAAAA`,
  ENDPOINTS.timing,
  ENDPOINTS.streamedResponse,
  `${ENDPOINTS.httpInspect}/sessions`,
];
const WS_PATHS = [
  ENDPOINTS.echo,
  ENDPOINTS.inspect,
  ENDPOINTS.inspectDeflate,
  ENDPOINTS.eventsWebSocket,
  ENDPOINTS.restWebSocket,
  ENDPOINTS.ftpVsHttp,
  ENDPOINTS.faults,
];
const ALL_PATHS = [...HTTP_PATHS, ...WS_PATHS];
/** Every path the fuzzer sends to (targets.test.ts checks it covers ENDPOINTS). */
export const FUZZED_PATHS: readonly string[] = ALL_PATHS;

/**
 * Deadline for an HTTP input: `/hold` may rightly take 5 s, and a request
 * that never completes is cut off by the server's request timeout (FUZZ_LIMITS).
 */
const HTTP_DEADLINE_MS = 6_500;

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) goes as its raw UTF-8 bytes. */
const encodePathSegment = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** Sends a request (in pieces, when the head is split) and checks every answer. */
async function sendHttp(context: Context, pieces: string[], requestMethod: string, stream = false) {
  if (context.abortAfterMs !== undefined) {
    await exchange(context.port, pieces.map(bytes), {deadlineMs: context.abortAfterMs, pieceGapMs: 5});
    return [];
  }
  const result = await exchange(context.port, pieces.map(bytes), {
    deadlineMs: HTTP_DEADLINE_MS,
    settleMs: 20,
    head: requestMethod === 'HEAD',
    headsWanted: stream ? 1 : undefined,
    pieceGapMs: pieces.length > 1 ? 5 : undefined,
  });
  return checkExchange(result, requestMethod);
}

/** POST /api/sandboxes: a fresh sandbox for one input, so inputs do not fill each other's. */
async function newSandbox(context: Context): Promise<string> {
  const result = await exchange(
    context.port,
    [bytes(request({method: 'POST', target: '/api/sandboxes', headers: []}))],
    {
      deadlineMs: 5_000,
      settleMs: 5,
    },
  );
  const location = result.answers[0]?.headers.location;
  if (location === undefined)
    throw new Error(`Could not create a sandbox: ${result.raw.toString('latin1').slice(0, 200)}`);
  return location;
}

interface HttpInput {
  method: string;
  target: string;
  hosts: string[];
  version: string;
  headers: Array<[string, string]>;
  body: string;
  framing: string;
  /** Split the head here (two writes), or not at all (-1). */
  splitAt: number;
}

const httpInput = (targets: fc.Arbitrary<string>, bodies: fc.Arbitrary<string>): fc.Arbitrary<HttpInput> =>
  fc.record({
    method,
    target: targets,
    hosts,
    version: fc.oneof(
      {weight: 8, arbitrary: fc.constant('1.1')},
      fc.constantFrom('1.0', '0.9', '2.0', '1.2', '1.10', '11', 'x'),
    ),
    headers: fc.array(header, {maxLength: 6}),
    body: fc.oneof({weight: 2, arbitrary: fc.constant('')}, bodies),
    framing,
    splitAt: fc.oneof({weight: 3, arbitrary: fc.constant(-1)}, fc.nat(200)),
  });

function httpPieces(input: HttpInput): string[] {
  const text = request(input);
  if (input.splitAt < 0 || input.splitAt >= text.length) return [text];
  return [text.slice(0, input.splitAt), text.slice(input.splitAt)];
}

const httpFraming: Target<HttpInput> = {
  name: 'http-framing',
  aims: "Node's HTTP parsing and every route: methods, versions, header edge cases, bodies framed honestly and not",
  input: httpInput(
    fc.tuple(pathVariant(ALL_PATHS), queryString(['since', 'session', 'ms', 'lastEventId'])).map(([p, q]) => p + q),
    fc.oneof(hostileJsonText, brokenJsonText, fc.string({unit: 'binary', maxLength: 2_000})),
  ),
  run: (input, context) =>
    sendHttp(context, httpPieces(input), input.method, input.target.startsWith(ENDPOINTS.eventsStream)),
};

interface EventsInput {
  path: string;
  method: string;
  query: string;
  headers: Array<[string, string]>;
}

const events: Target<EventsInput> = {
  name: 'http-events',
  aims: 'the event transports and their helpers: poll, long-poll, SSE, drop, costs, time, hold',
  input: fc.record({
    path: fc.constantFrom(
      ENDPOINTS.eventsPoll,
      ENDPOINTS.eventsLongPoll,
      ENDPOINTS.eventsStream,
      ENDPOINTS.eventsStreamDrop,
      ENDPOINTS.eventsCosts,
      ENDPOINTS.time,
      ENDPOINTS.hold,
    ),
    method: fc.oneof({weight: 5, arbitrary: fc.constant('GET')}, fc.constantFrom('HEAD', 'POST', 'OPTIONS', 'DELETE')),
    query: fc.oneof(
      queryString(['since', 'session', 'ms', 'lastEventId']),
      fc
        .record({since: fc.nat(400), session: fc.constantFrom('fuzzsession1', 'x', '', 'a'.repeat(65)), ms: fc.nat(60)})
        .map(({since, session, ms}) => `?since=${since}&session=${session}&ms=${ms}`),
    ),
    headers: fc.array(
      fc.oneof(
        header,
        queryValue.map((value): [string, string] => ['Last-Event-ID', value]),
      ),
      {maxLength: 3},
    ),
  }),
  run: (input, context) =>
    sendHttp(
      context,
      [request({method: input.method, target: input.path + input.query, headers: input.headers})],
      input.method,
      input.path === ENDPOINTS.eventsStream && input.method === 'GET',
    ),
};

interface NoteInput {
  via: string;
  method: string;
  /** Where in the sandbox: the collection, a note, or something that is neither. */
  place: string;
  contentType: string;
  body: string;
  headers: Array<[string, string]>;
  framing: string;
}

const noteText = objectText({
  title: fieldText(hostileString.map((s) => JSON.stringify(s))),
  body: fieldText(hostileString.map((s) => JSON.stringify(s))),
  tags: fieldText(
    fc
      .array(
        hostileString.map((s) => JSON.stringify(s)),
        {maxLength: 12},
      )
      .map((t) => `[${t.join(',')}]`),
  ),
  id: fc.oneof(fc.constantFrom('1', '2', '"1"'), deepJson),
});

const apiNotes: Target<NoteInput> = {
  name: 'http-api',
  aims: 'the REST API and the cache in front of it: notes created, replaced, merged and deleted with hostile bodies',
  input: fc.record({
    via: fc.constantFrom('', ENDPOINTS.viaCache),
    method: fc.oneof({weight: 6, arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH')}, method),
    place: fc.oneof(
      fc.constantFrom(
        '/notes',
        '/notes/1',
        '/notes/2',
        '/notes/3',
        '',
        '/notes/0',
        '/notes/999999999',
        '/notes/1/x',
        '/x',
      ),
      queryValue.map((value) => `/notes/${value}`),
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/merge-patch+json',
      'application/json; charset=utf-8',
      'text/plain',
      'APPLICATION/JSON',
      '',
    ),
    body: fc.oneof({weight: 4, arbitrary: noteText}, hostileJsonText, brokenJsonText),
    headers: fc.array(header, {maxLength: 3}),
    framing: fc.oneof({weight: 5, arbitrary: fc.constant('length')}, framing),
  }),
  async run(input, context) {
    const sandbox = await newSandbox(context);
    const headers: Array<[string, string]> = [...input.headers];
    if (input.contentType !== '') headers.push(['Content-Type', input.contentType]);
    const text = request({
      method: input.method,
      target: `${input.via}${sandbox}${input.place}`,
      headers,
      body: utf8(input.body),
      framing: input.framing,
    });
    return sendHttp(context, [text], input.method);
  },
};

interface RestMiscInput {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  recorded: string;
}

const apiMisc: Target<RestMiscInput> = {
  name: 'http-api-misc',
  aims: 'the API root and sandboxes collection, CORS preflights, negotiation, and recorded requests',
  input: fc.record({
    method,
    path: pathVariant([ENDPOINTS.api, `${ENDPOINTS.api}/sandboxes`, `${ENDPOINTS.viaCache}${ENDPOINTS.api}`]),
    headers: fc.array(header, {maxLength: 5}),
    recorded: fc.oneof(fc.constant('real'), queryValue, fc.constantFrom('', 'A'.repeat(16), 'A'.repeat(17), '../api')),
  }),
  async run(input, context) {
    const first = await sendHttp(
      context,
      [request({method: input.method, target: input.path, headers: input.headers})],
      input.method,
    );
    // A recorded request: the real id the API just gave, or a made-up one.
    let id = input.recorded;
    if (id === 'real') {
      const answer = await exchange(
        context.port,
        [bytes(request({method: 'GET', target: ENDPOINTS.api, headers: []}))],
        {
          deadlineMs: 5_000,
          settleMs: 5,
        },
      );
      id = answer.answers[0]?.headers['recorded-request']?.split('/').pop() ?? '';
    }
    const second = await sendHttp(
      context,
      [
        request({
          method: input.method === 'HEAD' ? 'HEAD' : 'GET',
          target: `${ENDPOINTS.recordedRequests}/${id}`,
          headers: [],
        }),
      ],
      input.method === 'HEAD' ? 'HEAD' : 'GET',
    );
    return [...first, ...second];
  },
};

interface BalancedInput {
  path: string;
  method: string;
  session: string;
  token: string;
  body: string;
  framing: string;
}

const balanced: Target<BalancedInput> = {
  name: 'http-balanced',
  aims: 'the two replicas behind the balancer: sessions, signed cart tokens, cart items',
  input: fc.record({
    path: fc.constantFrom(
      '/balanced/stateful/login',
      '/balanced/stateful/cart',
      '/balanced/stateless/cart',
      '/balanced/x',
    ),
    method: fc.oneof({weight: 4, arbitrary: fc.constantFrom('GET', 'POST')}, method),
    session: fc.oneof(fc.constant('real'), fc.constant(''), queryValue),
    token: fc.oneof(fc.constant('real'), fc.constant('forged'), fc.constant(''), queryValue),
    body: fc.oneof(
      objectText({item: fieldText(hostileString.map((s) => JSON.stringify(s)))}),
      hostileJsonText,
      brokenJsonText,
    ),
    framing: fc.oneof({weight: 4, arbitrary: fc.constant('length')}, framing),
  }),
  async run(input, context) {
    const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
    if (input.session !== '') {
      let session = input.session;
      if (session === 'real') {
        const login = await exchange(
          context.port,
          [bytes(request({method: 'POST', target: '/balanced/stateful/login', headers: []}))],
          {
            deadlineMs: 5_000,
            settleMs: 5,
          },
        );
        session = (JSON.parse(login.answers[0]?.body.toString() ?? '{}') as {session?: string}).session ?? '';
      }
      headers.push(['Session', session]);
    }
    if (input.token !== '') {
      let token = input.token;
      if (token === 'real' || token === 'forged') {
        const cart = await exchange(
          context.port,
          [bytes(request({method: 'GET', target: '/balanced/stateless/cart', headers: []}))],
          {
            deadlineMs: 5_000,
            settleMs: 5,
          },
        );
        token = cart.answers[0]?.headers['cart-token'] ?? '';
        if (input.token === 'forged')
          token = `${Buffer.from('{"items":[' + '"x",'.repeat(500) + '"x"]}').toString('base64url')}.${token.split('.')[1] ?? ''}`;
      }
      headers.push(['Cart-Token', token]);
    }
    return sendHttp(
      context,
      [request({method: input.method, target: input.path, headers, body: utf8(input.body), framing: input.framing})],
      input.method,
    );
  },
};

interface CorsInput {
  path: string;
  method: string;
  preflight: Array<[string, string]>;
  headers: Array<[string, string]>;
  attempt: string;
  body: string;
  framing: string;
}

const cors: Target<CorsInput> = {
  name: 'http-cors',
  aims: "/cors/{case}: preflights asking for hostile methods and header lists, each case's methods and bodies",
  input: fc.record({
    path: pathVariant([...CORS_CASES.map((name) => `${ENDPOINTS.cors}/${name}`), ENDPOINTS.cors]),
    method: fc.oneof({weight: 4, arbitrary: fc.constantFrom('OPTIONS', 'GET', 'POST', 'DELETE')}, method),
    preflight: fc.array(
      fc.tuple(
        fc.constantFrom('Access-Control-Request-Method', 'Access-Control-Request-Headers'),
        fc.oneof(
          fc.constantFrom('DELETE', 'content-type', 'x-request-id', 'content-type,x-request-id', ',,,', ''),
          hostileString.map(utf8),
        ),
      ),
      {maxLength: 3},
    ),
    headers: fc.array(header, {maxLength: 4}),
    attempt: fc.oneof(
      fc.constant(''),
      fc.constant('?attempt=fuzz-attempt-1'),
      queryValue.map((v) => `?attempt=${v}`),
    ),
    body: fc.oneof(fc.constant(''), hostileJsonText, brokenJsonText),
    framing: fc.oneof({weight: 4, arbitrary: fc.constant('length')}, framing),
  }),
  run(input, context) {
    return sendHttp(
      context,
      [
        request({
          method: input.method,
          target: `${input.path}${input.attempt}`,
          headers: [['Origin', 'http://localhost:3000'], ...input.preflight, ...input.headers],
          body: utf8(input.body),
          framing: input.body === '' ? 'none' : input.framing,
        }),
      ],
      input.method,
    );
  },
};

interface RedirectInput {
  path: string;
  method: string;
  headers: Array<[string, string]>;
  attempt: string;
  body: string;
  framing: string;
}

/** A Location the redirect routes may send: a path under their prefix, then at most the attempt id, nothing else. */
const OWN_LOCATION = new RegExp(`^${ENDPOINTS.httpRedirect}/[a-z0-9/]+(?:\\?attempt=[A-Za-z0-9_-]{8,64})?$`);

const redirects: Target<RedirectInput> = {
  name: 'http-redirect',
  aims: '/http/redirect/…: each status, chains, the loop and the target, with hostile methods, bodies and attempt ids; every Location stays on the server',
  input: fc.record({
    path: pathVariant([
      ...REDIRECT_STATUSES.map((status) => `${ENDPOINTS.httpRedirect}/${status}`),
      `${ENDPOINTS.httpRedirect}/chain/1`,
      `${ENDPOINTS.httpRedirect}/chain/25`,
      `${ENDPOINTS.httpRedirect}/chain/26`,
      `${ENDPOINTS.httpRedirect}/loop`,
      `${ENDPOINTS.httpRedirect}/target`,
      ENDPOINTS.httpRedirect,
    ]),
    method: fc.oneof({weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'OPTIONS')}, method),
    headers: fc.array(header, {maxLength: 4}),
    attempt: fc.oneof(
      fc.constant(''),
      fc.constant('?attempt=fuzz-redirect-1'),
      queryValue.map((v) => `?attempt=${v}`),
      queryValue.map((v) => `?attempt=fuzz-redirect-1&attempt=${v}`),
    ),
    body: fc.oneof(fc.constant(''), hostileString, hostileJsonText),
    framing: fc.oneof({weight: 4, arbitrary: fc.constant('length')}, framing),
  }),
  async run(input, context) {
    const pieces = [
      request({
        method: input.method,
        target: `${input.path}${input.attempt}`,
        headers: [['Origin', 'http://localhost:3000'], ...input.headers],
        body: utf8(input.body),
        framing: input.body === '' ? 'none' : input.framing,
      }),
    ];
    if (context.abortAfterMs !== undefined) return sendHttp(context, pieces, input.method);
    const result = await exchange(context.port, pieces.map(bytes), {
      deadlineMs: HTTP_DEADLINE_MS,
      settleMs: 20,
      head: input.method === 'HEAD',
    });
    // No input may make a redirect point off this server, or carry what the client wrote into the header.
    const locations = result.answers
      .map((answer) => answer.headers.location)
      .filter((location): location is string => location !== undefined && !OWN_LOCATION.test(location))
      .map((location) => `a Location off the redirect routes: ${JSON.stringify(location).slice(0, 120)}`);
    return [...checkExchange(result, input.method), ...locations];
  },
};

interface CookiesInput {
  path: string;
  method: string;
  query: string;
  hosts: string[] | null;
  cookies: string[];
  headers: Array<[string, string]>;
}

const cookies: Target<CookiesInput> = {
  name: 'http-cookies',
  aims: '/http/cookies/…: every case with hostile values, Max-Age and Host; echoes of hostile, many and long Cookie fields',
  input: fc.record({
    path: pathVariant([
      ...COOKIE_CASES.map((name) => `${COOKIE_PATHS.set}/${name}`),
      COOKIE_PATHS.clear,
      COOKIE_PATHS.echo,
      COOKIE_PATHS.scopedEcho,
      COOKIE_PATHS.frame,
      ENDPOINTS.cookies,
    ]),
    method: fc.oneof({weight: 4, arbitrary: fc.constantFrom('POST', 'GET', 'HEAD', 'OPTIONS')}, method),
    query: fc.oneof(
      fc.constant(''),
      fc.constantFrom('?value=abc', '?maxAge=0', '?maxAge=601', '?maxAge=-1', '?value=a%3BSecure', '?value=&maxAge='),
      queryValue.map((value) => `?value=${value}&maxAge=${value}`),
    ),
    // The domain case writes the Host it was sent into Domain: hosts a Domain attribute may not carry.
    hosts: fc.option(
      fc.constantFrom(['localhost'], ['a;Secure'], ['[::1]:1'], ['-x-.example'], ['a.'.repeat(200)], ['a', 'b']),
    ),
    cookies: fc.array(
      fc.oneof(
        fc.constantFrom(
          'otw_plain=1',
          'a=b; otw_x=',
          ';;;',
          '=',
          'otw_=',
          'otw_a=1; '.repeat(70),
          `otw_big=${'a'.repeat(9000)}`,
        ),
        hostileString.map(utf8),
      ),
      {maxLength: 3},
    ),
    headers: fc.array(header, {maxLength: 3}),
  }),
  run(input, context) {
    return sendHttp(
      context,
      [
        request({
          method: input.method,
          target: `${input.path}${input.query}`,
          headers: [
            ['Origin', 'http://localhost:3000'],
            ...input.cookies.map((cookie): [string, string] => ['Cookie', cookie]),
            ...input.headers,
          ],
          ...(input.hosts === null ? {} : {hosts: input.hosts}),
        }),
      ],
      input.method,
    );
  },
};

interface StreamInput {
  via: string;
  method: string;
  query: string;
  headers: Array<[string, string]>;
  body: string;
  framing: string;
}

const streamPrompt = objectText({
  prompt: fieldText(hostileString.map((s) => JSON.stringify(s))),
  maxTokens: fieldText(fc.oneof(fc.constantFrom('1', '120', '121', '0', '-1', '1.5', '"3"', '1e9'), deepJson)),
});

const streamedResponse: Target<StreamInput> = {
  name: 'http-stream',
  aims: '/http/stream: POST bodies and GET queries for the streamed response, straight and through the proxy',
  input: fc.record({
    via: fc.constantFrom('', `${ENDPOINTS.viaProxy}/plain`, `${ENDPOINTS.viaProxy}/buffer=4096`),
    method: fc.oneof({weight: 6, arbitrary: fc.constantFrom('POST', 'GET')}, method),
    query: fc.oneof(
      queryString(['prompt', 'maxTokens', 'lastEventId', 'attempt']),
      fc
        .record({prompt: queryValue, maxTokens: fc.integer({min: -1, max: 200}), last: fc.nat(130)})
        .map(({prompt, maxTokens, last}) => `?prompt=${prompt}&maxTokens=${maxTokens}&lastEventId=${last}`),
    ),
    headers: fc.array(
      fc.oneof(
        header,
        queryValue.map((value): [string, string] => ['Last-Event-ID', value]),
        fc.constantFrom<[string, string]>(['Content-Type', 'application/json'], ['Content-Type', 'text/plain']),
      ),
      {maxLength: 3},
    ),
    body: fc.oneof(streamPrompt, hostileJsonText, brokenJsonText, fc.constant('')),
    framing: fc.oneof({weight: 4, arbitrary: fc.constant('length')}, framing),
  }),
  run(input, context) {
    return sendHttp(
      context,
      [
        request({
          method: input.method,
          target: `${input.via}${ENDPOINTS.streamedResponse}${input.query}`,
          headers: [['Content-Type', 'application/json'], ...input.headers],
          body: utf8(input.body),
          framing: input.body === '' ? 'none' : input.framing,
        }),
      ],
      input.method,
      // A stream is answered with its head at once and ends seconds later: its head is the answer to check.
      input.method === 'GET' || input.method === 'POST',
    );
  },
};

interface InspectInput {
  /** The query of the inspection it makes (hostile ones are refused with 400 before anything is kept). */
  options: string;
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: string;
  framing: string;
  /** Split the request here (two writes, so the server's framer meets it in pieces), or not at all (-1). */
  splitAt: number;
}

let inspections = 0;

/**
 * POST /http/inspect/sessions: an inspection for one input; its target, or an unknown one when it was refused. Each
 * from an address of its own (the server trusts X-Forwarded-For here), so that inputs Node refuses, whose
 * inspections wait on, do not use up one address's few waiting inspections; the server reads the bytes of the next
 * connections from this TCP peer all the same.
 */
async function newInspection(context: Context, query: string): Promise<string> {
  inspections += 1;
  const address = `10.${(inspections >> 16) & 255}.${(inspections >> 8) & 255}.${inspections & 255}`;
  const result = await exchange(
    context.port,
    [
      bytes(
        request({
          method: 'POST',
          target: `${ENDPOINTS.httpInspect}/sessions${query}`,
          headers: [['X-Forwarded-For', address]],
        }),
      ),
    ],
    {deadlineMs: 5_000, settleMs: 5},
  );
  const answer = result.answers[0];
  if (answer?.status !== 201) return `${ENDPOINTS.httpInspect}/AAAAAAAAAAAAAAAA/`;
  const made: unknown = JSON.parse(answer.body.toString('utf8'));
  const target = typeof made === 'object' && made !== null && 'target' in made ? made.target : undefined;
  if (typeof target !== 'string') throw new Error(`An inspection without a target: ${answer.body.toString('utf8')}`);
  return target;
}

const httpInspect: Target<InspectInput> = {
  name: 'http-inspect',
  aims: '/http/inspect: hostile inspection options, then a hostile request on a connection whose bytes the server reads and frames',
  input: fc.record({
    options: fc.oneof(
      {weight: 3, arbitrary: fc.constantFrom('', '?framing=chunked&chunks=8&trailer=true', '?connection=close')},
      queryString(['framing', 'chunks', 'trailer', 'connection']),
    ),
    method: fc.oneof({weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'HEAD')}, method),
    path: fc.oneof(fc.constant('x'), queryValue),
    headers: fc.array(
      fc.oneof(
        header,
        fc.tuple(
          fc.constantFrom('Access-Control-Request-Method', 'Access-Control-Request-Headers'),
          fc.oneof(fc.constantFrom('PUT', 'x-a,x-b', ',,,'), hostileString.map(utf8)),
        ),
      ),
      {maxLength: 6},
    ),
    body: fc.oneof(fc.constant(''), fc.string({unit: 'binary', maxLength: 5_000})),
    framing,
    splitAt: fc.oneof({weight: 2, arbitrary: fc.constant(-1)}, fc.nat(300)),
  }),
  async run(input, context) {
    const target = await newInspection(context, input.options);
    const text = request({
      method: input.method,
      target: `${target}${input.path}`,
      headers: [['Origin', 'http://localhost:3000'], ...input.headers],
      body: utf8(input.body),
      framing: input.body === '' ? 'none' : input.framing,
    });
    const pieces =
      input.splitAt < 0 || input.splitAt >= text.length
        ? [text]
        : [text.slice(0, input.splitAt), text.slice(input.splitAt)];
    return sendHttp(context, pieces, input.method);
  },
};

interface StaticInput {
  target: string;
  method: string;
  headers: Array<[string, string]>;
}

const staticRoutes: Target<StaticInput> = {
  name: 'http-static',
  aims: 'the fixed routes: /, /health, /files/{name}, /code/note-validator.js, /openapi.json, and the WebSocket paths over plain HTTP',
  input: fc.record({
    target: fc.oneof(
      pathVariant(['/', ENDPOINTS.health, ENDPOINTS.noteValidator, ENDPOINTS.openapi, ...WS_PATHS]),
      fc
        .oneof(
          fc.constantFrom(...FTP_VS_HTTP_FILES),
          queryValue,
          hostileString.map(encodePathSegment),
          fc.constantFrom('..%2Fserver.ts', '%2e%2e/%2e%2e/package.json', '.', '', 'welcome.txt%00'),
        )
        .map((name) => `${ENDPOINTS.files}/${name}`),
    ),
    method,
    headers: fc.array(header, {maxLength: 4}),
  }),
  run: (input, context) => sendHttp(context, [request(input)], input.method),
};

interface NegotiateInput {
  target: string;
  method: string;
  headers: Array<[string, string]>;
}

/** Accept-Encoding values: what browsers send, weights on and past their grammar, long runs, junk. */
const acceptEncoding = fc.oneof(
  fc.constantFrom(
    'gzip, deflate, br, zstd',
    'gzip, deflate',
    'identity;q=0',
    '*;q=0',
    'br;q=0, *',
    '',
    'gzip;q=1.5',
    'GZIP;Q=0.5',
    'br;q=0.0001',
    ';;,,',
    'gzip;q=',
  ),
  fc
    .record({unit: fc.constantFrom('gzip, ', 'x;q=0.5,', ';', ',', 'br;q=1;q=0,'), length: boundaryLength})
    .map(({unit, length}) => unit.repeat(Math.ceil(Math.min(length, 14_000) / unit.length))),
  hostileString.map(utf8),
);

const negotiate: Target<NegotiateInput> = {
  name: 'http-negotiate',
  aims: '/http/negotiate/document with hostile Accept-Encoding and query values, its records, and /http/timing',
  input: fc.record({
    target: fc.oneof(
      fc
        .tuple(pathVariant([`${ENDPOINTS.negotiate}/document`]), queryString(['coding', 'id', 'cache']))
        .map(([path, query]) => path + query),
      fc.oneof(queryValue, hostileString.map(encodePathSegment)).map((id) => `${ENDPOINTS.negotiate}/records/${id}`),
      // No `rate`: a slow body the server rightly sends for 10 s would outlast one input's deadline.
      fc
        .tuple(pathVariant([ENDPOINTS.timing]), queryString(['delay', 'size', 'tao', 'close']))
        .map(([path, query]) => path + query),
    ),
    method,
    headers: fc.array(fc.oneof(fc.tuple(fc.constant('Accept-Encoding'), acceptEncoding), header), {maxLength: 4}),
  }),
  run: (input, context) => sendHttp(context, [request(input)], input.method),
};

interface HandshakeInput {
  path: string;
  query: string;
  method: string;
  version: string;
  headers: Array<[string, string]>;
  hosts: string[];
  then: string[];
}

const handshakeHeader = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Key', ''],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZR=='],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Version', '8'],
    ['Sec-WebSocket-Version', '13, 8'],
    ['Sec-WebSocket-Version', ''],
    ['Upgrade', 'websocket'],
    ['Upgrade', 'WebSocket, h2c'],
    ['Upgrade', 'h2c'],
    ['Connection', 'Upgrade'],
    ['Connection', 'keep-alive'],
    ['Sec-WebSocket-Protocol', ECHO_SUBPROTOCOLS.json],
    ['Sec-WebSocket-Protocol', `${ECHO_SUBPROTOCOLS.text}, ${ECHO_SUBPROTOCOLS.json}`],
    ['Sec-WebSocket-Protocol', `${ECHO_SUBPROTOCOLS.json}, ${ECHO_SUBPROTOCOLS.json}`],
    ['Sec-WebSocket-Protocol', 'a b'],
    ['Sec-WebSocket-Protocol', ','],
    ['Sec-WebSocket-Extensions', 'permessage-deflate'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; server_max_window_bits=7'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits=99'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; server_no_context_takeover; server_no_context_takeover'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; x=1, permessage-deflate'],
    ['Sec-WebSocket-Extensions', '; ; ,'],
    ['Origin', 'http://localhost:3000'],
    ['Origin', 'null'],
    ['Origin', 'https://evil.example'],
  ),
  fc
    .record({
      name: fc.constantFrom('Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Sec-WebSocket-Key', 'Origin'),
      unit: fc.constantFrom('a,', 'x', ';', ' ', 'permessage-deflate,'),
      length: boundaryLength,
    })
    .map(({name, unit, length}): [string, string] => [
      name,
      unit.repeat(Math.ceil(Math.min(length, 14_000) / unit.length)),
    ]),
  header,
);

/** The headers of a handshake the server accepts, before any variation. */
const GOOD_HANDSHAKE: Array<[string, string]> = [
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ['Sec-WebSocket-Version', '13'],
];

function handshakeText(path: string, headers: Array<[string, string]>): string {
  return request({method: 'GET', target: path, headers});
}

async function runSession(context: Context, handshake: string, sent: string[], settleMs = 60, gapMs?: number) {
  const aborted = context.abortAfterMs !== undefined;
  const session = await wsSession(context.port, bytes(handshake), sent.map(bytes), {
    deadlineMs: context.abortAfterMs ?? 8_000,
    settleMs: aborted ? 60_000 : settleMs,
    gapMs,
  });
  return {session, problems: aborted ? [] : checkSession(session, sent)};
}

const handshakes: Target<HandshakeInput> = {
  name: 'ws-handshake',
  aims: 'the opening handshake of every WebSocket endpoint: keys, versions, subprotocols, extensions, origins, methods',
  input: fc.record({
    path: fc.oneof({weight: 4, arbitrary: fc.constantFrom(...WS_PATHS)}, pathVariant(WS_PATHS)),
    query: queryString(['since', 'session']),
    method: fc.oneof({weight: 8, arbitrary: fc.constant('GET')}, method),
    version: fc.oneof({weight: 8, arbitrary: fc.constant('1.1')}, fc.constantFrom('1.0', '2.0', '0.9')),
    headers: fc.array(handshakeHeader, {maxLength: 6}),
    hosts,
    then: fc.oneof(fc.constant<string[]>([]), frames(fc.constant('{"type":"run","file":"welcome.txt"}'))),
  }),
  async run(input, context) {
    // Later headers of the same name are sent too: a repeated key or version is part of the test.
    const text = request({
      method: input.method,
      target: input.path + input.query,
      version: input.version,
      headers: [...GOOD_HANDSHAKE, ...input.headers],
      hosts: input.hosts,
    });
    return (await runSession(context, text, input.then)).problems;
  },
};

interface FramesInput {
  query: string;
  extra: Array<[string, string]>;
  frames: string[];
  /** Write the frames apart (ms), or all at once (0). */
  gapMs: number;
}

function webSocketTarget(
  name: string,
  path: string,
  aims: string,
  message: fc.Arbitrary<string>,
  options: {
    extra?: fc.Arbitrary<Array<[string, string]>>;
    query?: fc.Arbitrary<string>;
    settleMs?: number;
    compressed?: boolean;
    /** The endpoint answers in response envelopes (/ws/rest): a 5xx in one is the server's own failure. */
    envelopes?: boolean;
  } = {},
): Target<FramesInput> {
  const compressed = options.compressed
    ? message.map((text) => {
        const deflated = deflateRawSync(Buffer.from(text, 'utf8'));
        return [frame({opcode: 1, rsv: 4, payload: deflated.subarray(0, deflated.length - 4).toString('latin1')})];
      })
    : undefined;
  return {
    name,
    aims,
    input: fc.record({
      query: options.query ?? fc.constant(''),
      extra: options.extra ?? fc.constant([]),
      frames: compressed ? fc.oneof(frames(message), compressed) : frames(message),
      gapMs: fc.oneof({weight: 4, arbitrary: fc.constant(0)}, fc.constantFrom(1, 10)),
    }),
    async run(input, context) {
      const handshake = handshakeText(path + input.query, [...GOOD_HANDSHAKE, ...input.extra]);
      const {session, problems} = await runSession(context, handshake, input.frames, options.settleMs, input.gapMs);
      for (const got of options.envelopes ? session.frames : []) {
        if (got.opcode !== 1) continue;
        const envelope = JSON.parse(got.payload.toString('utf8')) as {status?: number};
        if (envelope.status !== undefined && envelope.status >= 500 && envelope.status !== 503) {
          problems.push(`answered ${got.payload.toString('utf8').slice(0, 300)}`);
        }
      }
      return problems;
    },
  };
}

const inspectCommand = objectText({
  type: fc.oneof({weight: 4, arbitrary: fc.constant('"command"')}, hostileJsonText),
  command: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('"fragment"', '"close"', '"ping"', '"stream"', '"close-report"').map((c) => c),
    },
    hostileJsonText,
  ),
  text: fieldText(hostileString.map((s) => JSON.stringify(s))),
  fragments: fieldText(fc.integer({min: -2, max: 20}).map(String)),
  code: fieldText(fc.constantFrom('1000', '1001', '1008', '1011', '1005', '0', '4000', '1.5')),
  reason: fieldText(hostileString.map((s) => JSON.stringify(s))),
  payload: fieldText(hostileString.map((s) => JSON.stringify(s))),
  count: fieldText(fc.integer({min: -1, max: 120}).map(String)),
  intervalMs: fieldText(fc.constantFrom('100', '99', '2000', '2001', '1e3', '0')),
  connectionId: fieldText(fc.constantFrom('"0123456789abcdef"', '"x"', '"0123456789ABCDEF"')),
});

const restEnvelope = objectText({
  id: fieldText(
    fc.oneof(
      fc.nat().map(String),
      hostileString.map((s) => JSON.stringify(s)),
    ),
  ),
  method: fieldText(
    fc.constantFrom(
      '"GET"',
      '"POST"',
      '"PUT"',
      '"PATCH"',
      '"DELETE"',
      '"HEAD"',
      '"OPTIONS"',
      '"WATCH"',
      '"UNWATCH"',
      '"get"',
      '"TRACE"',
    ),
  ),
  path: fieldText(
    fc
      .constantFrom(
        '/api',
        '/api/sandboxes',
        '/api/sandboxes/x/notes',
        '/api/sandboxes/x/notes/1',
        '/api/../health',
        '/api?x=1',
        '/api/',
        '/',
      )
      .map((p) => JSON.stringify(p)),
  ),
  headers: fieldText(
    fc
      .array(fc.tuple(fc.constantFrom('Content-Type', 'If-Match', 'Accept', 'x y', 'A'.repeat(70)), hostileString), {
        maxLength: 40,
      })
      .map((pairs) => JSON.stringify(Object.fromEntries(pairs))),
  ),
  body: hostileJsonText,
});

const ftpRun = objectText({
  type: fieldText(fc.constant('"run"')),
  file: fieldText(
    fc
      .oneof(
        fc.constantFrom(...FTP_VS_HTTP_FILES),
        fc.constantFrom('../server.ts', '/etc/passwd', 'welcome.txt/', 'WELCOME.TXT', ''),
        hostileString,
      )
      .map((f) => JSON.stringify(f)),
  ),
});

const faultCommand = fc.oneof(
  hostileString,
  objectText({type: fieldText(fc.constantFrom('"drop"', '"DROP-TCP"', '5', 'null', '"send-invalid-utf8 "'))}),
  // Liveness commands without the field each needs (a delay, a time, a code): refused, never carried out.
  objectText({type: fieldText(fc.constantFrom('"delay-pongs"', '"half-open"', '"close"', '"heartbeat"'))}),
);

/**
 * The same target, with one input in five cut off by the client after 0 to
 * 200 ms: mid-handshake, mid-body, mid-stream, mid-run.
 */
function sometimesAborted<Input>(target: Target<Input>): Target<[Input, number | undefined]> {
  return {
    name: target.name,
    aims: target.aims,
    input: fc.tuple(
      target.input,
      fc.oneof({weight: 4, arbitrary: fc.constant(undefined)}, fc.constantFrom(0, 1, 5, 20, 60, 200)),
    ),
    run: ([input, abortAfterMs], context) => target.run(input, {...context, abortAfterMs}),
  };
}

export const TARGETS: ReadonlyArray<Target<unknown>> = (
  [
    httpFraming,
    events,
    apiNotes,
    apiMisc,
    balanced,
    cors,
    redirects,
    cookies,
    streamedResponse,
    httpInspect,
    staticRoutes,
    negotiate,
    handshakes,
    webSocketTarget('ws-echo', ENDPOINTS.echo, '/ws/echo, plain and with each subprotocol', hostileString, {
      extra: fc.constantFrom(
        [],
        [['Sec-WebSocket-Protocol', ECHO_SUBPROTOCOLS.json]],
        [['Sec-WebSocket-Protocol', ECHO_SUBPROTOCOLS.text]],
      ),
    }),
    webSocketTarget('ws-inspect', ENDPOINTS.inspect, "/ws/inspect's frame reports and its commands", inspectCommand),
    webSocketTarget(
      'ws-inspect-deflate',
      ENDPOINTS.inspectDeflate,
      '/ws/inspect-deflate: compressed frames, valid and not',
      fc.oneof(inspectCommand, hostileString),
      {
        extra: fc.constantFrom(
          [['Sec-WebSocket-Extensions', 'permessage-deflate']],
          [['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits']],
          [],
        ),
        compressed: true,
      },
    ),
    webSocketTarget(
      'ws-events',
      ENDPOINTS.eventsWebSocket,
      '/ws/events with odd since and session values',
      hostileString,
      {
        query: queryString(['since', 'session']),
      },
    ),
    webSocketTarget(
      'ws-rest',
      ENDPOINTS.restWebSocket,
      "/ws/rest's request envelopes: wrong types, deep bodies, bad headers",
      restEnvelope,
      {
        envelopes: true,
      },
    ),
    webSocketTarget('ws-ftp-vs-http', ENDPOINTS.ftpVsHttp, "/ws/ftp-vs-http's run command", ftpRun, {settleMs: 400}),
    // Commands that are not faults, and odd handshake queries: a real fault ends the connection on purpose.
    webSocketTarget('ws-faults', ENDPOINTS.faults, "/ws/faults' query and commands it must refuse", faultCommand, {
      query: queryString(['fault', 'pool']),
    }),
  ] as ReadonlyArray<Target<unknown>>
).map(sometimesAborted);
