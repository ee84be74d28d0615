import { describe, expect, it } from 'vitest';
import type { AgencyTrendPoint } from '@hamgam/shared';
import { toAgencyTrendOption } from './to-agency-trend-option';

const point = (end: string, index: number, coverage: number, expected: number): AgencyTrendPoint => ({
  week: { start: end, end, labelFa: end, labelEn: end },
  index,
  rank: 3,
  agencies: 40,
  status: 'on_track',
  coverage,
  expectedCoverage: expected,
});

describe('toAgencyTrendOption', () => {
  const points = [point('2026-11-27', 60, 50, 55), point('2026-11-20', 58, 45, 54)];

  it('draws index, coverage and the expected line oldest first, whatever order the points came in', () => {
    const o = toAgencyTrendOption({ points, lang: 'en', narrow: false });
    const series = o.series as { id: string; data: number[] }[];
    expect(series.map((s) => [s.id, s.data])).toEqual([
      ['index', [58, 60]],
      ['coverage', [45, 50]],
      ['expected', [54, 55]],
    ]);
    expect((o.xAxis as { data: string[] }).data).toEqual(['2026-11-20', '2026-11-27']);
  });

  it('runs the weeks right to left in Persian, with the axis on the right and Persian digits in the tooltip', () => {
    const o = toAgencyTrendOption({ points, lang: 'fa', narrow: true });
    expect((o.xAxis as { inverse: boolean }).inverse).toBe(true);
    expect((o.yAxis as { position: string }).position).toBe('right');
    const html = (o.tooltip as { formatter: (p: unknown) => string }).formatter([{ name: '2026-11-27' }]);
    expect(html).toContain('۶۰');
    expect(html).toContain('۳ از ۴۰');
    expect(html).toContain('dir="rtl"');
  });
});
