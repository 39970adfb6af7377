import {describe, expect, it} from 'vitest';
import type {HandshakeReport} from '../../../../../../demo-server/src/contract/inspect.ts';
import {
  curlCommand,
  websocatCommand,
} from '../../../../../../src/components/HandshakeInspector/parts/ReproduceCommand.tsx';

const report: HandshakeReport = {
  type: 'handshake',
  connectionId: '0123456789abcdef',
  request: {
    method: 'GET',
    url: '/ws/inspect',
    httpVersion: '1.1',
    headers: [
      ['Host', 'localhost:8787'],
      ['Origin', "http://it's.example"],
      ['Sec-WebSocket-Version', '13'],
      ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ],
  },
  response: {status: 101, statusText: 'Switching Protocols', headers: []},
};

describe('reproduce commands', () => {
  it('curl repeats the browser’s key, version and origin over HTTP/1.1', () => {
    const command = curlCommand('http://localhost:8787', report);
    expect(command).toContain('curl --http1.1');
    expect(command).toContain(`-H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='`);
    expect(command).toContain(`-H 'Sec-WebSocket-Version: 13'`);
    expect(command).toContain(`'http://localhost:8787/ws/inspect'`);
  });

  it('quotes values for a POSIX shell', () => {
    expect(curlCommand('http://localhost:8787', report)).toContain(`-H 'Origin: http://it'\\''s.example'`);
  });

  it('websocat gets the ws:// URL and the origin', () => {
    expect(websocatCommand('https://demo.example.org', report)).toBe(
      `websocat -v -H 'Origin: http://it'\\''s.example' 'wss://demo.example.org/ws/inspect'`,
    );
  });
});
