import { describe, expect, it } from 'vitest';
import type { MoverRow, MoversResponse } from '@hamgam/shared';
import { moverCount, moverDetail, rankChangeText } from './movers';

const mover = (extra: Partial<MoverRow>): MoverRow => ({
  agencyId: 'x',
  nameFa: 'دستگاه',
  nameEn: 'Agency',
  status: 'joined',
  previousStatus: 'on_track',
  rank: 3,
  previousRank: 7,
  index: 80,
  indexChange: 6.25,
  ...extra,
});

describe('movers', () => {
  it('says what a changed status was', () => {
    expect(moverDetail(mover({}), 'joined', 'fa')).toBe('پیش‌تر در مسیر');
    expect(moverDetail(mover({ status: 'lagging' }), 'slippedToLagging', 'en')).toBe('was On track');
    expect(moverDetail(mover({ previousStatus: null }), 'wentSilent', 'en')).toBe('');
  });

  it('gives a gain and a fall their points with a sign and their places with ▲/▼', () => {
    expect(moverDetail(mover({}), 'gains', 'en')).toBe('+6.3 points, ▲ 4');
    expect(moverDetail(mover({ rank: 9, previousRank: 2, indexChange: -12 }), 'falls', 'en')).toBe('-12.0 points, ▼ 7');
    expect(moverDetail(mover({}), 'gains', 'fa')).toMatch(/^\u200e?\+۶٫۳ امتیاز، ▲ ۴$/);
    expect(moverDetail(mover({ previousRank: 3 }), 'gains', 'en')).toBe('+6.3 points');
  });

  it('marks rank changes like the table and leaves no change unmarked', () => {
    expect(rankChangeText(2, 'en')).toBe('▲ 2');
    expect(rankChangeText(-11, 'fa')).toBe('▼ ۱۱');
    expect(rankChangeText(0, 'en')).toBeNull();
    expect(rankChangeText(null, 'en')).toBeNull();
  });

  it('counts every mover', () => {
    const m = { joined: [mover({})], slippedToLagging: [], wentSilent: [mover({}), mover({})], gains: [mover({})], falls: [] } as unknown as MoversResponse;
    expect(moverCount(m)).toBe(4);
  });
});
