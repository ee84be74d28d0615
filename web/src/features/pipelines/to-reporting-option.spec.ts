import { describe, expect, it } from 'vitest';
import { toReportingOption } from './to-reporting-option';
import { FRESHNESS_COLOR } from './freshness';

// Out of order on purpose: the chart sorts by day.
const daily = [
  { day: '2026-11-26', agencies: 50, rows: 900 },
  { day: '2026-11-25', agencies: 55, rows: 1000 },
  { day: '2026-11-27', agencies: 0, rows: 0 },
];

type Axis = { data: string[]; inverse: boolean; max: number; position: string; name: string };
type Series = { data: { value: number; itemStyle: { color: string } }[] }[];

describe('toReportingOption', () => {
  it('puts days in order, oldest first, labelled in the language', () => {
    const en = toReportingOption({ daily, registered: 55, lang: 'en', narrow: false });
    expect((en.xAxis as Axis).data).toEqual(['25 Nov', '26 Nov', '27 Nov']);
    const fa = toReportingOption({ daily, registered: 55, lang: 'fa', narrow: false });
    expect((fa.xAxis as Axis).data[0]).toBe('۴ آذر');
  });

  it('runs right to left in Persian', () => {
    expect((toReportingOption({ daily, registered: 55, lang: 'fa', narrow: false }).xAxis as Axis).inverse).toBe(true);
    expect((toReportingOption({ daily, registered: 55, lang: 'fa', narrow: false }).yAxis as Axis).position).toBe('right');
    expect((toReportingOption({ daily, registered: 55, lang: 'en', narrow: false }).xAxis as Axis).inverse).toBe(false);
  });

  it('scales to the registered agencies and marks days someone missed', () => {
    const option = toReportingOption({ daily, registered: 55, lang: 'en', narrow: true });
    expect((option.yAxis as Axis).max).toBe(55);
    expect((option.yAxis as Axis).name).toBe('Registered: 55');
    const bars = (option.series as Series)[0].data;
    expect(bars.map((b) => b.value)).toEqual([55, 50, 0]);
    expect(bars.map((b) => b.itemStyle.color)).toEqual([FRESHNESS_COLOR.fresh, FRESHNESS_COLOR.late, FRESHNESS_COLOR.late]);
  });

  it('writes the tooltip in the language, with Persian digits in Persian', () => {
    const option = toReportingOption({ daily, registered: 55, lang: 'fa', narrow: false });
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ dataIndex: 1 }]);
    expect(html).toContain('۵۰ دستگاه از ۵۵');
    expect(html).toContain('۹۰۰ ردیف');
    expect(html).toContain('dir="rtl"');
  });
});
