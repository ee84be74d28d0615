import { describe, expect, it } from 'vitest';
import { POINTS } from './fixtures';
import { toServicesTrendOption } from './to-services-trend-option';

type Series = { id: string; data: number[]; lineStyle: { type?: string } };

describe('toServicesTrendOption', () => {
  it('draws services live against the expected trajectory, oldest week first, on a 0–100 scale', () => {
    const option = toServicesTrendOption({ points: POINTS, lang: 'en', narrow: false });
    const [live, expected] = option.series as Series[];
    expect(live.id).toBe('servicesLive');
    expect(live.data).toEqual([0, 30, 59.2]);
    expect(expected.data).toEqual([0, 40, 84.5]);
    expect(expected.lineStyle.type).toBe('dashed'); // told apart without colour
    expect(option.yAxis).toMatchObject({ min: 0, max: 100 });
  });

  it('labels percentages in Persian digits, right to left', () => {
    const option = toServicesTrendOption({ points: POINTS, lang: 'fa', narrow: true });
    expect((option.yAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter(60)).toBe('۶۰٪');
    expect((option.xAxis as { inverse: boolean }).inverse).toBe(true);
    const html = (option.tooltip as { formatter: (p: unknown) => string }).formatter([{ name: '2026-11-27' }]);
    expect(html).toContain('۵۹٫۲٪');
    expect(html).toContain('۸۴٫۵٪');
    expect(html).toContain('dir="rtl"');
  });

  it('shows fewer week labels on a phone', () => {
    const many = Array.from({ length: 89 }, (_, i) => ({ ...POINTS[0], week: { ...POINTS[0].week, end: `2025-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` } }));
    const wide = (toServicesTrendOption({ points: many, lang: 'en', narrow: false }).xAxis as { axisLabel: { interval: number } }).axisLabel.interval;
    const narrow = (toServicesTrendOption({ points: many, lang: 'en', narrow: true }).xAxis as { axisLabel: { interval: number } }).axisLabel.interval;
    expect(89 / (wide + 1)).toBeLessThanOrEqual(8);
    expect(89 / (narrow + 1)).toBeLessThanOrEqual(4);
  });
});
