/**
 * The network's period: `?from=&to=` in the URL, chosen from a few presets that end with the latest
 * complete week (the server's own default, four weeks, when the URL names none). A range the
 * presets do not cover (a shared link) stays as it is and is shown as "custom". Pure.
 */
import { addDays, latestCompleteWeek } from '@hamgam/shared';

export const PERIOD_WEEKS = [4, 12, 52] as const;
export type PeriodWeeks = (typeof PERIOD_WEEKS)[number];
export const DEFAULT_WEEKS: PeriodWeeks = 4;

export interface Range {
  from: string;
  to: string;
}

/** `weeks` whole weeks (Saturday to Friday) ending on the Friday `end`. */
export function weeksEnding(end: string, weeks: number): Range {
  return { from: addDays(end, -(7 * weeks - 1)), to: end };
}

/** The range the URL asks for: both days, or the default period ending with the latest complete week. */
export function rangeOf(from: string | null, to: string | null, now: Date = new Date()): Range {
  const end = to ?? latestCompleteWeek(now).end;
  return from ? { from, to: end } : weeksEnding(end, DEFAULT_WEEKS);
}

/** The preset a range is, or null when it is one the picker does not offer. */
export function presetOf(range: Range, now: Date = new Date()): PeriodWeeks | null {
  const end = latestCompleteWeek(now).end;
  return PERIOD_WEEKS.find((w) => range.to === end && range.from === weeksEnding(end, w).from) ?? null;
}

/** The URL parameters of a preset: none for the default, so the plain link keeps moving with the weeks. */
export function presetParams(weeks: PeriodWeeks, now: Date = new Date()): { from: string | null; to: string | null } {
  if (weeks === DEFAULT_WEEKS) return { from: null, to: null };
  return weeksEnding(latestCompleteWeek(now).end, weeks);
}
