import { describe, expect, it } from 'vitest';
import type { AgencyStatus, ScoreboardRow } from '@hamgam/shared';
import { scoreboardChartHeight, toScoreboardOption } from './to-scoreboard-option';
import { STATUS_COLOR } from './status-style';

function row(agencyId: string, rank: number, index: number, status: AgencyStatus, nameFa: string, nameEn: string): ScoreboardRow {
  return {
    agencyId,
    nameFa,
    nameEn,
    kind: 'organization',
    sector: 'economy',
    rank,
    index,
    status,
    components: { coverage: index, identity: index, exchange: index, reliability: index, experience: index },
    expectedCoverage: 50,
    servicesLive: 1,
    servicesTotal: 2,
    openDisputes: 0,
    disputedFigures: [],
    previousRank: null,
    previousStatus: null,
    rankChange: null,
    indexChange: null,
  };
}

// Deliberately out of rank order: the chart must sort.
const rows = [
  row('moe', 3, 41.2, 'lagging', 'وزارت آموزش و پرورش', 'Ministry of Education'),
  row('inta', 1, 92.5, 'joined', 'سازمان امور مالیاتی کشور', 'Iranian National Tax Administration'),
  row('post', 4, 0, 'silent', 'شرکت ملی پست', 'Iran Post Company'),
  row('ncr', 2, 77.0, 'on_track', 'سازمان ثبت احوال کشور', 'National Organization for Civil Registration'),
];

type Bar = { value: number; agencyId: string } | null;
const seriesOf = (option: ReturnType<typeof toScoreboardOption>) =>
  option.series as { id: string; name: string; data: Bar[]; stack: string; itemStyle: { color: string }; label: { position: string; formatter: (p: { value?: unknown }) => string } }[];

describe('toScoreboardOption', () => {
  it('lists agencies in rank order, in the current language', () => {
    const fa = toScoreboardOption({ rows, lang: 'fa', narrow: false });
    const en = toScoreboardOption({ rows, lang: 'en', narrow: false });
    expect((fa.yAxis as { data: string[] }).data).toEqual([
      'سازمان امور مالیاتی کشور',
      'سازمان ثبت احوال کشور',
      'وزارت آموزش و پرورش',
      'شرکت ملی پست',
    ]);
    expect((en.yAxis as { data: string[] }).data[0]).toBe('Iranian National Tax Administration');
    expect((en.yAxis as { inverse: boolean }).inverse).toBe(true); // rank 1 at the top
  });

  it('gives each agency exactly one bar, in its status colour, with the index the API sent', () => {
    const series = seriesOf(toScoreboardOption({ rows, lang: 'en', narrow: false }));
    expect(series.map((s) => s.id)).toEqual(['joined', 'on_track', 'lagging', 'not_started', 'silent']);
    expect(new Set(series.map((s) => s.stack)).size).toBe(1);
    for (let i = 0; i < rows.length; i++) {
      const bars = series.filter((s) => s.data[i] !== null);
      expect(bars).toHaveLength(1);
    }
    const joined = series.find((s) => s.id === 'joined')!;
    expect(joined.data[0]).toEqual({ value: 92.5, agencyId: 'inta' });
    expect(joined.itemStyle.color).toBe(STATUS_COLOR.joined);
    expect(series.find((s) => s.id === 'lagging')!.data[2]).toEqual({ value: 41.2, agencyId: 'moe' });
    expect(series.find((s) => s.id === 'not_started')!.data.every((d) => d === null)).toBe(true);
  });

  it('names statuses in the legend in the current language', () => {
    expect(seriesOf(toScoreboardOption({ rows, lang: 'fa', narrow: false })).map((s) => s.name)).toEqual([
      'پیوسته',
      'در مسیر',
      'عقب‌مانده',
      'آغاز نشده',
      'بی‌داده',
    ]);
  });

  it('reads right to left in Persian: names on the right, values growing leftwards', () => {
    const fa = toScoreboardOption({ rows, lang: 'fa', narrow: false });
    const en = toScoreboardOption({ rows, lang: 'en', narrow: false });
    expect((fa.yAxis as { position: string }).position).toBe('right');
    expect((fa.xAxis as { inverse: boolean }).inverse).toBe(true);
    expect(seriesOf(fa)[0].label.position).toBe('left');
    expect((en.yAxis as { position: string }).position).toBe('left');
    expect((en.xAxis as { inverse: boolean }).inverse).toBe(false);
    expect(seriesOf(en)[0].label.position).toBe('right');
  });

  it('labels values with one decimal, in Persian digits in Persian', () => {
    const fa = seriesOf(toScoreboardOption({ rows, lang: 'fa', narrow: false }));
    expect(fa[0].label.formatter({ value: 92.5 })).toBe('۹۲٫۵');
    const en = seriesOf(toScoreboardOption({ rows, lang: 'en', narrow: false }));
    expect(en[0].label.formatter({ value: 77 })).toBe('77.0');
  });

  it('escapes agency names in the HTML tooltip', () => {
    const hostile = [row('x', 1, 10, 'lagging', '<img src=x onerror=alert(1)>', '<b>x</b>')];
    const option = toScoreboardOption({ rows: hostile, lang: 'en', narrow: false });
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter({ data: { value: 10, agencyId: 'x' } });
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('Rank: 1');
    expect(html).toContain('Lagging');
  });

  it('sizes the chart by the number of agencies', () => {
    expect(scoreboardChartHeight(40, false)).toBeGreaterThan(scoreboardChartHeight(20, false));
    expect(scoreboardChartHeight(20, false) - scoreboardChartHeight(10, false)).toBe(10 * 26);
  });
});
