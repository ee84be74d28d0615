import { memo, useMemo } from 'react';
import type { ScoreboardRow } from '@hamgam/shared';
import { EChart } from '../../components/EChart';
import { dirOf } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import { scoreboardChartHeight, toScoreboardOption } from './to-scoreboard-option';

/** Memoised like the table: the weeks and movers arriving later need not touch the chart. */
export const ScoreboardChart = memo(function ScoreboardChart({ rows }: { rows: readonly ScoreboardRow[] }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const option = useMemo(() => toScoreboardOption({ rows, lang, narrow }), [rows, lang, narrow]);
  return (
    <section aria-labelledby="chart-heading" className="panel">
      <h2 id="chart-heading" className="panel__title">
        {t('chart.heading')}
      </h2>
      <EChart
        option={option}
        height={scoreboardChartHeight(rows.length, narrow)}
        label={t('chart.description')}
        testId="scoreboard-chart"
        className="chart"
        lang={lang}
        dir={dirOf(lang)}
      />
    </section>
  );
});
