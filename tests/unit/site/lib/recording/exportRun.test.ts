import {describe, expect, it} from 'vitest';
import {exportRun, rebaseWire} from '../../../../../src/lib/recording/exportRun.ts';
import {RECORDING_FORMAT, type Recording, type WireEntry} from '../../../../../src/lib/recording/format.ts';

const wire: WireEntry[] = [
  {
    kind: 'http',
    id: 1,
    method: 'GET',
    url: 'http://localhost:8890/health?x=1',
    requestHeaders: [],
    requestBody: null,
    status: 200,
    statusText: 'OK',
    responseHeaders: [{name: 'content-type', value: 'application/json'}],
    responseBody: {text: '{"status":"ok"}'},
    timings: {start: 5, headers: 9, end: 10},
  },
  {
    kind: 'websocket',
    id: 2,
    url: 'ws://localhost:8890/ws/echo',
    protocols: [],
    protocol: '',
    timings: {start: 12, headers: 20, end: null},
    messages: [
      {type: 'send', time: 30, opcode: 1, data: {text: 'hi'}},
      {type: 'receive', time: 31, opcode: 1, data: {text: 'hi'}},
    ],
    close: null,
  },
];

describe('rebaseWire', () => {
  it('moves a recording made on another address onto this page’s server, schemes following', () => {
    const moved = rebaseWire(wire, 'https://demo.example.org/prefix');
    expect(moved.map((entry) => entry.url)).toEqual([
      'https://demo.example.org/prefix/health?x=1',
      'wss://demo.example.org/prefix/ws/echo',
    ]);
  });

  it('leaves exchanges on several origins, or on this server already, as they are', () => {
    expect(rebaseWire(wire, 'http://localhost:8890')).toEqual(wire);
    const mixed = [...wire, {...wire[0]!, id: 3, url: 'http://127.0.0.1:8890/health'}];
    expect(rebaseWire(mixed, 'https://demo.example.org').map((entry) => entry.url)).toEqual(
      mixed.map((entry) => entry.url),
    );
  });
});

describe('exportRun', () => {
  it('names the files after the demo and the run, and points both at this page’s server', () => {
    const recording: Recording = {
      format: RECORDING_FORMAT,
      demo: 'EchoConsole',
      source: 'committed',
      recordedAt: '2026-12-05T18:00:00.000Z',
      server: {version: '0.1.0', url: 'the demo server'},
      startedAt: Date.parse('2026-12-05T18:00:00.000Z'),
      duration: 100,
      view: {},
      steps: [],
      wire,
    };
    const files = exportRun(recording, {
      title: 'Echo console',
      url: 'https://example.org/docs/websocket/echo-console',
      origin: 'https://example.org',
      serverUrl: 'https://demo.example.org',
      siteVersion: '0.1.0',
    });
    expect(files.baseName).toBe('over-the-wire-EchoConsole-2026-12-05T18-00-00');
    const har = JSON.parse(files.har) as {log: {creator: {version: string}; entries: {request: {url: string}}[]}};
    expect(har.log.creator.version).toBe('0.1.0');
    expect(har.log.entries.map((entry) => entry.request.url)).toEqual([
      'https://demo.example.org/health?x=1',
      'wss://demo.example.org/ws/echo',
    ]);
    expect(files.script).toContain("SERVER=${SERVER:-'https://demo.example.org'}");
    expect(files.script).not.toContain('localhost:8890');
  });
});
