import {describe, expect, it} from 'vitest';
import {COOKIE_VALUE_PATTERN} from '../../../../demo-server/src/contract/cookies.ts';
import {
  cookieNames,
  demoCookiesIn,
  newCookieValue,
  otherLoopbackUrl,
  scriptCookieAssignment,
} from '../../../../src/lib/cookies.ts';

describe('otherLoopbackUrl', () => {
  it('swaps localhost and 127.0.0.1, keeping the port and the path prefix', () => {
    expect(otherLoopbackUrl('http://localhost:8787')).toBe('http://127.0.0.1:8787');
    expect(otherLoopbackUrl('http://127.0.0.1:8840/demo/')).toBe('http://localhost:8840/demo');
  });

  it('gives a deployed server no second name', () => {
    expect(otherLoopbackUrl('https://demo.over-the-wire.dev')).toBeNull();
    expect(otherLoopbackUrl('not a url')).toBeNull();
  });
});

describe('document.cookie strings', () => {
  it('keeps the demo’s cookies only, in order', () => {
    expect(demoCookiesIn('theme=dark; otw_plain=1; sid=x; otw_lax=2')).toBe('otw_plain=1; otw_lax=2');
    expect(demoCookiesIn('')).toBe('');
  });

  it('names the cookies of a Cookie field, however it is spaced', () => {
    expect(cookieNames('otw_a=1; otw_b=;otw_c=x=y')).toEqual(['otw_a', 'otw_b', 'otw_c']);
    expect(cookieNames('')).toEqual([]);
  });
});

describe('the page’s own cookie', () => {
  it('is set for five minutes on the whole origin, and deleted with Max-Age=0', () => {
    expect(scriptCookieAssignment('abc')).toBe('otw_script=abc; Path=/; Max-Age=300; SameSite=Lax');
    expect(scriptCookieAssignment(null)).toBe('otw_script=; Path=/; Max-Age=0; SameSite=Lax');
  });

  it('makes values the server accepts', () => {
    for (let i = 0; i < 20; i += 1) expect(newCookieValue()).toMatch(COOKIE_VALUE_PATTERN);
  });
});
