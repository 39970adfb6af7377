/**
 * The HAR export (src/lib/recording/har.ts) from realistic wires, checked three ways: against the HAR 1.2 JSON
 * schema of the `har-schema` package (with ajv), against what Chromium's DevTools requires when it imports a HAR
 * (tests/support/devtoolsHar.ts, ported from devtools-frontend), and against the rules of the HAR 1.2 text that no
 * schema states (send, wait and receive not negative; `time` the sum of the phases).
 */
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {Ajv, type AnySchema} from 'ajv';
import draft6MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with {type: 'json'};
import addFormatsModule from 'ajv-formats';
import {describe, expect, it} from 'vitest';
import {createEventStreamParser} from '../../../../../src/lib/eventStream.ts';
import type {
  EventSourceExchange,
  HttpExchange,
  WebSocketExchange,
  WireEntry,
} from '../../../../../src/lib/recording/format.ts';
import {buildHar, eventStreamText, type Har, type HarEntry} from '../../../../../src/lib/recording/har.ts';
import {DEVTOOLS_RESOURCE_TYPES, DevToolsHarError, importAsDevTools} from '../../../../support/devtoolsHar.ts';

// ajv-formats is CommonJS with `exports.default`; under Node's ESM interop the function may sit one level down.
const addFormats = (addFormatsModule as unknown as {default?: typeof addFormatsModule}).default ?? addFormatsModule;

/** har-schema's files (draft-06), every one registered so their `$ref`s resolve. */
function harValidator() {
  const ajv = new Ajv({allErrors: true, strict: true, strictTypes: false});
  ajv.addMetaSchema(draft6MetaSchema);
  addFormats(ajv);
  // har-schema writes HAR 1.2's "-1 when unknown" as `min`, which is no JSON Schema keyword: enforce it as meant.
  ajv.addKeyword({
    keyword: 'min',
    type: 'number',
    schemaType: 'number',
    validate: (min: number, value: number) => value >= min,
  });
  // Two more of its own, notes for the reader only.
  ajv.addKeyword({keyword: 'optional', schemaType: 'boolean'});
  ajv.addKeyword({keyword: 'unique', schemaType: 'boolean'});
  const dir = dirname(createRequire(import.meta.url).resolve('har-schema'));
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as AnySchema);
  }
  const validate = ajv.getSchema('har.json#');
  if (validate === undefined) throw new Error('har-schema has no har.json');
  return (har: unknown): string[] =>
    validate(har) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

const validateHar = harValidator();

const STARTED_AT = Date.UTC(2026, 11, 5, 17, 0, 0, 0);
const SERVER = 'http://localhost:8787';
const PAGE = 'http://localhost:3000/docs/rest/uniform-interface';

const bytes = (...values: number[]) => btoa(String.fromCharCode(...values));

const getJson: HttpExchange = {
  kind: 'http',
  id: 1,
  method: 'GET',
  url: `${SERVER}/api/sandboxes/s1/notes?limit=2&tag=a%20b#top`,
  requestHeaders: [{name: 'Accept', value: 'application/json'}],
  requestBody: null,
  status: 200,
  statusText: 'OK',
  responseHeaders: [
    {name: 'content-length', value: '29'},
    {name: 'content-type', value: 'application/json; charset=utf-8'},
  ],
  responseBody: {text: '{"count":1,"notes":["café"]}'},
  responseType: 'cors',
  timings: {start: 12.5, headers: 40.25, end: 45.75},
};

const postJson: HttpExchange = {
  kind: 'http',
  id: 2,
  method: 'POST',
  url: `${SERVER}/api/sandboxes/s1/notes`,
  requestHeaders: [{name: 'Content-Type', value: 'application/json'}],
  requestBody: {text: '{"title":"New","body":"first"}'},
  status: 201,
  statusText: 'Created',
  responseHeaders: [
    {name: 'content-type', value: 'application/json; charset=utf-8'},
    {name: 'location', value: '/api/sandboxes/s1/notes/4'},
  ],
  responseBody: {text: '{"id":4,"title":"New"}'},
  // Resource Timing's phases, as when the server sent Timing-Allow-Origin.
  timings: {start: 50, headers: 71, end: 73, dns: -1, connect: 1.5, ssl: -1, send: 0.25, wait: 19, receive: 2},
};

