import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatDay, formatDecimal, formatInteger, formatDuration, formatInstant, formatMonthYear, formatPercent, formatScore, formatShortInstant, formatSignedScore, formatTehranDay, formatWholePercent } from './format';

describe('format', () => {
  it('writes counts with Persian digits in Persian and Latin digits in English', () => {
    expect(formatCount(12, 'fa')).toBe('۱۲');
    expect(formatCount(1234, 'fa')).toBe('۱٬۲۳۴');
    expect(formatCount(1234, 'en')).toBe('1,234');
  });

  it('writes scores with exactly one decimal', () => {
    expect(formatScore(87.25, 'en')).toBe('87.3');
    expect(formatScore(100, 'en')).toBe('100.0');
    expect(formatScore(99.5, 'en')).toBe('99.5');
    expect(formatScore(0, 'fa')).toBe('۰٫۰');
    expect(formatScore(64.1, 'fa')).toBe('۶۴٫۱');
  });

  it('writes a day in the Solar Hijri calendar in Persian and the Gregorian in English', () => {
    expect(formatDay('2026-11-28', 'fa')).toBe('۷ آذر ۱۴۰۵');
    expect(formatDay('2026-11-28', 'en')).toBe('28 Nov 2026');
    expect(formatDay('2026-03-21', 'fa')).toBe('۱ فروردین ۱۴۰۵');
  });

  it('writes an instant in Tehran time (UTC+03:30)', () => {
    expect(formatInstant('2026-11-28T21:00:00Z', 'en')).toBe('29 Nov 2026, 00:30 Tehran time');
    expect(formatInstant('2026-11-28T10:05:00Z', 'fa')).toBe('۷ آذر ۱۴۰۵، ساعت ۱۳:۳۵ به وقت تهران');
  });

  it('passes unparseable input through rather than printing "Invalid Date"', () => {
    expect(formatDay('not-a-day', 'fa')).toBe('not-a-day');
    expect(formatInstant('nope', 'en')).toBe('nope');
  });
});

describe('formatShortInstant and formatDuration', () => {
  it('gives day and time in Tehran, Solar Hijri with Persian digits in Persian', () => {
    // 10:30 UTC is 14:00 in Tehran (UTC+03:30).
    expect(formatShortInstant('2026-11-28T10:30:05Z', 'en')).toBe('28 Nov, 14:00:05');
    expect(formatShortInstant('2026-11-28T10:30:05Z', 'fa')).toBe('۷ آذر، ۱۴:۰۰:۰۵');
    expect(formatShortInstant('not a time', 'en')).toBe('not a time');
  });

  it('picks the unit by size', () => {
    expect(formatDuration(250, 'en')).toBe('250 ms');
    expect(formatDuration(1530, 'en')).toBe('1.5 s');
    expect(formatDuration(95_000, 'en')).toBe('95 s');
    expect(formatDuration(1530, 'fa')).toBe('۱٫۵ ثانیه');
  });

  it('writes shares with the percent sign of the language', () => {
    expect(formatPercent(59.25, 'fa')).toBe('۵۹٫۳٪');
    expect(formatPercent(59.2, 'en')).toBe('59.2%');
    expect(formatWholePercent(60, 'fa')).toBe('۶۰٪');
  });

  it('signs a change so a gain and a fall differ without colour', () => {
    expect(formatSignedScore(4.25, 'en')).toBe('+4.3');
    expect(formatSignedScore(-3, 'en')).toBe('-3.0');
    expect(formatSignedScore(0, 'en')).toBe('0.0');
    expect(formatSignedScore(-3, 'fa')).toMatch(/^\u200e?[−-]۳٫۰$/);
  });

  it('writes month and year for long axes, and the Tehran day of an instant', () => {
    expect(formatMonthYear('2025-12-01', 'fa')).toBe('آذر ۱۴۰۴');
    expect(formatMonthYear('2025-12-01', 'en')).toBe('Dec 2025');
    // 21:00 UTC is already the next day in Tehran (UTC+03:30).
    expect(formatTehranDay('2025-08-31T21:00:00Z', 'en')).toBe('1 Sept 2025');
    expect(formatTehranDay('2025-09-01T09:46:00.000Z', 'fa')).toBe('۱۰ شهریور ۱۴۰۴');
  });

  it('writes integers of any size exactly, bigints included', () => {
    expect(formatInteger(9007199254740993n, 'en')).toBe('9,007,199,254,740,993');
    expect(formatInteger(1234, 'fa')).toBe('۱٬۲۳۴');
    expect(formatInteger(-5n, 'en')).toBe('-5');
  });

  it('writes decimals with as many places as they have, up to a bound, keeping a minimum scale', () => {
    expect(formatDecimal(0.125, 'en')).toBe('0.125');
    expect(formatDecimal(2 / 3, 'en')).toBe('0.666667');
    expect(formatDecimal(99.5, 'en', 6, 3)).toBe('99.500');
    expect(formatDecimal(1234.5, 'fa')).toBe('۱٬۲۳۴٫۵');
    expect(formatDecimal(Number.POSITIVE_INFINITY, 'en')).toBe('Infinity');
  });

  it('writes a date and time compactly: Solar Hijri in Persian, in Tehran time for an instant', () => {
    const at = Date.parse('2026-03-21T12:30:05Z');
    expect(formatDateTime(at, 'en', 'UTC')).toBe('2026-03-21 12:30:05');
    expect(formatDateTime(at, 'en', 'Asia/Tehran')).toBe('2026-03-21 16:00:05');
    expect(formatDateTime(at, 'fa', 'Asia/Tehran')).toBe('۱۴۰۵/۰۱/۰۱ ۱۶:۰۰:۰۵');
  });
});
