/** Small tests of the progress bar: one redrawn line on a terminal, one line per step elsewhere. */
import { describe, expect, it } from 'vitest';
import { ProgressBar, formatDuration } from './progress-bar.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, columns: 120, writes, write: (t: string) => writes.push(t) };
}

describe('ProgressBar', () => {
  it('on a terminal redraws one line with done/total, percent, elapsed and ETA, and ends it once', () => {
    let now = 0;
    const s = stream(true);
    const bar = new ProgressBar('backfill', 4, s, () => now);
    now = 10_000;
    bar.tick('ncr:services succeeded');
    bar.finish();
    expect(s.writes[1]).toMatch(/^\r\x1b\[2Kbackfill \[#####-+\] 1\/4 {2}25% {2}elapsed 0:10 {2}eta 0:30 {2}ncr:services succeeded$/);
    expect(s.writes.filter((w) => w.includes('\n'))).toEqual(['\n']);
  });

  it('elsewhere writes one plain line per step, without carriage returns', () => {
    let now = 0;
    const s = stream(false);
    const bar = new ProgressBar('run ncr', 2, s, () => now);
    now = 1000;
    bar.tick('a');
    now = 2000;
    bar.tick('b');
    bar.finish();
    expect(s.writes).toEqual(['run ncr 1/2  50%  elapsed 0:01  eta 0:01  a\n', 'run ncr 2/2 100%  elapsed 0:02  eta 0:00  b\n']);
  });

  it('formats hours when a run is long', () => {
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(59_400)).toBe('0:59');
  });
});
