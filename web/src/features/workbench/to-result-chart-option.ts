/**
 * The quick chart of a query result: one column along x (categories, or numbers for a scatter),
 * one numeric column as the values, as bars, a line, points or a pie. Pure: the grid model, the
 * choice and the language in, an ECharts option out. The grid above it is the table behind it.
 * In Persian the category axis runs right to left, as the text does, and the value axis sits right.
 */
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { formatDecimal, formatInteger } from '../../format/format';
import { translate, type Lang } from '../../i18n/dictionary';
import { cellText, isNumericKind, numericValue, type GridModel } from './grid-model';

export const CHART_KINDS = ['bar', 'line', 'scatter', 'pie'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export type ResultChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | ScatterSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

/** Rows drawn at most: bars and lines past this are unreadable, and a scatter of more is slow to hover. */
export const CHART_ROW_LIMIT: Record<ChartKind, number> = { bar: 500, line: 5_000, scatter: 10_000, pie: 5_000 };
/** Slices of a pie; the rest are summed into one "other" slice. */
export const PIE_SLICES = 12;

export const CHART_COLORS = ['#0f5132', '#1d4ed8', '#b45309', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207', '#9d174d', '#334155', '#15803d', '#c2410c', '#94a3b8'];

export interface ResultChartInput {
  model: GridModel;
  kind: ChartKind;
  /** Column index of the categories (or of the x values of a scatter). */
  x: number;
  /** Column index of the values; must be numeric. */
  y: number;
  lang: Lang;
}

export interface ResultChart {
  option: ResultChartOption;
  /** Rows drawn (after the cap), and whether rows were left out. */
  rowsDrawn: number;
  capped: boolean;
}

/** The first sensible pair: categories from the first non-numeric column, values from the first numeric one. */
export function defaultChartColumns(model: GridModel): { x: number; y: number } | null {
  const numeric = model.columns.map((c, i) => (isNumericKind(c.kind) ? i : -1)).filter((i) => i >= 0);
  if (numeric.length === 0) return null;
  const category = model.columns.findIndex((c) => !isNumericKind(c.kind));
  if (category >= 0) return { x: category, y: numeric[0] };
  return { x: numeric[0], y: numeric[1] ?? numeric[0] };
}

/** The columns that can be values (y): the numeric ones. */
export const valueColumns = (model: GridModel): number[] => model.columns.map((c, i) => (isNumericKind(c.kind) ? i : -1)).filter((i) => i >= 0);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function formatAxisNumber(value: number, lang: Lang): string {
  return Number.isInteger(value) ? formatInteger(value, lang) : formatDecimal(value, lang, 2);
}

export function toResultChartOption({ model, kind, x, y, lang }: ResultChartInput): ResultChart {
  const rtl = lang === 'fa';
  const xCol = model.columns[x];
  const yCol = model.columns[y];
  const rowsDrawn = Math.min(model.rowCount, CHART_ROW_LIMIT[kind]);
  const capped = model.rowCount > rowsDrawn;
  const dir = rtl ? 'rtl' : 'ltr';
  const tip = (label: string, value: string) =>
    `<div dir="${dir}" style="text-align:start"><strong dir="auto">${escapeHtml(label)}</strong><br/>${escapeHtml(yCol.name)}: ${escapeHtml(value)}</div>`;
  const base = { animation: false, color: CHART_COLORS, textStyle: {} };

  if (kind === 'pie') {
    const sums = new Map<string, number>();
    for (let r = 0; r < rowsDrawn; r++) {
      const v = numericValue(model.value(r, y));
      if (v === null || v <= 0) continue;
      const label = cellText(model.value(r, x), xCol, lang);
      sums.set(label, (sums.get(label) ?? 0) + v);
    }
    const slices = [...sums].sort((a, b) => b[1] - a[1]);
    const shown = slices.slice(0, PIE_SLICES).map(([name, value]) => ({ name, value }));
    const rest = slices.slice(PIE_SLICES).reduce((s, [, v]) => s + v, 0);
    if (rest > 0) shown.push({ name: translate(lang, 'workbench.chart.other'), value: rest });
    return {
      rowsDrawn,
      capped,
      option: {
        ...base,
        tooltip: {
          trigger: 'item',
          confine: true,
          formatter: (p: unknown) => {
            const d = p as { name?: string; value?: number; percent?: number };
            return tip(d.name ?? '', `${formatAxisNumber(d.value ?? 0, lang)} (${translate(lang, 'format.percent', { value: formatDecimal(d.percent ?? 0, lang, 1) })})`);
          },
        },
        legend: { type: 'scroll', bottom: 0, left: 'center' },
        series: [
          {
            type: 'pie',
            id: 'result',
            name: yCol.name,
            radius: ['30%', '62%'],
            center: ['50%', '44%'],
            data: shown,
            label: { formatter: '{b}', overflow: 'truncate', width: 120 },
          },
        ],
      },
    };
  }

  const xNumeric = kind === 'scatter' && isNumericKind(xCol.kind);
  const grid = { top: 30, bottom: 8, left: rtl ? 12 : 8, right: rtl ? 8 : 12, containLabel: true };
  const valueAxis = {
    type: 'value' as const,
    name: yCol.name,
    nameLocation: 'end' as const,
    nameTextStyle: { align: rtl ? ('right' as const) : ('left' as const), fontSize: 11 },
    position: rtl ? ('right' as const) : ('left' as const),
    scale: kind === 'scatter',
    axisLabel: { formatter: (v: number) => formatAxisNumber(v, lang), fontSize: 11 },
  };

  if (xNumeric) {
    const points: [number, number][] = [];
    for (let r = 0; r < rowsDrawn; r++) {
      const xv = numericValue(model.value(r, x));
      const yv = numericValue(model.value(r, y));
      if (xv !== null && yv !== null) points.push([xv, yv]);
    }
    return {
      rowsDrawn,
      capped,
      option: {
        ...base,
        grid,
        tooltip: {
          trigger: 'item',
          confine: true,
          formatter: (p: unknown) => {
            const [xv, yv] = ((p as { value?: [number, number] }).value ?? [0, 0]) as [number, number];
            return tip(`${xCol.name}: ${formatAxisNumber(xv, lang)}`, formatAxisNumber(yv, lang));
          },
        },
        xAxis: {
          type: 'value',
          name: xCol.name,
          nameLocation: 'middle',
          nameGap: 26,
          scale: true,
          inverse: rtl,
          axisLabel: { formatter: (v: number) => formatAxisNumber(v, lang), fontSize: 11, hideOverlap: true },
        },
        yAxis: valueAxis,
        series: [{ type: 'scatter', id: 'result', name: yCol.name, symbolSize: 6, data: points, large: points.length > 2_000 }],
      },
    };
  }

  const labels: string[] = [];
  const values: (number | null)[] = [];
  for (let r = 0; r < rowsDrawn; r++) {
    labels.push(cellText(model.value(r, x), xCol, lang));
    values.push(numericValue(model.value(r, y)));
  }
  const series =
    kind === 'bar'
      ? ({ type: 'bar', id: 'result', name: yCol.name, data: values, barMaxWidth: 28, itemStyle: { borderRadius: [3, 3, 0, 0] } } satisfies BarSeriesOption)
      : kind === 'line'
        ? ({ type: 'line', id: 'result', name: yCol.name, data: values, showSymbol: rowsDrawn <= 60, connectNulls: false } satisfies LineSeriesOption)
        : ({ type: 'scatter', id: 'result', name: yCol.name, data: values, symbolSize: 6 } satisfies ScatterSeriesOption);
  return {
    rowsDrawn,
    capped,
    option: {
      ...base,
      grid,
      tooltip: {
        trigger: kind === 'bar' || kind === 'line' ? 'axis' : 'item',
        confine: true,
        axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
        formatter: (p: unknown) => {
          const first = (Array.isArray(p) ? p[0] : p) as { dataIndex?: number } | undefined;
          const i = first?.dataIndex;
          if (i === undefined || i >= labels.length) return '';
          const v = values[i];
          return tip(labels[i], v === null ? translate(lang, 'workbench.grid.null') : formatAxisNumber(v, lang));
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        name: xCol.name,
        nameLocation: 'middle',
        nameGap: 26,
        inverse: rtl,
        axisTick: { alignWithLabel: true },
        axisLabel: { fontSize: 11, hideOverlap: true, overflow: 'truncate', width: 110 },
      },
      yAxis: valueAxis,
      series: [series],
    },
  };
}
