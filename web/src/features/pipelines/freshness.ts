/**
 * How freshness and runs read on the pipelines page: colours, and the text of a last data day and
 * of days behind. Pure, so the wording is tested without a browser. Colours hold 4.5:1 against
 * white text, and always come with a word.
 */
import type { FreshnessStatus, PipelineRunStatus } from '@hamgam/shared';
import { formatCount, formatDay } from '../../format/format';
import { datasetKey, translate, type Lang } from '../../i18n/dictionary';

export const FRESHNESS_COLOR: Record<FreshnessStatus, string> = {
  fresh: '#15803d',
  late: '#b45309',
  silent: '#4b5563',
};

export const RUN_STATUS_COLOR: Record<PipelineRunStatus, string> = {
  succeeded: '#15803d',
  failed: '#b91c1c',
  running: '#1d4ed8',
};

/** "No data" when the agency never reported; else the day in the language's calendar. */
export function formatLastDataDay(day: string | null, lang: Lang): string {
  return day ? formatDay(day, lang) : translate(lang, 'freshness.noData');
}

/** "today", "1 day", "12 days" (Persian: «امروز»، «۱۲ روز»); "—" when there is nothing to count from. */
export function formatDaysBehind(days: number | null, lang: Lang): string {
  if (days === null) return '—';
  if (days === 0) return translate(lang, 'freshness.today');
  return translate(lang, days === 1 ? 'freshness.day' : 'freshness.days', { count: formatCount(days, lang) });
}

/** The agency's name in the language, or its id when the registry no longer knows it. */
export function agencyName(row: { agencyId: string; nameFa: string | null; nameEn: string | null }, lang: Lang): string {
  return (lang === 'fa' ? row.nameFa : row.nameEn) ?? row.agencyId;
}

export function datasetLabel(dataset: string, lang: Lang): string {
  const key = datasetKey(dataset);
  return key ? translate(lang, key) : dataset;
}

/** The first block of a run id: enough to tell runs apart on screen; the full id is in the title. */
export const shortRunId = (runId: string) => runId.slice(0, 8);
