import {describe, expect, it} from 'vitest';
import {httpUrl, webSocketUrl} from '../../../../src/lib/demoServerUrls.ts';

describe('demo server URLs', () => {
  it('turns http into ws and https into wss', () => {
    expect(webSocketUrl('http://localhost:8787', '/ws/inspect')).toBe('ws://localhost:8787/ws/inspect');
    expect(webSocketUrl('https://example.org/demo', '/ws/echo')).toBe('wss://example.org/demo/ws/echo');
    expect(httpUrl('https://example.org/demo/', '/health')).toBe('https://example.org/demo/health');
  });
});
