/**
 * The quick chart of the current result: a kind and two columns picked from the result's own, drawn
 * by the one EChart wrapper from the pure builder. The result grid above is its table.
 */
import { useEffect, useMemo, useState } from 'react';
import { PieChart, ScatterChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { EChart } from '../../components/EChart';
import { formatInteger } from '../../format/format';
import { dirOf, type MessageKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { useMediaQuery } from '../../lib/use-media-query';
import type { GridModel } from './grid-model';
import { CHART_KINDS, type ChartKind, defaultChartColumns, toResultChartOption, valueColumns } from './to-result-chart-option';

// Only the workbench draws scatters and pies: registered here, so the other pages' chart chunk stays as it was.
use([ScatterChart, PieChart]);

const kindKey = (kind: ChartKind): MessageKey => `workbench.chart.kind.${kind}`;

export function ResultChart({ model }: { model: GridModel }) {
  const { t, lang } = useI18n();
  const narrow = useMediaQuery('(max-width: 640px)');
  const numeric = useMemo(() => valueColumns(model), [model]);
  const [kind, setKind] = useState<ChartKind>('bar');
  const [pick, setPick] = useState(() => defaultChartColumns(model));

  // A new result: the first sensible pair of its columns again.
  useEffect(() => setPick(defaultChartColumns(model)), [model]);

  const chart = useMemo(() => (pick ? toResultChartOption({ model, kind, x: pick.x, y: pick.y, lang }) : null), [model, kind, pick, lang]);

  if (!pick || !chart) {
    return (
      <section className="panel" aria-labelledby="chart-heading" data-testid="result-chart-none">
        <h2 id="chart-heading" className="panel__title">
          {t('workbench.chart.heading')}
        </h2>
        <p className="panel__meta">{t('workbench.chart.noNumbers')}</p>
      </section>
    );
  }
  const x = model.columns[pick.x];
  const y = model.columns[pick.y];
  return (
    <section className="panel" aria-labelledby="chart-heading">
      <h2 id="chart-heading" className="panel__title">
        {t('workbench.chart.heading')}
      </h2>
      <form className="chart-controls" onSubmit={(e) => e.preventDefault()}>
        <label className="filters__field">
          <span>{t('workbench.chart.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as ChartKind)} data-testid="chart-kind">
            {CHART_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(kindKey(k))}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field">
          <span>{t('workbench.chart.x')}</span>
          <select value={pick.x} onChange={(e) => setPick({ ...pick, x: Number(e.target.value) })} data-testid="chart-x">
            {model.columns.map((c, i) => (
              <option key={i} value={i}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field">
          <span>{t('workbench.chart.y')}</span>
          <select value={pick.y} onChange={(e) => setPick({ ...pick, y: Number(e.target.value) })} data-testid="chart-y">
            {numeric.map((i) => (
              <option key={i} value={i}>
                {model.columns[i].name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {chart.capped && (
        <p className="panel__meta" data-testid="chart-capped">
          {t('workbench.chart.capped', { rows: formatInteger(chart.rowsDrawn, lang) })}
        </p>
      )}
      <EChart
        option={chart.option}
        height={narrow ? 280 : 340}
        label={t('workbench.chart.description', { kind: t(kindKey(kind)), x: x.name, y: y.name })}
        testId="result-chart"
        className="chart"
        lang={lang}
        dir={dirOf(lang)}
      />
    </section>
  );
}
