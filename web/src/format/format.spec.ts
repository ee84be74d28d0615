import { describe, expect, it } from 'vitest';
import { formatCount, formatDay, formatDuration, formatInstant, formatScore, formatShortInstant } from './format';

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
});
