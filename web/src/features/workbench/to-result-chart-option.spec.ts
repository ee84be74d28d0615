import { describe, expect, it } from 'vitest';
import type { GridColumn, GridModel } from './grid-model';
import { CHART_ROW_LIMIT, PIE_SLICES, defaultChartColumns, toResultChartOption, valueColumns } from './to-result-chart-option';

const col = (name: string, type: string, kind: GridColumn['kind']): GridColumn => ({ name, type, kind, scale: 0, width: 100 });

/** A grid model over plain rows, as toGridModel gives for a decoded result. */
function model(columns: GridColumn[], rows: unknown[][]): GridModel {
  return { columns, rowCount: rows.length, value: (r, c) => rows[r][c] ?? null };
}

const sectors = model(
  [col('sector', 'VARCHAR', 'text'), col('agencies', 'BIGINT', 'integer'), col('mean_index', 'DOUBLE', 'decimal')],
  [
    ['سلامت', 12n, 61.5],
    ['economy', 30n, 48.25],
    ['education', 7n, null],
  ],
);

type Axis = { type: string; data?: string[]; inverse?: boolean; position?: string; name?: string };
type Series = { type: string; data: unknown[] }[];

describe('toResultChartOption', () => {
  it('picks categories from the first text column and values from the first numeric one', () => {
    expect(defaultChartColumns(sectors)).toEqual({ x: 0, y: 1 });
    expect(valueColumns(sectors)).toEqual([1, 2]);
    const numbersOnly = model([col('a', 'BIGINT', 'integer'), col('b', 'DOUBLE', 'decimal')], [[1n, 2]]);
    expect(defaultChartColumns(numbersOnly)).toEqual({ x: 0, y: 1 });
    expect(defaultChartColumns(model([col('t', 'VARCHAR', 'text')], [['x']]))).toBeNull();
  });

  it('draws bars of the chosen value column by the category column, labels formatted in the language', () => {
    const { option } = toResultChartOption({ model: sectors, kind: 'bar', x: 0, y: 1, lang: 'en' });
    expect((option.xAxis as Axis).data).toEqual(['سلامت', 'economy', 'education']);
    const series = option.series as Series;
    expect(series[0].type).toBe('bar');
    expect(series[0].data).toEqual([12, 30, 7]);
    expect((option.yAxis as Axis).name).toBe('agencies');
    // A NULL is a gap in a line, not a zero.
    const line = toResultChartOption({ model: sectors, kind: 'line', x: 0, y: 2, lang: 'en' }).option.series as Series;
    expect(line[0].type).toBe('line');
    expect(line[0].data).toEqual([61.5, 48.25, null]);
  });

  it('runs right to left in Persian, with the value axis on the right', () => {
    const fa = toResultChartOption({ model: sectors, kind: 'bar', x: 0, y: 1, lang: 'fa' }).option;
    expect((fa.xAxis as Axis).inverse).toBe(true);
    expect((fa.yAxis as Axis).position).toBe('right');
    const en = toResultChartOption({ model: sectors, kind: 'bar', x: 0, y: 1, lang: 'en' }).option;
    expect((en.xAxis as Axis).inverse).toBe(false);
    expect((en.yAxis as Axis).position).toBe('left');
    const formatter = (fa.yAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter;
    expect(formatter(1200)).toBe('۱٬۲۰۰');
  });

  it('plots a scatter of two numeric columns on value axes', () => {
    const { option } = toResultChartOption({ model: sectors, kind: 'scatter', x: 1, y: 2, lang: 'en' });
    expect((option.xAxis as Axis).type).toBe('value');
    expect((option.series as Series)[0].data).toEqual([
      [12, 61.5],
      [30, 48.25],
    ]);
  });

  it('sums a pie by label, largest first, and folds the smallest slices into "other"', () => {
    const rows = Array.from({ length: PIE_SLICES + 3 }, (_, i) => [`s${i}`, BigInt(i + 1)]);
    rows.push(['s0', 100n]);
    const { option } = toResultChartOption({ model: model([col('s', 'VARCHAR', 'text'), col('n', 'BIGINT', 'integer')], rows), kind: 'pie', x: 0, y: 1, lang: 'en' });
    const data = (option.series as Series)[0].data as { name: string; value: number }[];
    expect(data).toHaveLength(PIE_SLICES + 1);
    expect(data[0]).toEqual({ name: 's0', value: 101 });
    // s1, s2 and s3 (2, 3 and 4) are the three smallest of the fifteen labels.
    expect(data.at(-1)).toEqual({ name: 'Other', value: 2 + 3 + 4 });
    const fa = toResultChartOption({ model: model([col('s', 'VARCHAR', 'text'), col('n', 'BIGINT', 'integer')], rows), kind: 'pie', x: 0, y: 1, lang: 'fa' }).option;
    expect(((fa.series as Series)[0].data.at(-1) as { name: string }).name).toBe('سایر');
  });

  it('draws at most the row limit of its kind and says so', () => {
    const many = model(
      [col('i', 'BIGINT', 'integer'), col('v', 'DOUBLE', 'decimal')],
      Array.from({ length: CHART_ROW_LIMIT.bar + 10 }, (_, i) => [BigInt(i), i * 1.5]),
    );
    const bar = toResultChartOption({ model: many, kind: 'bar', x: 0, y: 1, lang: 'en' });
    expect(bar.capped).toBe(true);
    expect(bar.rowsDrawn).toBe(CHART_ROW_LIMIT.bar);
    expect((bar.option.series as Series)[0].data).toHaveLength(CHART_ROW_LIMIT.bar);
    expect(toResultChartOption({ model: sectors, kind: 'bar', x: 0, y: 1, lang: 'en' }).capped).toBe(false);
  });

  it('writes the tooltip in the language and escapes the values', () => {
    const hostile = model([col('name', 'VARCHAR', 'text'), col('n', 'BIGINT', 'integer')], [['<img src=x onerror=alert(1)>', 1234n]]);
    const { option } = toResultChartOption({ model: hostile, kind: 'bar', x: 0, y: 1, lang: 'fa' });
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 0 }]);
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('<img');
    expect(html).toContain('۱٬۲۳۴');
    expect(html).toContain('dir="rtl"');
  });
});
