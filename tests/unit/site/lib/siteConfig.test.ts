import {describe, expect, it} from 'vitest';
import {DEFAULT_DEMO_SERVER_URL, NO_DEMO_SERVER_URL, parseDemoServerUrl} from '../../../../src/lib/siteConfig.ts';

describe('parseDemoServerUrl', () => {
  it('defaults to the local demo server', () => {
    expect(parseDemoServerUrl(undefined)).toBe('http://localhost:8787');
    expect(parseDemoServerUrl('  ')).toBe(DEFAULT_DEMO_SERVER_URL);
  });

  it('takes `none` for a site without a demo server: an address that never resolves (RFC 6761 .invalid)', () => {
    expect(parseDemoServerUrl('none')).toBe(NO_DEMO_SERVER_URL);
    expect(new URL(NO_DEMO_SERVER_URL).hostname.endsWith('.invalid')).toBe(true);
  });

  it('keeps a path prefix and drops trailing slashes', () => {
    expect(parseDemoServerUrl('https://demo.example.org/')).toBe('https://demo.example.org');
    expect(parseDemoServerUrl('https://example.org/demo-server/')).toBe('https://example.org/demo-server');
  });

  it('refuses what a browser could not connect to, naming the variable', () => {
    expect(() => parseDemoServerUrl('localhost:8787')).toThrow(/DEMO_SERVER_URL/);
    expect(() => parseDemoServerUrl('not a url')).toThrow(/DEMO_SERVER_URL must be an absolute URL/);
    expect(() => parseDemoServerUrl('ws://localhost:8787')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseDemoServerUrl('https://user:pw@example.org')).toThrow(/credentials/);
    expect(() => parseDemoServerUrl('https://example.org/?x=1')).toThrow(/query/);
  });
});
