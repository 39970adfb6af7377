import {describe, expect, it} from 'vitest';
import {createOriginPolicy, normalizeOrigin} from '../../../demo-server/src/origin.ts';

describe('normalizeOrigin', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['HTTP://LocalHost:3000', 'http://localhost:3000'],
    ['http://example.org:80', 'http://example.org'],
    ['https://example.org:443', 'https://example.org'],
    ['https://example.org:8443', 'https://example.org:8443'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['  https://example.org  ', 'https://example.org'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOrigin(input)).toBe(expected);
  });

  it.each([
    '',
    'null',
    'example.org',
    'ftp://example.org',
    'https://example.org/',
    'https://example.org/app',
    'https://user@example.org',
    'https://example.org?x',
    'https://example.org#x',
    'not a url',
  ])('rejects %j', (input) => {
    expect(normalizeOrigin(input)).toBeNull();
  });
});

describe('createOriginPolicy', () => {
  const policy = createOriginPolicy(['http://localhost:3000', 'https://over-the-wire.dev']);

  it('allows origins on the list, however the browser spells them', () => {
    expect(policy.check('http://localhost:3000')).toEqual({allowed: true, origin: 'http://localhost:3000'});
    expect(policy.check('HTTPS://Over-The-Wire.dev:443')).toEqual({allowed: true, origin: 'https://over-the-wire.dev'});
  });

  it('allows requests without Origin: they cannot come from a page’s script', () => {
    expect(policy.check(undefined)).toEqual({allowed: true, origin: null});
  });

  it('refuses other origins, look-alikes included, with a reason', () => {
    for (const origin of [
      'http://localhost:3001',
      'https://localhost:3000',
      'https://over-the-wire.dev.evil.example',
      'http://127.0.0.1:3000',
    ]) {
      const decision = policy.check(origin);
      expect(decision.allowed, origin).toBe(false);
      if (!decision.allowed) expect(decision.reason).toMatch(/not on this server's allow-list/);
    }
  });

  it('refuses the opaque origin "null" (sandboxed iframes, file: pages)', () => {
    const decision = policy.check('null');
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toMatch(/not an http\(s\) origin/);
  });
});
