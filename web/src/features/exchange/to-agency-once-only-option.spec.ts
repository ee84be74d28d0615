import { describe, expect, it } from 'vitest';
import { toAgencyOnceOnlyOption } from './to-agency-once-only-option';

const trend = [
  { weekEnd: '2026-11-27', docsAsked: 30, docsFetched: 70, onceOnlyPct: 70 },
  { weekEnd: '2026-11-20', docsAsked: 0, docsFetched: 0, onceOnlyPct: null },
  { weekEnd: '2026-11-13', docsAsked: 60, docsFetched: 40, onceOnlyPct: 40 },
];

describe('toAgencyOnceOnlyOption', () => {
  it("draws the agency's share per week, oldest first, a week without documents as a gap", () => {
    const option = toAgencyOnceOnlyOption({ trend, lang: 'fa', narrow: false });
    const axis = option.xAxis as { data: string[]; inverse: boolean; axisLabel: { formatter: (v: string) => string } };
    expect(axis.data).toEqual(['2026-11-13', '2026-11-20', '2026-11-27']);
    expect((option.series as { data: (number | null)[] }[])[0].data).toEqual([40, null, 70]);
    // right to left in Persian, like the text
    expect(axis.inverse).toBe(true);
  });

  it('labels the weeks by day, not by a month that would repeat', () => {
    const en = toAgencyOnceOnlyOption({ trend, lang: 'en', narrow: false }).xAxis as { axisLabel: { formatter: (v: string) => string } };
    expect(en.axisLabel.formatter('2026-11-27')).toBe('27 Nov');
    const fa = toAgencyOnceOnlyOption({ trend, lang: 'fa', narrow: false }).xAxis as { axisLabel: { formatter: (v: string) => string } };
    expect(fa.axisLabel.formatter('2026-11-27')).toBe('۶ آذر');
  });
});
