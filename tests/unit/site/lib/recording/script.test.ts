/**
 * The replay script (src/lib/recording/script.ts): its shell quoting, checked by running what it writes with a real
 * `sh` (values come back byte for byte, nothing in them runs), and the SERVER and ORIGIN overrides. The script
 * against a real server is tests/integration/recordingScript.test.ts.
 */
import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import type {HttpExchange, WebSocketExchange} from '../../../../../src/lib/recording/format.ts';
import {buildScript, printfBytes, quote} from '../../../../../src/lib/recording/script.ts';

const SERVER = 'http://localhost:8787';
const ORIGIN = 'http://localhost:3000';
const NOW = new Date(Date.UTC(2026, 11, 5, 18, 0, 0));

/** Runs shell text with `sh -c`, returning stdout as bytes. */
function sh(script: string, env: Record<string, string> = {}): Buffer {
  return execFileSync('sh', ['-c', script], {env: {PATH: process.env.PATH, ...env}, input: ''});
}

/** What `sh` makes of one quoted word: printf '%s' prints it back as it was. */
function roundTrip(value: string): string {
  return sh(`printf '%s' ${quote(value)}`).toString('utf8');
}

const HOSTILE = `it's $HOME and \`id\` and $(id)\nsecond line; rm -rf / #`;

function http(overrides: Partial<HttpExchange>): HttpExchange {
  return {
    kind: 'http',
    id: 1,
    method: 'GET',
    url: `${SERVER}/api`,
    requestHeaders: [],
    requestBody: null,
    status: 200,
    statusText: 'OK',
    responseHeaders: [],
    responseBody: null,
    timings: {start: 0, headers: 5, end: 6},
    ...overrides,
  };
}

/**
 * The script with `curl` and `websocat` replaced by functions that print their arguments one a line (NUL-separated)
 * and their input: what the real tools would have been given.
 */
function runWithRecordingTools(script: string, env: Record<string, string> = {}): string[] {
  const tools = `
curl() { printf '\\0'; for a in "$@"; do printf 'curl-arg:%s\\0' "$a"; done; printf 'curl-stdin:'; cat; printf '\\0'; }
websocat() { printf '\\0'; for a in "$@"; do printf 'websocat-arg:%s\\0' "$a"; done; printf 'websocat-stdin:'; cat; printf '\\0'; }
`;
  // The functions go after the header lines, before the first request.
  const body = script.replace(/\nSERVER=/, `\n${tools}\nSERVER=`);
  return sh(body, env).toString('utf8').split('\0');
}

describe('quote', () => {
  it("gives back every value byte for byte: ', $, backticks, $( ), newlines, backslashes", () => {
    for (const value of [HOSTILE, "'", "''", '\\', '\\n', '%s%d', '', ' leading and trailing ', 'café ☕', '!*?[a]~']) {
      expect(roundTrip(value)).toBe(value);
    }
  });
});

describe('printfBytes', () => {
  it('writes any bytes exactly, NUL, %, \\ and quotes included', () => {
    const bytes = Uint8Array.from({length: 256}, (_, i) => i);
    expect([...sh(printfBytes(bytes))]).toEqual([...bytes]);
    const tricky = new TextEncoder().encode(`%s %d \\ ' " \` $x 7 \n`);
    expect([...sh(printfBytes(new Uint8Array([0, ...tricky, 0x37])))]).toEqual([0, ...tricky, 0x37]);
  });
});

