import { describe, expect, it } from 'vitest';
import {
  addDays,
  iranWeekOf,
  iranWeekday,
  isNowruzHoliday,
  latestCompleteWeek,
  tehranDay,
  toAsciiDigits,
  toJalali,
  toPersianDigits,
  weekLabelEn,
  weekLabelFa,
} from './calendar.js';

describe('calendar', () => {
  it('converts to Solar Hijri', () => {
    expect(toJalali('2025-03-21')).toEqual({ year: 1404, month: 1, day: 1 });
    expect(toJalali('2026-11-27')).toEqual({ year: 1405, month: 9, day: 6 });
    expect(toJalali('2025-03-20')).toEqual({ year: 1403, month: 12, day: 30 });
  });

  it('runs weeks Saturday to Friday', () => {
    expect(iranWeekday('2026-11-28')).toBe(0); // a Saturday
    expect(iranWeekday('2026-11-27')).toBe(6); // a Friday
    expect(iranWeekOf('2026-11-27')).toEqual({ start: '2026-11-21', end: '2026-11-27' });
    expect(iranWeekOf('2026-11-28')).toEqual({ start: '2026-11-28', end: '2026-12-04' });
  });

  it('uses the Tehran day, not the UTC day', () => {
    // 21:00 UTC on Friday is already 00:30 Saturday in Tehran (UTC+03:30).
    expect(tehranDay(new Date('2026-11-27T21:00:00Z'))).toBe('2026-11-28');
    expect(tehranDay(new Date('2026-11-27T20:00:00Z'))).toBe('2026-11-27');
    expect(latestCompleteWeek(new Date('2026-11-27T21:00:00Z')).end).toBe('2026-11-27');
    expect(latestCompleteWeek(new Date('2026-11-27T20:00:00Z')).end).toBe('2026-11-20');
  });

  it('keeps weeks Saturday to Friday across Nowruz and the turn of the Solar Hijri year', () => {
    // 1 Farvardin 1404 fell on a Friday: the last week of 1403 ends on Nowruz itself.
    expect(iranWeekOf('2025-03-21')).toEqual({ start: '2025-03-15', end: '2025-03-21' });
    expect(weekLabelFa('2025-03-21')).toBe('هفته منتهی به ۱ فروردین ۱۴۰۴');
    // 1 Farvardin 1405 fell on a Saturday: Nowruz opens a week.
    expect(iranWeekOf('2026-03-21')).toEqual({ start: '2026-03-21', end: '2026-03-27' });
    expect(toJalali('2026-03-20')).toEqual({ year: 1404, month: 12, day: 29 });
    expect(weekLabelFa('2026-03-20')).toBe('هفته منتهی به ۲۹ اسفند ۱۴۰۴');
    // Midnight at the turn of the year in Tehran is 20:30 UTC the evening before.
    expect(tehranDay(new Date('2026-03-20T20:29:59Z'))).toBe('2026-03-20');
    expect(tehranDay(new Date('2026-03-20T20:30:00Z'))).toBe('2026-03-21');
    expect(latestCompleteWeek(new Date('2026-03-20T20:30:00Z')).end).toBe('2026-03-20');
  });

  it('names weeks in Persian and English', () => {
    expect(weekLabelFa('2026-11-27')).toBe('هفته منتهی به ۶ آذر ۱۴۰۵');
    expect(weekLabelEn('2026-11-27')).toBe('Week ending 27 Nov 2026');
  });

  it('knows Nowruz and digits', () => {
    expect(isNowruzHoliday('2026-03-21')).toBe(true);
    expect(isNowruzHoliday('2026-03-25')).toBe(false);
    expect(toPersianDigits('1405/09/06')).toBe('۱۴۰۵/۰۹/۰۶');
    expect(toAsciiDigits('۱۲٣')).toBe('123');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(() => addDays('2026-02-30', 1)).toThrow(/no such day/);
  });
});
