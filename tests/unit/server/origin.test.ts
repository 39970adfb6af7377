import {describe, expect, it} from 'vitest';
import {createOriginPolicy, normalizeOrigin, parseOriginPattern} from '../../../demo-server/src/origin.ts';

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

describe('parseOriginPattern', () => {
  it.each([
    ['https://*.preview.example.org', 'https://*.preview.example.org', ''],
    ['HTTPS://*.Preview.Example.ORG', 'https://*.preview.example.org', ''],
    ['https://*.preview.example.org:443', 'https://*.preview.example.org', ''],
    ['https://*.preview.example.org:8443', 'https://*.preview.example.org:8443', '8443'],
    ['http://*.localhost.example.org:3000', 'http://*.localhost.example.org:3000', '3000'],
    // An IDN domain is written as the URL parser writes it: punycode.
    ['https://*.bücher.example', 'https://*.xn--bcher-kva.example', ''],
    // One project's previews on a shared host: the project is one label under the public suffix.
    ['https://*.over-the-wire.pages.dev', 'https://*.over-the-wire.pages.dev', ''],
  ])('%s is the pattern %s', (entry, text, port) => {
    const parsed = parseOriginPattern(entry);
    expect(parsed).toMatchObject({ok: true, pattern: {text, port}});
  });

  it.each([
    ['https://*', /a lone wildcard would allow every host/],
    ['https://*:8443', /a lone wildcard would allow every host/],
    ['https://*.', /a lone wildcard would allow every host/],
    ['https://*.com', /"com" is a public suffix, under which anyone can have a site/],
    ['https://*.co.uk', /"co.uk" is a public suffix/],
    ['https://*.netlify.app', /"netlify.app" is a public suffix/],
    ['https://*.github.io', /"github.io" is a public suffix/],
    ['https://a.*.example.org', /the wildcard must be the leftmost label/],
    ['https://preview.example.*', /the wildcard must be the leftmost label/],
    ['https://pr-*.preview.example.org', /"\*" must be a whole label; it cannot be part of one/],
    ['https://*pr.preview.example.org', /"\*" must be a whole label/],
    ['https://*.*.example.org', /it has 2 wildcards/],
    ['*.preview.example.org', /write scheme:\/\/\*.domain\[:port\]/],
    ['ftp://*.preview.example.org', /with http or https/],
    ['https://*.preview.example.org/path', /with http or https/],
    ['https://*.preview.example.org.', /an empty label \(a trailing or doubled dot\)/],
    ['https://*..example.org', /an empty label/],
    ['https://*.203.0.113.7', /a domain name and no path/],
  ])('refuses %s', (entry, message) => {
    const parsed = parseOriginPattern(entry);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toMatch(/^".*" is not a valid origin pattern: /);
      expect(parsed.problem).toMatch(message);
    }
  });
});

describe('createOriginPolicy with a preview pattern', () => {
  const policy = createOriginPolicy(['https://over-the-wire.dev', 'https://*.preview.example.org']);
  const portPolicy = createOriginPolicy(['https://*.preview.example.org:8443']);

  it('allows one DNS label in front of the domain, echoing the origin, never the pattern', () => {
    for (const origin of [
      'https://pr-42.preview.example.org',
      'https://x.preview.example.org',
      'https://0.preview.example.org',
      'https://xn--bcher-kva.preview.example.org',
    ]) {
      expect(policy.check(origin), origin).toEqual({allowed: true, origin});
    }
    expect(portPolicy.check('https://pr-42.preview.example.org:8443')).toEqual({
      allowed: true,
      origin: 'https://pr-42.preview.example.org:8443',
    });
  });

  it('normalises the Origin as the URL parser does before matching: letter case, default port, IDN', () => {
    expect(policy.check('HTTPS://PR-42.Preview.Example.ORG')).toEqual({
      allowed: true,
      origin: 'https://pr-42.preview.example.org',
    });
    expect(policy.check('https://pr-42.preview.example.org:443')).toEqual({
      allowed: true,
      origin: 'https://pr-42.preview.example.org',
    });
    expect(policy.check('https://bücher.preview.example.org')).toEqual({
      allowed: true,
      origin: 'https://xn--bcher-kva.preview.example.org',
    });
  });

  it.each([
    ['https://preview.example.org.evil.com', /not on this server's allow-list/],
    ['https://x.preview.example.org.evil.com', /not on this server's allow-list/],
    ['https://evilpreview.example.org', /not on this server's allow-list/],
    ['https://preview.example.org', /not on this server's allow-list/],
    ['https://a.b.preview.example.org', /not on this server's allow-list/],
    ['http://x.preview.example.org', /not on this server's allow-list/],
    ['https://x.preview.example.org:444', /not on this server's allow-list/],
    ['https://x.preview.example.org:8443', /not on this server's allow-list/],
    ['https://x.preview.example.org.', /not on this server's allow-list/],
    ['https://x_y.preview.example.org', /not on this server's allow-list/],
    ['https://*.preview.example.org', /not on this server's allow-list/],
    // Not an origin at all: it has a path.
    ['https://evil.com/.preview.example.org', /not an http\(s\) origin/],
    ['https://x.preview.example.org/', /not an http\(s\) origin/],
    ['https://user@x.preview.example.org', /not an http\(s\) origin/],
    ['null', /not an http\(s\) origin/],
  ])('refuses the look-alike %s', (origin, reason) => {
    const decision = policy.check(origin);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toMatch(reason);
  });

  it('matches an internationalised domain however either side spells it', () => {
    const idn = createOriginPolicy(['https://*.bücher.example']);
    expect(idn.check('https://pr-1.xn--bcher-kva.example')).toEqual({
      allowed: true,
      origin: 'https://pr-1.xn--bcher-kva.example',
    });
    expect(idn.check('https://pr-1.bücher.example').allowed).toBe(true);
    expect(idn.check('https://pr-1.bucher.example').allowed).toBe(false);
  });

  it('refuses, on a pattern with a port, the same host on the default port', () => {
    expect(portPolicy.check('https://x.preview.example.org').allowed).toBe(false);
  });

  it('refuses to build a policy from a pattern that does not parse', () => {
    expect(() => createOriginPolicy(['https://*.com'])).toThrow(/"com" is a public suffix/);
  });
});
