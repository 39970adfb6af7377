import {describe, expect, it} from 'vitest';
import config from '../../../../docusaurus.config.ts';
import {
  formatBytes,
  formatClockTime,
  formatCount,
  formatDay,
  formatMs,
  formatMsTenths,
  formatSeconds,
  formatTimeOfDay,
  type DayFormat,
} from '../../../../src/lib/format.ts';

const formats: DayFormat[] = [
  {month: 'long', year: true},
  {month: 'short', year: true},
  {month: 'long', year: false},
];

describe('formatDay', () => {
  it('writes what the theme wrote with Intl for the site’s only locale', () => {
    expect(config.i18n?.locales).toEqual(['en']);
  });

  it.each(formats)('matches Intl.DateTimeFormat("en") on every day of 2023-2028, %o', (format) => {
    const intl = new Intl.DateTimeFormat('en', {
      calendar: 'gregory',
      day: 'numeric',
      month: format.month,
      ...(format.year ? {year: 'numeric'} : {}),
      timeZone: 'UTC',
    });
    const mismatches: string[] = [];
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      // Late in the UTC day, where a local-time formatter would be on the next day east of Greenwich.
      const date = new Date(t + 23 * 3_600_000);
      if (formatDay(date, format) !== intl.format(date)) mismatches.push(date.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('takes the ISO strings and timestamps the blog and the docs hand over', () => {
    expect(formatDay('2026-11-25T00:00:00.000Z', {month: 'long', year: true})).toBe('November 25, 2026');
    expect(formatDay(Date.UTC(2026, 8, 3), {month: 'short', year: true})).toBe('Sep 3, 2026');
  });
});

describe('formatClockTime', () => {
  it('matches Intl.DateTimeFormat("en-GB", h23) to the second, then adds the milliseconds', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    const mismatches: string[] = [];
    // Every 7,919 ms for two days: every hour, most minutes and seconds, and a spread of milliseconds.
    for (let t = Date.UTC(2026, 11, 4); t < Date.UTC(2026, 11, 6); t += 7_919) {
      const expected = `${intl.format(t)}.${String(new Date(t).getMilliseconds()).padStart(3, '0')}`;
      if (formatClockTime(t) !== expected) mismatches.push(`${formatClockTime(t)} ≠ ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('formatTimeOfDay', () => {
  it('is toLocaleTimeString("en-GB")', () => {
    for (let t = Date.UTC(2026, 11, 4); t < Date.UTC(2026, 11, 5); t += 60_013)
      expect(formatTimeOfDay(t)).toBe(new Date(t).toLocaleTimeString('en-GB'));
  });
});

describe('formatCount', () => {
  it('is toLocaleString("en") for whole numbers', () => {
    const counts = [0, 1, 12, 123, 999, 1_000, 1_234, 12_345, 123_456, 1_000_000, 9_007_199_254_740_991, -1, -1_234];
    for (let n = 1; n < 1e15; n = n * 7 + 3) counts.push(n);
    for (const count of counts) expect(formatCount(count)).toBe(count.toLocaleString('en'));
  });
});

describe('formatBytes', () => {
  it('writes bytes below 1000 as whole bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(930)).toBe('930 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(312.4)).toBe('312 B');
  });

  it('writes kilobytes (1000 bytes, SI) with three significant figures', () => {
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(1234)).toBe('1.23 kB');
    expect(formatBytes(12_345)).toBe('12.3 kB');
    expect(formatBytes(123_456)).toBe('123.5 kB');
  });

  it('writes megabytes from a million bytes', () => {
    expect(formatBytes(1_000_000)).toBe('1.00 MB');
    expect(formatBytes(2_500_000)).toBe('2.50 MB');
  });

  it('moves to the next unit when rounding reaches it, rather than writing "1000 B" or "1000.0 kB"', () => {
    expect(formatBytes(999.7)).toBe('1.00 kB');
    expect(formatBytes(999_960)).toBe('1.00 MB');
  });
});

describe('formatMs', () => {
  it('writes a dash for no value', () => {
    expect(formatMs(null)).toBe('—');
  });

  it('writes whole milliseconds below a second, negative ones too (an offset can be)', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(-20.6)).toBe('-21 ms');
  });

  it('writes seconds with two decimals from a second on', () => {
    expect(formatMs(1240)).toBe('1.24 s');
    expect(formatMs(25_000)).toBe('25.00 s');
    expect(formatMs(-1500)).toBe('-1.50 s');
  });

  it('moves to seconds when rounding reaches a second, rather than writing "1000 ms"', () => {
    expect(formatMs(999.6)).toBe('1.00 s');
  });
});

describe('formatMsTenths', () => {
  it('writes a tenth of a millisecond, for steps closer together than one', () => {
    expect(formatMsTenths(0)).toBe('0.0 ms');
    expect(formatMsTenths(12.34)).toBe('12.3 ms');
    expect(formatMsTenths(1500)).toBe('1500.0 ms');
  });
});

describe('formatSeconds', () => {
  it('writes seconds with the decimals asked for, whatever the size', () => {
    expect(formatSeconds(0, 3)).toBe('0.000 s');
    expect(formatSeconds(1250, 3)).toBe('1.250 s');
    expect(formatSeconds(6_012, 3)).toBe('6.012 s');
    expect(formatSeconds(840, 1)).toBe('0.8 s');
    expect(formatSeconds(24_960, 1)).toBe('25.0 s');
    expect(formatSeconds(8_400, 0)).toBe('8 s');
  });

  it('rounds to the nearest step, as toFixed does', () => {
    expect(formatSeconds(1_500, 0)).toBe('2 s');
    expect(formatSeconds(1_499, 0)).toBe('1 s');
    expect(formatSeconds(12_360, 1)).toBe('12.4 s');
  });
});
