import {describe, expect, it} from 'vitest';
import {readCookieField} from '../../../../demo-server/src/cookieField.ts';
import {domainOf, setCookieField} from '../../../../demo-server/src/routes/cookies.ts';

describe('setCookieField', () => {
  it('writes the pair, then Path, Domain, Max-Age and the flags in a fixed order (RFC 6265 §4.1.1)', () => {
    expect(
      setCookieField('otw_x', 'v1', {
        path: '/p',
        domain: 'example.org',
        maxAgeSeconds: 0,
        secure: true,
        httpOnly: true,
        sameSite: 'None',
        partitioned: true,
      }),
    ).toBe('otw_x=v1; Path=/p; Domain=example.org; Max-Age=0; Secure; HttpOnly; SameSite=None; Partitioned');
    expect(setCookieField('otw_x', '', {path: '/p', maxAgeSeconds: 300})).toBe('otw_x=; Path=/p; Max-Age=300');
  });
});

describe('domainOf', () => {
  it('takes the host name of a Host value, without its port, lower-cased', () => {
    expect(domainOf('LocalHost:8787')).toBe('localhost');
    expect(domainOf('demo.over-the-wire.dev')).toBe('demo.over-the-wire.dev');
    expect(domainOf('127.0.0.1:80')).toBe('127.0.0.1');
  });

  it('refuses what a Domain attribute may not carry', () => {
    for (const host of [
      undefined,
      '',
      'a;Secure',
      'a b',
      '[::1]:8787',
      '-a.example',
      'a..b',
      'a.',
      `${'a'.repeat(64)}.x`,
    ]) {
      expect(domainOf(host), String(host)).toBeNull();
    }
    expect(domainOf(`${'a.'.repeat(127)}a`)).toBeNull();
  });
});

describe('readCookieField', () => {
  it('keeps the demo’s pairs byte for byte and withholds every other value', () => {
    expect(readCookieField('sid=s3cr3t; otw_a=1;otw_b= x ; theme')).toEqual({
      shown: 'sid=…; otw_a=1;otw_b= x ; …',
      demo: [
        {name: 'otw_a', value: '1'},
        {name: 'otw_b', value: 'x'},
      ],
      withheld: 2,
      pairs: 4,
    });
  });

  it('counts no pair in empty segments', () => {
    expect(readCookieField(';; ;')).toEqual({shown: ';; ;', demo: [], withheld: 0, pairs: 0});
  });
});
