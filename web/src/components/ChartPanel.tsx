import type { ReactNode } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { dirOf } from '../i18n/dictionary';
import { useI18n } from '../i18n/use-i18n';
import { EChart } from './EChart';

/**
 * A chart with its heading and, behind a toggle, the table of the same numbers: a screen reader,
 * a print-out or someone checking a figure reads the table; the chart is its picture.
 * `tableOpen` shows the table without the toggle (the printed report).
 */
export function ChartPanel({ id, title, description, option, height, testId, children, tableOpen = false, extra }: {
  id: string;
  title: string;
  description: string;
  option: EChartsCoreOption;
  height: number;
  testId: string;
  children: ReactNode;
  tableOpen?: boolean;
  extra?: ReactNode;
}) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby={`${id}-heading`} className="panel chart-panel">
      <h2 id={`${id}-heading`} className="panel__title">
        {title}
      </h2>
      {extra}
      <EChart option={option} height={height} label={description} testId={testId} className="chart" lang={lang} dir={dirOf(lang)} />
      {tableOpen ? (
        <div className="chart-data table-scroll" role="region" aria-label={`${t('chart.table')}: ${title}`} tabIndex={0}>
          {children}
        </div>
      ) : (
        <details className="chart-data" data-testid={`${testId}-table`}>
          <summary>{t('chart.table')}</summary>
          <div className="table-scroll" role="region" aria-label={`${t('chart.table')}: ${title}`} tabIndex={0}>
            {children}
          </div>
        </details>
      )}
    </section>
  );
}
