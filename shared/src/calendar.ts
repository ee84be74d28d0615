/**
 * Iran's calendar for Hamgam. Days are calendar days in Asia/Tehran written `YYYY-MM-DD`; a week
 * runs Saturday to Friday and is named by its Friday. Solar Hijri parts come from the platform's
 * Intl `persian` calendar (the same data in Node and the browser), never from a hand-rolled table.
 */

export const TEHRAN_TZ = 'Asia/Tehran';
const DAY_MS = 86_400_000;

export interface JalaliDate {
  year: number;
  month: number; // 1–12, Farvardin = 1
  day: number;
}

export interface IranWeek {
  start: string; // Saturday
  end: string; // Friday
}

function parseDay(iso: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not a calendar day (YYYY-MM-DD): ${iso}`);
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw new Error(`no such day: ${iso}`);
  return d;
}

export function isIsoDay(value: string): boolean {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(iso: string, days: number): string {
  return new Date(parseDay(iso).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS);
}

const tehranDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TEHRAN_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Tehran at the instant `now`. */
export function tehranDay(now: Date = new Date()): string {
  return tehranDayFormat.format(now);
}

/** Saturday = 0 … Friday = 6. */
export function iranWeekday(iso: string): number {
  return (parseDay(iso).getUTCDay() + 1) % 7;
}

export function iranWeekOf(iso: string): IranWeek {
  const start = addDays(iso, -iranWeekday(iso));
  return { start, end: addDays(start, 6) };
}

/** The last week whose Friday has ended in Tehran at `now`. */
export function latestCompleteWeek(now: Date = new Date()): IranWeek {
  const current = iranWeekOf(tehranDay(now));
  return iranWeekOf(addDays(current.start, -1));
}

const jalaliParts = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

export function toJalali(iso: string): JalaliDate {
  const parts = jalaliParts.formatToParts(parseDay(iso));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

const faLong = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const enLong = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });

/** «۷ آذر ۱۴۰۵» */
export function formatDayFa(iso: string): string {
  return faLong.format(parseDay(iso));
}

/** "28 Nov 2026" */
export function formatDayEn(iso: string): string {
  return enLong.format(parseDay(iso));
}

/** «هفته منتهی به ۷ آذر ۱۴۰۵» for the week ending on Friday `end`. */
export function weekLabelFa(end: string): string {
  return `هفته منتهی به ${formatDayFa(end)}`;
}

export function weekLabelEn(end: string): string {
  return `Week ending ${formatDayEn(end)}`;
}

/** Nowruz holidays: 1–4 Farvardin. */
export function isNowruzHoliday(iso: string): boolean {
  const j = toJalali(iso);
  return j.month === 1 && j.day <= 4;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

export function toPersianDigits(text: string | number): string {
  return String(text).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
}

/** Persian and Arabic-Indic digits to ASCII, for parsing what people and feeds type. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (d) => {
    const p = PERSIAN_DIGITS.indexOf(d);
    return String(p >= 0 ? p : ARABIC_DIGITS.indexOf(d));
  });
}
