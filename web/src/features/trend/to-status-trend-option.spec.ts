import { describe, expect, it } from 'vitest';
import { STATUS_COLOR } from '../scoreboard/status-style';
import { POINTS } from './fixtures';
import { toStatusTrendOption } from './to-status-trend-option';

type Series = { id: string; name: string; stack: string; data: number[]; itemStyle: { color: string } };

describe('toStatusTrendOption', () => {
  it('stacks one band per status, oldest week first, with the counts the API sent', () => {
    const option = toStatusTrendOption({ points: POINTS, lang: 'en', narrow: false });
    const series = option.series as Series[];
    expect(series.map((s) => s.id)).toEqual(['joined', 'on_track', 'lagging', 'not_started', 'silent']);
    expect(new Set(series.map((s) => s.stack)).size).toBe(1);
    expect((option.xAxis as { data: string[] }).data).toEqual(['2025-03-21', '2025-11-28', '2026-11-27']);
    expect(series[0].data).toEqual([0, 3, 6]);
    expect(series[1].data).toEqual([10, 7, 4]);
    expect(series[0].itemStyle.color).toBe(STATUS_COLOR.joined);
    // Every week's bands add up to its agencies.
    for (let i = 0; i < 3; i++) expect(series.reduce((n, s) => n + s.data[i], 0)).toBe(15);
  });

  it('runs time right to left in Persian, with the values on the right and month labels in Solar Hijri', () => {
    const fa = toStatusTrendOption({ points: POINTS, lang: 'fa', narrow: false });
    const en = toStatusTrendOption({ points: POINTS, lang: 'en', narrow: false });
    expect((fa.xAxis as { inverse: boolean }).inverse).toBe(true);
    expect((en.xAxis as { inverse: boolean }).inverse).toBe(false);
    expect((fa.yAxis as { position: string }).position).toBe('right');
    const label = (fa.xAxis as { axisLabel: { formatter: (v: string) => string } }).axisLabel.formatter('2025-11-28');
    expect(label).toBe('آذر ۱۴۰۴');
    expect((en.xAxis as { axisLabel: { formatter: (v: string) => string } }).axisLabel.formatter('2025-11-28')).toBe('Nov 2025');
    expect((fa.legend as { data: string[] }).data[0]).toBe('بی‌داده'); // reading order: joined rightmost
  });

  it('tells a week in the tooltip, escaped, in the language', () => {
    const option = toStatusTrendOption({ points: POINTS, lang: 'en', narrow: false });
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ name: '2026-11-27' }]);
    expect(html).toContain('27 Nov 2026');
    expect(html).toContain('Joined: <strong>6</strong>');
  });
});