describe('buildScript', () => {
  it('starts with a header naming the demo, the date and what it needs; SERVER and ORIGIN defaults', () => {
    const script = buildScript({
      demo: 'RestClient',
      serverUrl: `${SERVER}/`,
      wire: [http({})],
      pageOrigin: ORIGIN,
      now: NOW,
    });
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    expect(lines[1]).toContain('RestClient demo');
    expect(lines[2]).toBe('# Made 2026-12-05T18:00:00.000Z from a recording of 1 exchange.');
    expect(lines[3]).toBe('# Needs: a POSIX sh, curl.');
    expect(script).toContain(`\nSERVER=\${SERVER:-'${SERVER}'}\n`);
    expect(script).toContain(`\nORIGIN=\${ORIGIN-'${ORIGIN}'}\n`);
    expect(script).not.toContain('WS_SERVER');
    expect(script.endsWith('\n')).toBe(true);
  });

  it('passes header values with quotes, $, backticks and a newline through untouched, or leaves them out', () => {
    const script = buildScript({
      demo: 'D',
      serverUrl: SERVER,
      pageOrigin: ORIGIN,
      now: NOW,
      wire: [
        http({
          method: 'POST',
          url: `${SERVER}/api/notes?q=it's`,
          requestHeaders: [
            {name: 'X-Note', value: "it's $HOME and `id` and $(id)"},
            {name: 'X-Broken', value: 'one\ntwo'},
            {name: 'Bad Name', value: 'x'},
            {name: 'Content-Type', value: 'text/plain'},
          ],
          requestBody: {text: HOSTILE},
        }),
      ],
    });
    const output = runWithRecordingTools(script);
    expect(output).toContain("curl-arg:X-Note: it's $HOME and `id` and $(id)");
    expect(output).toContain('curl-arg:Content-Type: text/plain');
    expect(output.join('\n')).not.toContain('X-Broken');
    expect(output.join('\n')).not.toContain('Bad Name');
    expect(output).toContain(`curl-stdin:${HOSTILE}`);
    expect(output).toContain(`curl-arg:${SERVER}/api/notes?q=it%27s`);
    expect(output).toContain('curl-arg:POST');
    expect(output).toContain(`curl-arg:Origin: ${ORIGIN}`);
    // The left-out header is named in a comment, on one line.
    expect(script).toMatch(/^# Left out: a header no browser sends \(X-Broken\)/m);
  });

  it('sends a binary body byte for byte', () => {
    const bytes = [0, 1, 0x25, 0x5c, 0x27, 0x0a, 0x80, 0xfe, 0xff];
    const script = buildScript({
      demo: 'D',
      serverUrl: SERVER,
      pageOrigin: ORIGIN,
      now: NOW,
      wire: [http({method: 'PUT', requestBody: {base64: btoa(String.fromCharCode(...bytes))}})],
    });
    expect(runWithRecordingTools(script)).toContain('curl-arg:--data-binary');
    // The body as bytes: the printf that feeds curl, run alone.
    const printf = script.split('\n').find((line) => line.startsWith('printf ') && line.endsWith(' |'))!;
    expect([...sh(printf.slice(0, -2))]).toEqual(bytes);
  });

  it('keeps demo names, URLs and messages that try to end a comment or a quote from running', () => {
    const marker = '/tmp/otw-script-test-should-not-exist';
    const evil = `x\ntouch ${marker}\n'; touch ${marker}; '`;
    const socket: WebSocketExchange = {
      kind: 'websocket',
      id: 2,
      url: `ws://localhost:8787/ws/echo`,
      protocols: [evil],
      protocol: '',
      timings: {start: 1, headers: 2, end: 9},
      messages: [
        {type: 'send', time: 3, opcode: 1, data: {text: evil}},
        {type: 'receive', time: 4, opcode: 1, data: {text: evil}},
      ],
      close: {code: 4000, reason: evil, wasClean: true, time: 9},
    };
    const script = buildScript({
      demo: evil,
      serverUrl: SERVER,
      pageOrigin: ORIGIN,
      now: NOW,
      wire: [http({method: evil, url: `${SERVER}/api`}), http({url: `${SERVER}/api?${evil}`}), socket],
    });
    const output = runWithRecordingTools(script);
    expect(sh(`test -e ${marker} && echo exists || echo absent`).toString()).toBe('absent\n');
    expect(output).toContain(`websocat-arg:${evil}`);
    expect(output).toContain(`websocat-arg:4000`);
    // A message with a line break goes NUL-terminated (-0), whole.
    expect(output).toContain('websocat-arg:-0');
    expect(output).toContain(`websocat-stdin:[text] ${evil}`);
    expect(script).toMatch(/^# Not replayed: "x touch/m);
  });

  it('points every demo-server URL at SERVER (WebSockets at ws:// or wss:// of it); leaves other URLs as they are', () => {
    const socket: WebSocketExchange = {
      kind: 'websocket',
      id: 3,
      url: `ws://localhost:8787/ws/echo?x=1`,
      protocols: ['otw.json.v1'],
      protocol: 'otw.json.v1',
      timings: {start: 1, headers: 2, end: null},
      messages: [{type: 'send', time: 3, opcode: 2, data: {base64: 'AAEC/w=='}}],
      close: null,
    };
    const wire = [http({url: `${SERVER}/api`}), http({url: 'https://elsewhere.example/x'}), socket];
    const script = buildScript({demo: 'D', serverUrl: SERVER, pageOrigin: ORIGIN, now: NOW, wire});
    const recorded = runWithRecordingTools(script);
    expect(recorded).toContain(`curl-arg:${SERVER}/api`);
    expect(recorded).toContain('curl-arg:https://elsewhere.example/x');
    expect(recorded).toContain('websocat-arg:ws://localhost:8787/ws/echo?x=1');
    expect(recorded).toContain('websocat-stdin:[binary] AAEC/w==\n');
    expect(recorded).toContain('websocat-arg:otw.json.v1');

    const moved = runWithRecordingTools(script, {SERVER: 'https://demo.example/otw'});
    expect(moved).toContain('curl-arg:https://demo.example/otw/api');
    expect(moved).toContain('curl-arg:https://elsewhere.example/x');
    expect(moved).toContain('websocat-arg:wss://demo.example/otw/ws/echo?x=1');
  });

  it('sends the Origin the page sent, another with ORIGIN=…, none with ORIGIN= (empty)', () => {
    const script = buildScript({demo: 'D', serverUrl: SERVER, pageOrigin: ORIGIN, now: NOW, wire: [http({})]});
    expect(runWithRecordingTools(script)).toContain(`curl-arg:Origin: ${ORIGIN}`);
    expect(runWithRecordingTools(script, {ORIGIN: 'https://site.example'})).toContain(
      'curl-arg:Origin: https://site.example',
    );
    const none = runWithRecordingTools(script, {ORIGIN: ''});
    expect(none.filter((part) => part.startsWith('curl-arg:'))).toEqual([
      'curl-arg:-sS',
      'curl-arg:-i',
      `curl-arg:${SERVER}/api`,
    ]);
  });

  it('follows redirects (-L) where the fetch of the page followed them, not otherwise', () => {
    const script = buildScript({
      demo: 'D',
      serverUrl: SERVER,
      pageOrigin: null,
      now: NOW,
      wire: [http({url: `${SERVER}/redirects/a`, redirected: true}), http({id: 2, url: `${SERVER}/redirects/b`})],
    });
    const args = runWithRecordingTools(script)
      .filter((part) => part.startsWith('curl-arg:'))
      .join(' ');
    expect(args).toBe(
      `curl-arg:-sS curl-arg:-i curl-arg:-L curl-arg:${SERVER}/redirects/a curl-arg:-sS curl-arg:-i curl-arg:${SERVER}/redirects/b`,
    );
  });

  it('bounds an event stream by the time the page listened', () => {
    const script = buildScript({
      demo: 'D',
      serverUrl: SERVER,
      pageOrigin: null,
      now: NOW,
      wire: [
        {
          kind: 'eventsource',
          id: 4,
          url: `${SERVER}/events/stream`,
          withCredentials: false,
          timings: {start: 100, headers: 110, end: null},
          events: [{time: 2600, type: 'message', data: 'x', lastEventId: '1'}],
          errors: [],
        },
      ],
    });
    const output = runWithRecordingTools(script);
    expect(output).toEqual(
      expect.arrayContaining([
        'curl-arg:-N',
        'curl-arg:--max-time',
        'curl-arg:3',
        'curl-arg:Accept: text/event-stream',
      ]),
    );
    expect(output.join('\n')).not.toContain('Origin:');
  });
});
