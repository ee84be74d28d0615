/**
 * The one place numbers and dates become text. Persian uses Persian digits and the Solar Hijri
 * calendar (from the platform's Intl data, the same as `shared/calendar`); English uses Latin
 * digits and the Gregorian calendar. Formatters are cached: building an Intl object per table cell
 * is measurably slow on a phone.
 */
import { translate, type Lang } from '../i18n/dictionary';

const numberLocale: Record<Lang, string> = { fa: 'fa-IR', en: 'en-US' };
const dateLocale: Record<Lang, string> = { fa: 'fa-IR-u-ca-persian', en: 'en-GB' };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `n|${lang}|${JSON.stringify(options)}`;
  let f = cache.get(id) as Intl.NumberFormat | undefined;
  if (!f) cache.set(id, (f = new Intl.NumberFormat(numberLocale[lang], options)));
  return f;
}
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `d|${lang}|${JSON.stringify(options)}`;
  let f = cache.get(id) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(id, (f = new Intl.DateTimeFormat(dateLocale[lang], options)));
  return f;
}

/** Whole numbers: counts, ranks. */
export function formatCount(value: number, lang: Lang): string {
  return numberFormat(lang, { maximumFractionDigits: 0, useGrouping: true }).format(value);
}

/**
 * Index and component values: exactly one decimal, the precision the API publishes, so columns
 * line up and a 99.5 coverage never reads as 100.
 */
export function formatScore(value: number, lang: Lang): string {
  return numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(value);
}

/** A calendar day `YYYY-MM-DD` (a date, not an instant: formatted in UTC so it never shifts). */
export function formatDay(iso: string, lang: Lang): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, { timeZone: 'UTC', year: 'numeric', month: lang === 'fa' ? 'long' : 'short', day: 'numeric' }).format(d);
}

/**
 * An instant (ISO timestamp) as day and time in Tehran. Composed from two formatters rather than
 * one, because the Persian calendar's combined pattern orders its parts oddly in some ICU builds.
 */
export function formatInstant(isoInstant: string, lang: Lang): string {
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  const day = dateFormat(lang, { timeZone: 'Asia/Tehran', year: 'numeric', month: lang === 'fa' ? 'long' : 'short', day: 'numeric' }).format(d);
  const time = dateFormat(lang, { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return translate(lang, 'format.instant', { day, time });
}

/**
 * An instant as a short day and time in Tehran, for table cells ("۷ آذر، ۱۴:۳۰" / "28 Nov, 14:30");
 * the year is left out, since a run table covers hours, not years.
 */
export function formatShortInstant(isoInstant: string, lang: Lang): string {
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  const day = dateFormat(lang, { timeZone: 'Asia/Tehran', month: lang === 'fa' ? 'long' : 'short', day: 'numeric' }).format(d);
  const time = dateFormat(lang, { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
  return translate(lang, 'format.shortInstant', { day, time });
}

/** A duration: milliseconds under a second, seconds with one decimal under a minute, whole seconds above. */
export function formatDuration(ms: number, lang: Lang): string {
  if (ms < 1000) return translate(lang, 'format.milliseconds', { value: formatCount(Math.round(ms), lang) });
  const seconds = ms / 1000;
  const digits = seconds < 60 ? 1 : 0;
  const value = numberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true }).format(seconds);
  return translate(lang, 'format.seconds', { value });
}

/** A calendar day without its year, for chart axes: "۷ آذر" / "28 Nov". */
export function formatDayShort(iso: string, lang: Lang): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, { timeZone: 'UTC', month: lang === 'fa' ? 'long' : 'short', day: 'numeric' }).format(d);
}

/** A share 0–100 with one decimal and the percent sign: "۵۹٫۲٪" / "59.2%". */
export function formatPercent(value: number, lang: Lang): string {
  return translate(lang, 'format.percent', { value: formatScore(value, lang) });
}

/**
 * A change with its sign, one decimal ("+۴٫۲", "−۳٫۰"; zero unsigned): a gain and a fall must read
 * differently without relying on colour.
 */
export function formatSignedScore(value: number, lang: Lang): string {
  return numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false, signDisplay: 'exceptZero' }).format(value);
}

/** Month and year, for the axis of a chart that spans years: "آذر ۱۴۰۴" / "Nov 2025". */
export function formatMonthYear(iso: string, lang: Lang): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(d);
}

/** A whole share, for axis ticks: "۲۰٪" / "20%". */
export function formatWholePercent(value: number, lang: Lang): string {
  return translate(lang, 'format.percent', { value: formatCount(value, lang) });
}

/** The day an instant fell on in Tehran ("since when" a service went live): "۱۰ شهریور ۱۴۰۴" / "1 Sep 2025". */
export function formatTehranDay(isoInstant: string, lang: Lang): string {
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  return dateFormat(lang, { timeZone: 'Asia/Tehran', year: 'numeric', month: lang === 'fa' ? 'long' : 'short', day: 'numeric' }).format(d);
}

/** A whole number of any size (BIGINT arrives as a bigint: formatted exactly, never through a double). */
export function formatInteger(value: number | bigint, lang: Lang): string {
  return numberFormat(lang, { maximumFractionDigits: 0, useGrouping: true }).format(value);
}

/**
 * A measured number with up to `maxFractionDigits` decimals (as many as it has, trailing zeros
 * dropped), grouped: an analyst's DOUBLE or DECIMAL. `minFractionDigits` keeps a DECIMAL's scale.
 */
export function formatDecimal(value: number, lang: Lang, maxFractionDigits = 6, minFractionDigits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat(lang, { minimumFractionDigits: minFractionDigits, maximumFractionDigits: Math.max(maxFractionDigits, minFractionDigits), useGrouping: true }).format(value);
}

/**
 * A date and time of day with seconds, numeric and compact for a grid cell: "۱۴۰۵/۰۱/۰۱، ۱۴:۳۰:۰۵" /
 * "2026-03-21 14:30:05". `timeZone` is Asia/Tehran for an instant and UTC for a wall-clock TIMESTAMP
 * (DuckDB's TIMESTAMP has no zone: shown as written).
 */
export function formatDateTime(epochMs: number, lang: Lang, timeZone: 'UTC' | 'Asia/Tehran'): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return String(epochMs);
  const parts = (options: Intl.DateTimeFormatOptions) =>
    Object.fromEntries(dateFormat(lang, { timeZone, ...options }).formatToParts(d).map((p) => [p.type, p.value]));
  const day = parts({ year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = parts({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const date = lang === 'fa' ? `${day.year}/${day.month}/${day.day}` : `${day.year}-${day.month}-${day.day}`;
  return translate(lang, 'format.dateTime', { date, time: `${time.hour}:${time.minute}:${time.second}` });
}
