import { describe, expect, it } from 'vitest';
import { presetOf, presetParams, rangeOf, weeksEnding } from './period';

// A Saturday noon in Tehran: the latest complete week ended the day before, Friday 2026-11-27.
const now = new Date('2026-11-28T09:00:00Z');

describe('network period', () => {
  it('counts whole weeks back from a Friday', () => {
    expect(weeksEnding('2026-11-27', 4)).toEqual({ from: '2026-10-31', to: '2026-11-27' });
    expect(weeksEnding('2026-11-27', 1)).toEqual({ from: '2026-11-21', to: '2026-11-27' });
  });

  it('defaults to the four weeks ending with the latest complete week, like the server', () => {
    expect(rangeOf(null, null, now)).toEqual({ from: '2026-10-31', to: '2026-11-27' });
    expect(presetOf(rangeOf(null, null, now), now)).toBe(4);
  });

  it('writes no parameters for the default and both days for the other presets', () => {
    expect(presetParams(4, now)).toEqual({ from: null, to: null });
    const year = presetParams(52, now);
    expect(year).toEqual({ from: '2025-11-29', to: '2026-11-27' });
    expect(presetOf(rangeOf(year.from, year.to, now), now)).toBe(52);
  });

  it('keeps a range from a link that no preset covers', () => {
    const custom = rangeOf('2026-01-03', '2026-02-27', now);
    expect(custom).toEqual({ from: '2026-01-03', to: '2026-02-27' });
    expect(presetOf(custom, now)).toBeNull();
  });
});
