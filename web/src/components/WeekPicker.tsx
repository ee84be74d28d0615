import type { ScoreboardWeekListItem } from '@hamgam/shared';
import { useI18n } from '../i18n/use-i18n';
import { setSearchParams } from '../lib/use-search-param';

/**
 * The week being looked at, chosen among the stored weeks by their label (Solar Hijri in Persian).
 * Writes `?week=`; the newest week writes none, so "the latest" stays a link that moves on.
 */
export function WeekPicker({ weeks, value }: { weeks: readonly ScoreboardWeekListItem[]; value: string }) {
  const { t, lang } = useI18n();
  const newest = weeks[0]?.end;
  return (
    <label className="week-picker">
      <span>{t('week.label')}</span>
      <select
        data-testid="week-picker"
        value={value}
        aria-label={t('week.picker')}
        onChange={(e) => setSearchParams({ week: e.target.value === newest ? null : e.target.value })}
      >
        {/* A week the list does not hold yet (just closed) stays selectable rather than jumping. */}
        {!weeks.some((w) => w.end === value) && <option value={value}>{value}</option>}
        {weeks.map((w) => (
          <option key={w.end} value={w.end}>
            {lang === 'fa' ? w.labelFa : w.labelEn}
          </option>
        ))}
      </select>
    </label>
  );
}
