/** Trend points for the builders' specs: a programme moving from nothing towards the deadline. */
import type { TrendPoint } from '@hamgam/shared';

export function trendPoint(end: string, joined: number, servicesLivePct: number, expectedPct: number): TrendPoint {
  return {
    week: { start: end, end, labelFa: `هفته منتهی به ${end}`, labelEn: `Week ending ${end}` },
    joined,
    onTrack: 10 - joined,
    lagging: 3,
    notStarted: 1,
    silent: 1,
    agencies: 15,
    servicesLive: Math.round(servicesLivePct * 2),
    servicesTotal: 200,
    servicesLivePct,
    expectedPct,
    meanIndex: 50,
  };
}

// Out of order on purpose: the builders must sort by week.
export const POINTS: TrendPoint[] = [trendPoint('2026-11-27', 6, 59.2, 84.5), trendPoint('2025-03-21', 0, 0, 0), trendPoint('2025-11-28', 3, 30, 40)];
