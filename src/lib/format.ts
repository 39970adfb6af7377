/**
 * Dates, times and counts as the site writes them, without Intl. The first Intl formatter a page builds loads the
 * browser's locale data: measured in Chromium here with no throttling, 34–85 ms of main thread (a long task on its
 * own on a phone), which Docusaurus paid while each post and dated article came alive, and the demos as their code
 * loaded. The site has one locale, English, and these are its words: tests/unit/site/lib/format.test.ts holds each
 * function to the Intl formatter it replaces, value by value, and to the site's locales.
 *
 * Also sizes and durations as the demos show them (formatBytes, formatMs, formatMsTenths, formatSeconds).
 */

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export interface DayFormat {
  /** `long`: "December"; `short`: "Dec". */
  month: 'long' | 'short';
  /** Whether the year follows ("December 4, 2026") or not ("December 4"). */
  year: boolean;
}

/** The day in UTC, as `Intl.DateTimeFormat('en', {day: 'numeric', month, year?: 'numeric', timeZone: 'UTC'})`. */
export function formatDay(date: Date | string | number, {month, year}: DayFormat): string {
  const day = new Date(date);
  const monthName = (month === 'long' ? LONG_MONTHS : SHORT_MONTHS)[day.getUTCMonth()] ?? '';
  const monthAndDay = `${monthName} ${day.getUTCDate()}`;
  return year ? `${monthAndDay}, ${day.getUTCFullYear()}` : monthAndDay;
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** The reader's local time of day, "09:05:03": `toLocaleTimeString('en-GB')`. */
export function formatTimeOfDay(at: number | Date): string {
  const time = new Date(at);
  return `${twoDigits(time.getHours())}:${twoDigits(time.getMinutes())}:${twoDigits(time.getSeconds())}`;
}

/** The time of day to the millisecond, "09:05:03.042": what a transport log writes by each entry. */
export function formatClockTime(at: number): string {
  return `${formatTimeOfDay(at)}.${String(new Date(at).getMilliseconds()).padStart(3, '0')}`;
}

/** A whole number with its thousands grouped, "12,345": `toLocaleString('en')`. */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en');
  const digits = String(Math.abs(count)).replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 ? `-${digits}` : digits;
}

/**
 * "930 B", "1.23 kB", "12.3 kB", "2.50 MB": bytes for people (SI units, 1 kB =
 * 1000 B). The unit is chosen after rounding, so 999.7 B is "1.00 kB" and
 * 999,960 B "1.00 MB", never "1000 B" or "1000.0 kB".
 */
export function formatBytes(bytes: number): string {
  if (Math.round(bytes) < 1000) return `${Math.round(bytes)} B`;
  const kB = bytes / 1000;
  const kBText = kB.toFixed(kB < 10 ? 2 : 1);
  if (Number(kBText) < 1000) return `${kBText} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

/** "12 ms", "1.24 s", "—" for none. 999.6 ms is "1.00 s", not "1000 ms". */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (Math.abs(Math.round(ms)) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "12.3 ms": a duration to a tenth of a millisecond, for timelines whose steps are closer than one. */
export function formatMsTenths(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

/**
 * "1.250 s", "8.4 s", "8 s": a duration in seconds with `digits` decimals, for a clock that ticks in steps of that
 * size (a timeline to the millisecond, a held request's tenths). Unlike formatMs it never switches unit, so a clock
 * keeps its width as it runs.
 */
export function formatSeconds(ms: number, digits: number): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}