const postBinary: HttpExchange = {
  kind: 'http',
  id: 3,
  method: 'POST',
  url: `${SERVER}/api/sandboxes/s1/notes`,
  requestHeaders: [{name: 'Content-Type', value: 'application/octet-stream'}],
  requestBody: {base64: bytes(0x00, 0x01, 0xfe, 0xff, 0x27, 0x0a)},
  status: 415,
  statusText: 'Unsupported Media Type',
  responseHeaders: [{name: 'content-type', value: 'application/problem+json'}],
  responseBody: {text: '{"status":415}'},
  timings: {start: 80, headers: 95, end: 96},
};

const getBinary: HttpExchange = {
  kind: 'http',
  id: 4,
  method: 'GET',
  url: `${SERVER}/files/logo.png`,
  requestHeaders: [],
  // Bytes that happen to be UTF-8 text are given as text.
  requestBody: null,
  status: 200,
  statusText: 'OK',
  responseHeaders: [{name: 'content-type', value: 'image/png'}],
  responseBody: {base64: bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)},
  bodyTruncated: 4096,
  timings: {start: 100, headers: 110, end: null},
};

const networkError: HttpExchange = {
  kind: 'http',
  id: 5,
  method: 'GET',
  url: `${SERVER}/hold?ms=5000`,
  requestHeaders: [],
  requestBody: null,
  status: 0,
  statusText: '',
  responseHeaders: [],
  responseBody: null,
  error: 'Failed to fetch',
  timings: {start: 120, headers: null, end: 420},
};

const echo: WebSocketExchange = {
  kind: 'websocket',
  id: 6,
  url: `ws://localhost:8787/ws/echo`,
  protocols: ['chat.v1', 'chat.v2'],
  protocol: 'chat.v1',
  timings: {start: 5, headers: 9, end: 300},
  messages: [
    {type: 'send', time: 10, opcode: 1, data: {text: 'hello'}},
    {type: 'receive', time: 11.5, opcode: 1, data: {text: 'hello'}},
    {type: 'send', time: 20, opcode: 2, data: {base64: bytes(0, 1, 2, 255)}},
    {type: 'receive', time: 21.25, opcode: 2, data: {base64: bytes(0, 1, 2, 255)}},
  ],
  close: {code: 1000, reason: 'done', wasClean: true, time: 300},
};

const neverOpened: WebSocketExchange = {
  kind: 'websocket',
  id: 7,
  url: `ws://localhost:8787/ws/inspect`,
  protocols: [],
  protocol: null,
  timings: {start: 400, headers: null, end: 410},
  messages: [],
  close: {code: 1006, reason: '', wasClean: false, time: 410},
};

const stream: EventSourceExchange = {
  kind: 'eventsource',
  id: 8,
  url: `${SERVER}/events/stream?session=abc`,
  withCredentials: false,
  timings: {start: 30, headers: 34, end: null},
  events: [
    {time: 40, type: 'message', data: 'first', lastEventId: '1'},
    {time: 1040, type: 'tick', data: 'line one\nline two', lastEventId: '2'},
    {time: 2040, type: 'tick', data: '', lastEventId: '2'},
    {time: 3040, type: 'price', data: '{"p":1}', lastEventId: '3'},
  ],
  errors: [2500],
};

// Out of order on purpose: the HAR lists entries in the order they started.
const wire: WireEntry[] = [networkError, postJson, getJson, stream, echo, postBinary, getBinary, neverOpened];

const har = buildHar({
  demo: 'UniformInterface',
  title: 'The uniform interface',
  pageUrl: PAGE,
  startedAt: STARTED_AT,
  wire,
  creator: {name: 'Over the Wire', version: '0.1.0'},
});

function entryFor(url: string, method = 'GET'): HarEntry {
  const entry = har.log.entries.find((e) => e.request.url === url && e.request.method === method);
  if (entry === undefined) throw new Error(`no entry for ${method} ${url}`);
  return entry;
}

