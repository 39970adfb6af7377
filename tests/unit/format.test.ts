import {describe, expect, it} from 'vitest';
import config from '../../docusaurus.config.ts';
import {formatClockTime, formatCount, formatDay, formatTimeOfDay, type DayFormat} from '../../src/lib/format.ts';

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
