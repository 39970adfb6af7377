import {describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import {
  formatProxySettings,
  parseProxySettings,
  PLAIN_PROXY,
  viaProxyPath,
} from '../../../../demo-server/src/contract/proxy.ts';
import {PROXY_LIMITS} from '../../../../demo-server/src/limits.ts';

describe('proxy settings in the path', () => {
  it('writes only what differs from a plain proxy, and reads back what it wrote', () => {
    expect(formatProxySettings({})).toBe('plain');
    const settings = {
      ...PLAIN_PROXY,
      buffer: 4096,
      flushMs: 2000,
      idleMs: 800,
      upgrade: 'strip' as const,
      latencyMs: 150,
      bytesPerSecond: 4096,
      attempt: 'abcdefgh12',
    };
    const segment = formatProxySettings(settings);
    expect(segment).toBe('buffer=4096,flush=2000,idle=800,latency=150,rate=4096,upgrade=strip,attempt=abcdefgh12');
    expect(parseProxySettings(segment)).toEqual({ok: true, settings});
    expect(parseProxySettings('plain')).toEqual({ok: true, settings: PLAIN_PROXY});
    expect(viaProxyPath({idleMs: 500}, ENDPOINTS.eventsLongPoll)).toBe('/via-proxy/idle=500/events/long-poll');
  });

  it('says which setting is wrong and what it takes, without repeating a long value', () => {
    const error = (segment: string) => {
      const parsed = parseProxySettings(segment);
      return parsed.ok ? null : parsed.error;
    };
    expect(error(`buffer=${PROXY_LIMITS.maxBufferBytes + 1}`)).toBe(
      '"buffer" must be a whole number of bytes from 1 to 65536, or 0 for off',
    );
    expect(error('idle=100')).toBe('"idle" must be a whole number of ms from 200 to 60000, or 0 for off');
    expect(error('flush=0')).toBe('"flush" must be a whole number of ms from 50 to 10000');
    expect(error('latency=-1')).toMatch(/^"latency" must be/);
    expect(error('rate=1e6')).toMatch(/^"rate" must be/);
    expect(error('upgrade=maybe')).toBe('"upgrade" must be "forward" or "strip"');
    expect(error('attempt=short')).toMatch(/^"attempt" must be 8 to 64 characters/);
    expect(error('idle=500,idle=600')).toBe('The proxy setting "idle" is given twice');
    expect(error(`${'x'.repeat(40)}=1`)).toMatch(/^There is no proxy setting "x{16}…"/);
    expect(error('a'.repeat(300))).toBe('The proxy settings are at most 256 characters');
    expect(error('')).toMatch(/^There is no proxy setting ""/);
  });

  it('takes 0 as "off" for the settings that can be off', () => {
    expect(parseProxySettings('buffer=0,idle=0,latency=0,rate=0')).toEqual({ok: true, settings: PLAIN_PROXY});
  });
});