describe('buildHar against the HAR 1.2 schema and DevTools', () => {
  it('validates against har-schema', () => {
    expect(validateHar(har)).toEqual([]);
    // The JSON a reader downloads, not only the object.
    expect(validateHar(JSON.parse(JSON.stringify(har)))).toEqual([]);
  });

  it('imports as DevTools imports it, with a resource type DevTools knows for every entry', () => {
    const imported = importAsDevTools(JSON.parse(JSON.stringify(har)));
    expect(imported).toHaveLength(wire.length);
    for (const entry of imported) expect(DEVTOOLS_RESOURCE_TYPES).toContain(entry.resourceType);
    expect(imported.map((entry) => entry.resourceType)).toEqual(har.log.entries.map((e) => e._resourceType));
  });

  it('fails both checks on a HAR that lacks what they require', () => {
    const broken = JSON.parse(JSON.stringify(har)) as {log: {entries: {timings: Record<string, unknown>}[]}};
    delete broken.log.entries[0]!.timings.send;
    expect(validateHar(broken).join()).toMatch(/must have required property 'send'/);
    expect(() => importAsDevTools(broken)).toThrow(DevToolsHarError);
    const negative = JSON.parse(JSON.stringify(har)) as {log: {entries: {timings: Record<string, unknown>}[]}};
    negative.log.entries[0]!.timings.dns = -2;
    expect(validateHar(negative).join()).toMatch(/must pass "min" keyword validation/);
  });

  it('keeps the rules of the HAR 1.2 text: send, wait, receive ≥ 0, unknowns -1, time their sum', () => {
    for (const entry of har.log.entries) {
      const {blocked, dns, connect, ssl, send, wait, receive} = entry.timings;
      for (const phase of [send, wait, receive]) expect(phase).toBeGreaterThanOrEqual(0);
      for (const phase of [blocked, dns, connect, ssl]) expect(phase).toBeGreaterThanOrEqual(-1);
      const sum = [blocked, dns, connect, send, wait, receive].filter((ms) => ms !== -1).reduce((a, b) => a + b, 0);
      expect(entry.time).toBe(sum);
    }
  });

  it('has one page, the demo, and every entry refers to it, in the order the exchanges started', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({name: 'Over the Wire', version: '0.1.0'});
    expect(har.log.pages).toEqual([
      {
        startedDateTime: '2026-12-05T17:00:00.000Z',
        id: 'UniformInterface',
        title: 'The uniform interface',
        pageTimings: {onContentLoad: -1, onLoad: -1},
        comment: `The UniformInterface demo on ${PAGE}`,
      },
    ]);
    expect(har.log.entries.every((entry) => entry.pageref === 'UniformInterface')).toBe(true);
    const starts = har.log.entries.map((entry) => Date.parse(entry.startedDateTime));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(har.log.entries[0]!.startedDateTime).toBe('2026-12-05T17:00:00.005Z');
  });
});

