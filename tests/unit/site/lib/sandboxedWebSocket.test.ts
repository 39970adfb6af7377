import {describe, expect, it} from 'vitest';
import {isSandboxedEvent} from '../../../../src/lib/sandboxedWebSocket.ts';

describe('isSandboxedEvent', () => {
  it('accepts the events the sandboxed frame posts, with their fields', () => {
    expect(isSandboxedEvent({type: 'error', socket: 1, at: 3.5, readyState: 3})).toBe(true);
    expect(
      isSandboxedEvent({type: 'close', socket: 1, at: 4, readyState: 3, code: 1006, reason: '', wasClean: false}),
    ).toBe(true);
    expect(isSandboxedEvent({type: 'open', socket: 1, at: 2, readyState: 1, protocol: '', extensions: ''})).toBe(true);
  });

  it('refuses anything else a frame (or another window) might post', () => {
    expect(isSandboxedEvent(null)).toBe(false);
    expect(isSandboxedEvent('close')).toBe(false);
    expect(
      isSandboxedEvent({type: 'close', socket: 1, at: 4, readyState: 3, code: '1006', reason: '', wasClean: false}),
    ).toBe(false);
    expect(isSandboxedEvent({type: 'send', socket: 1, at: 1, readyState: 1, bytes: 2, what: 'x'})).toBe(false);
    expect(isSandboxedEvent({type: 'error', socket: '1', at: 3, readyState: 3})).toBe(false);
  });
});
