/** The table `pnpm bench` prints (issue 8): figures, ratios, targets and verdicts. */
import { describe, expect, it } from 'vitest';
import { formatTable, formatTarget, meets, median } from './bench-table.mjs';

describe('bench table', () => {
  it('checks a figure against a target in either direction', () => {
    expect(meets(1.1, { op: '<=', value: 1.2 })).toBe(true);
    expect(meets(1.3, { op: '<=', value: 1.2 })).toBe(false);
    expect(meets(3000, { op: '>=', value: 3000 })).toBe(true);
    expect(meets(NaN, { op: '>=', value: 1 })).toBeNull();
    expect(meets(5, null)).toBeNull();
  });

  it('prints one Markdown row per benchmark with its ratio, target and result', () => {
    const table = formatTable([
      { id: 2, name: 'scoreboard uncached', measured: '12.0 ms', reference: '10.0 ms', ratio: 1.2, target: { op: '<=', value: 1.2 } },
      { id: 3, name: 'cached load', measured: '2,500 req/s', checked: 2500, target: { op: '>=', value: 3000, unit: 'req/s' } },
      { id: 0, name: 'data', measured: '600 s' },
      { id: 'x', name: 'broken', error: 'boom' },
    ]);
    expect(table.split('\n')).toEqual([
      '| # | benchmark | measured | reference | ratio | target | result |',
      '| --- | --- | ---: | ---: | ---: | --- | --- |',
      '| 2 | scoreboard uncached | 12.0 ms | 10.0 ms | 1.20× | ≤ 1.20 | PASS |',
      '| 3 | cached load | 2,500 req/s | — | — | ≥ 3,000 req/s | FAIL |',
      '| 0 | data | 600 s | — | — | — | info |',
      '| x | broken | — | — | — | — | error: boom |',
    ]);
    expect(formatTarget({ op: '<=', value: 20, unit: 'ms p99' })).toBe('≤ 20 ms p99');
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
