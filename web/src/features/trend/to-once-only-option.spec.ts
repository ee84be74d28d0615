import { describe, expect, it } from 'vitest';
import { toOnceOnlyOption } from './to-once-only-option';

const trend = [
  { weekEnd: '2025-03-28', docsAsked: 100, docsFetched: 0, onceOnlyPct: 0 },
  { weekEnd: '2025-03-21', docsAsked: 0, docsFetched: 0, onceOnlyPct: null },
  { weekEnd: '2025-04-04', docsAsked: 50, docsFetched: 50, onceOnlyPct: 50 },
];

describe('toOnceOnlyOption', () => {
  it('draws the share per week, oldest first, leaving a week without documents as a gap', () => {
    const option = toOnceOnlyOption({ trend, lang: 'en', narrow: false });
    const [series] = option.series as { data: (number | null)[]; connectNulls: boolean }[];
    expect((option.xAxis as { data: string[] }).data).toEqual(['2025-03-21', '2025-03-28', '2025-04-04']);
    expect(series.data).toEqual([null, 0, 50]);
    expect(series.connectNulls).toBe(false);
  });

  it('says "no documents needed" rather than 0% for such a week', () => {
    const option = toOnceOnlyOption({ trend, lang: 'en', narrow: false });
    const tooltip = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(tooltip([{ name: '2025-03-21' }])).toContain('no documents needed');
    expect(tooltip([{ name: '2025-04-04' }])).toContain('50.0%');
  });
});