describe('HTTP exchanges', () => {
  it('a GET: its query string parsed, its fragment dropped, its response body and sizes', () => {
    const entry = entryFor(`${SERVER}/api/sandboxes/s1/notes?limit=2&tag=a%20b`);
    expect(entry._resourceType).toBe('fetch');
    expect(entry.startedDateTime).toBe('2026-12-05T17:00:00.012Z');
    expect(entry.request).toMatchObject({
      httpVersion: 'HTTP/1.1',
      headers: [{name: 'Accept', value: 'application/json'}],
      queryString: [
        {name: 'limit', value: '2'},
        {name: 'tag', value: 'a b'},
      ],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    });
    expect(entry.request.postData).toBeUndefined();
    // 28 characters, 29 bytes: é is two bytes in UTF-8.
    expect(entry.response.content).toEqual({
      size: 29,
      mimeType: 'application/json; charset=utf-8',
      text: '{"count":1,"notes":["café"]}',
    });
    expect(entry.response.bodySize).toBe(29);
    // Only start, headers and end known: wait up to the headers, receive after them.
    expect(entry.timings).toEqual({blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 27.75, receive: 5.5});
    expect(entry.time).toBe(33.25);
  });

  it('a POST with JSON: postData from Content-Type, redirectURL from Location, Resource Timing phases', () => {
    const entry = entryFor(`${SERVER}/api/sandboxes/s1/notes`, 'POST');
    expect(entry.request.postData).toEqual({mimeType: 'application/json', text: '{"title":"New","body":"first"}'});
    expect(entry.request.bodySize).toBe(30);
    expect(entry.response).toMatchObject({
      status: 201,
      statusText: 'Created',
      redirectURL: '/api/sandboxes/s1/notes/4',
    });
    expect(entry.response.bodySize).toBe(-1);
    expect(entry.timings).toEqual({blocked: -1, dns: -1, connect: 1.5, ssl: -1, send: 0.25, wait: 19, receive: 2});
    expect(entry.time).toBe(22.75);
  });

  it('a binary request body is base64 with _encoding; bytes that are UTF-8 are text', () => {
    const binary = har.log.entries.find((e) => e.response.status === 415)!;
    expect(binary.request.postData).toMatchObject({
      mimeType: 'application/octet-stream',
      text: bytes(0x00, 0x01, 0xfe, 0xff, 0x27, 0x0a),
      _encoding: 'base64',
    });
    expect(binary.request.bodySize).toBe(6);
    const utf8 = buildHar({
      demo: 'D',
      title: 'D',
      pageUrl: PAGE,
      startedAt: STARTED_AT,
      wire: [{...postBinary, requestBody: {base64: btoa('{"a":"\u00e9"}'.replace('\u00e9', '\xc3\xa9'))}}],
    });
    expect(utf8.log.entries[0]!.request.postData).toEqual({mimeType: 'application/octet-stream', text: '{"a":"é"}'});
    expect(utf8.log.creator).toEqual({name: 'Over the Wire', version: 'n/a'});
  });

  it('a binary response is base64 content; a cut body says so and keeps its whole size', () => {
    const entry = entryFor(`${SERVER}/files/logo.png`);
    expect(entry.response.content).toEqual({
      size: 4096,
      mimeType: 'image/png',
      text: bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
      encoding: 'base64',
      comment: 'The recording kept the first 8 of 4096 bytes.',
    });
    // Still streaming when recorded: nothing received yet counts.
    expect(entry.timings).toMatchObject({wait: 10, receive: 0});
  });

  it('an opaque redirect is status 0 with why; a followed redirect says so', () => {
    const built = buildHar({
      demo: 'D',
      title: 'D',
      pageUrl: PAGE,
      startedAt: STARTED_AT,
      wire: [
        {...networkError, error: undefined, responseType: 'opaqueredirect'},
        {...getJson, id: 9, redirected: true},
      ],
    });
    const [followed, manual] = built.log.entries;
    expect(manual!.response._error).toBe('A redirect the page did not follow (redirect: "manual")');
    expect(followed!.response.comment).toBe('The browser followed a redirect: this is the last response.');
    expect(validateHar(built)).toEqual([]);
  });

  it('a network error: status 0, _error, its time as blocked', () => {
    const entry = entryFor(`${SERVER}/hold?ms=5000`);
    expect(entry.response).toMatchObject({status: 0, statusText: '', httpVersion: '', _error: 'Failed to fetch'});
    expect(entry.response.content).toEqual({size: 0, mimeType: 'x-unknown'});
    expect(entry.timings).toEqual({blocked: 300, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0});
    expect(entry.time).toBe(300);
  });
});

