/** Origin serialisation (RFC 6454 §6.2) and the allow-list check (RFC 6455 §4.2.2, §10.2). */
import {describe, expect, it} from 'vitest';
import {createOriginPolicy, normalizeOrigin} from '../../demo-server/src/origin.ts';

describe('normalizeOrigin', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['https://over-the-wire.dev', 'https://over-the-wire.dev'],
    // Scheme and host are case-insensitive; the serialisation is lower case.
    ['HTTP://LocalHost:3000', 'http://localhost:3000'],
    ['HTTPS://Over-The-Wire.DEV', 'https://over-the-wire.dev'],
    // A default port is left out of the serialisation.
    ['http://example.org:80', 'http://example.org'],
    ['https://example.org:443', 'https://example.org'],
    ['HTTP://LocalHost:80', 'http://localhost'],
    // A non-default port stays, including 443 on http and 80 on https.
    ['http://example.org:443', 'http://example.org:443'],
    ['https://example.org:80', 'https://example.org:80'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    // Surrounding whitespace (OWS around a header value) is not part of it.
    ['  http://localhost:3000 ', 'http://localhost:3000'],
  ])('%j → %j', (value, expected) => {
    expect(normalizeOrigin(value)).toBe(expected);
  });

  it.each([
    // An origin never ends in a slash: the trailing slash is refused here (config strips it before calling).
    'http://localhost:3000/',
    'http://localhost:3000/path',
    'http://localhost:3000?',
    'http://localhost:3000?query=1',
    'http://localhost:3000#',
    'http://localhost:3000#fragment',
    'http://user@localhost:3000',
    'http://user:password@localhost:3000',
    // Only http(s): the demo site is never served any other way.
    'ws://localhost:3000',
    'file:///index.html',
    'chrome-extension://abcdef',
    // The opaque origin a sandboxed iframe or a file: page sends.
    'null',
    ' null ',
    '',
    '   ',
    'not a url',
    'localhost:3000',
  ])('%j is not an http(s) origin', (value) => {
    expect(normalizeOrigin(value)).toBeNull();
  });
});

describe('createOriginPolicy', () => {
  const policy = createOriginPolicy(['http://localhost:3000', 'https://over-the-wire.dev']);

  it('exposes the allow-list it was given', () => {
    expect(policy.allowedOrigins).toEqual(['http://localhost:3000', 'https://over-the-wire.dev']);
  });

  it('allows a request without Origin: it cannot come from a page’s script', () => {
    expect(policy.check(undefined)).toEqual({allowed: true, origin: null});
  });

  it('allows listed origins, compared after normalisation', () => {
    expect(policy.check('http://localhost:3000')).toEqual({allowed: true, origin: 'http://localhost:3000'});
    expect(policy.check('HTTP://LOCALHOST:3000')).toEqual({allowed: true, origin: 'http://localhost:3000'});
    expect(policy.check('https://over-the-wire.dev:443')).toEqual({allowed: true, origin: 'https://over-the-wire.dev'});
  });

  it.each([
    ['https://evil.example', 'https://evil.example'],
    // Same host, another scheme or port: another origin.
    ['https://localhost:3000', 'https://localhost:3000'],
    ['http://localhost:3001', 'http://localhost:3001'],
    ['http://localhost', 'http://localhost'],
    ['http://over-the-wire.dev', 'http://over-the-wire.dev'],
    // Look-alikes that a prefix or suffix match would let through.
    ['http://localhost:30000', 'http://localhost:30000'],
    ['https://over-the-wire.dev.evil.example', 'https://over-the-wire.dev.evil.example'],
    ['https://evil-over-the-wire.dev', 'https://evil-over-the-wire.dev'],
  ])('refuses %j, naming the origin', (header, origin) => {
    const decision = policy.check(header);
    expect(decision).toMatchObject({allowed: false, origin});
    if (decision.allowed) throw new Error('unreachable');
    expect(decision.reason).toContain(origin);
    expect(decision.reason).toMatch(/allow-list/);
  });

  it.each(['null', 'http://localhost:3000/', 'ws://localhost:3000', '', 'garbage'])(
    'refuses Origin %j, which is not an http(s) origin, quoting it as received',
    (header) => {
      const decision = policy.check(header);
      expect(decision).toMatchObject({allowed: false, origin: header});
      if (decision.allowed) throw new Error('unreachable');
      expect(decision.reason).toBe(`Origin "${header}" is not an http(s) origin`);
    },
  );

  it('allows nothing but requests without Origin when the list is empty', () => {
    const closed = createOriginPolicy([]);
    expect(closed.check(undefined).allowed).toBe(true);
    expect(closed.check('http://localhost:3000').allowed).toBe(false);
  });
});
