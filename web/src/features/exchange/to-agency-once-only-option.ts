/**
 * One agency's once-only share per week over the section's few months. The national chart's
 * builder draws the line (same colour, gaps for weeks without documents, RTL axis); a span of weeks
 * rather than years labels its axis by day ("۷ آذر") instead of by month, which would repeat.
 */
import type { OnceOnlyPoint } from '@hamgam/shared';
import { formatDayShort } from '../../format/format';
import type { Lang } from '../../i18n/dictionary';
import { toOnceOnlyOption, type OnceOnlyOption } from '../trend/to-once-only-option';

export function toAgencyOnceOnlyOption({ trend, lang, narrow }: { trend: readonly OnceOnlyPoint[]; lang: Lang; narrow: boolean }): OnceOnlyOption {
  const option = toOnceOnlyOption({ trend, lang, narrow });
  const xAxis = option.xAxis as { axisLabel?: object };
  return { ...option, xAxis: { ...xAxis, axisLabel: { ...xAxis.axisLabel, formatter: (iso: string) => formatDayShort(iso, lang) } } };
}