describe('a WebSocket, as Chrome exports one', () => {
  const entry = entryFor('ws://localhost:8787/ws/echo');

  it('the handshake the API implies: GET with the Upgrade headers, 101 with the chosen subprotocol', () => {
    expect(entry._resourceType).toBe('websocket');
    expect(entry.request.headers).toEqual([
      {name: 'Host', value: 'localhost:8787'},
      {name: 'Upgrade', value: 'websocket'},
      {name: 'Connection', value: 'Upgrade'},
      {name: 'Origin', value: 'http://localhost:3000'},
      {name: 'Sec-WebSocket-Version', value: '13'},
      {name: 'Sec-WebSocket-Protocol', value: 'chat.v1, chat.v2'},
    ]);
    expect(entry.response).toMatchObject({status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1'});
    expect(entry.response.headers).toContainEqual({name: 'Sec-WebSocket-Protocol', value: 'chat.v1'});
  });

  it('_webSocketMessages: epoch seconds, opcodes, text as text and binary as base64, all kept by the importer', () => {
    expect(entry._webSocketMessages).toEqual([
      {type: 'send', time: (STARTED_AT + 10) / 1000, opcode: 1, data: 'hello'},
      {type: 'receive', time: (STARTED_AT + 11.5) / 1000, opcode: 1, data: 'hello'},
      {type: 'send', time: (STARTED_AT + 20) / 1000, opcode: 2, data: 'AAEC/w=='},
      {type: 'receive', time: (STARTED_AT + 21.25) / 1000, opcode: 2, data: 'AAEC/w=='},
    ]);
    const index = har.log.entries.indexOf(entry);
    const frames = importAsDevTools(JSON.parse(JSON.stringify(har)))[index]!.frames;
    expect(frames).toEqual([
      {type: 'send', time: (STARTED_AT + 10) / 1000, opCode: 1, text: 'hello', mask: true},
      {type: 'receive', time: (STARTED_AT + 11.5) / 1000, opCode: 1, text: 'hello', mask: false},
      {type: 'send', time: (STARTED_AT + 20) / 1000, opCode: 2, text: 'AAEC/w==', mask: true},
      {type: 'receive', time: (STARTED_AT + 21.25) / 1000, opCode: 2, text: 'AAEC/w==', mask: false},
    ]);
  });

  it('the close in _webSocketClose; a socket that never opened is status 0 with _error', () => {
    expect(entry._webSocketClose).toEqual({
      code: 1000,
      reason: 'done',
      wasClean: true,
      time: (STARTED_AT + 300) / 1000,
    });
    const failed = entryFor('ws://localhost:8787/ws/inspect');
    expect(failed.response).toMatchObject({status: 0, _error: 'The WebSocket connection was never established'});
    expect(failed._webSocketMessages).toEqual([]);
    expect(failed.request.headers.map((h) => h.name)).not.toContain('Sec-WebSocket-Protocol');
  });
});

describe('an EventSource', () => {
  const entry = entryFor(`${SERVER}/events/stream?session=abc`);

  it('its events as the text/event-stream body, which parses back to the same events', () => {
    expect(entry._resourceType).toBe('eventsource');
    expect(entry.request.headers).toEqual([{name: 'Accept', value: 'text/event-stream'}]);
    expect(entry.response).toMatchObject({status: 200, statusText: 'OK'});
    expect(entry.response.content.mimeType).toBe('text/event-stream');
    const text = entry.response.content.text!;
    expect(text).toBe(
      'data: first\nid: 1\n\n' +
        'event: tick\ndata: line one\ndata: line two\nid: 2\n\n' +
        'event: tick\ndata: \n\n' +
        'event: price\ndata: {"p":1}\nid: 3\n\n',
    );
    expect(entry.response.content.size).toBe(new TextEncoder().encode(text).length);
    const parser = createEventStreamParser();
    const parsed = parser.push(new TextEncoder().encode(text));
    expect(parsed).toEqual(stream.events.map(({type, data, lastEventId}) => ({type, data, lastEventId})));
  });

  it('its time runs to the last event while still open; its errors are counted in a comment', () => {
    expect(entry.timings).toMatchObject({wait: 4, receive: 3006});
    expect(entry.comment).toBe('The source reported 1 error; each reconnects unless it closed.');
  });

  it('a field value cannot break its line', () => {
    expect(eventStreamText([{time: 0, type: 'a\nb', data: 'x', lastEventId: 'i\rd'}])).toBe(
      'event: a b\ndata: x\nid: i d\n\n',
    );
  });
});

describe('a HAR is JSON', () => {
  it('survives JSON round trip unchanged', () => {
    const copy = JSON.parse(JSON.stringify(har)) as Har;
    expect(copy).toEqual(har);
  });
});
