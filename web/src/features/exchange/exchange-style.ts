/**
 * How the network draws an agency and a pair: node area by calls (served + made), edge width by
 * calls, colour by failure rate in three bands that the page's legend spells out. Pure, so the
 * legend, the chart and the table cannot disagree about a band.
 */
import type { ExchangeNode } from '@hamgam/shared';

export type FailureBand = 'low' | 'mid' | 'high' | 'none';

/**
 * Upper bounds (exclusive, percent) of the low and mid bands. The simulator's data services fail
 * 0.1–5% of calls; a provider failing 3% of the calls of every agency that depends on it is the
 * one a minister should hear about, 1% is a healthy production service.
 */
export const FAILURE_BANDS = { low: 1, mid: 3 } as const;

/** Colour-blind-safe enough (blue, amber, red differ in lightness too); grey: serves no data. */
export const BAND_COLOR: Record<FailureBand, string> = {
  low: '#2563eb',
  mid: '#d97706',
  high: '#b91c1c',
  none: '#9ca3af',
};

export const BAND_ORDER: readonly FailureBand[] = ['low', 'mid', 'high', 'none'];

export function failureBand(failureRatePct: number | null): FailureBand {
  if (failureRatePct === null) return 'none';
  if (failureRatePct < FAILURE_BANDS.low) return 'low';
  if (failureRatePct < FAILURE_BANDS.mid) return 'mid';
  return 'high';
}

export const nodeCalls = (n: Pick<ExchangeNode, 'callsServed' | 'callsMade'>) => n.callsServed + n.callsMade;

/**
 * Symbol diameter in px: area proportional to calls (diameter ∝ √calls) between `min` and `max`,
 * so a ten times busier agency looks about ten times bigger, not a hundred, and a quiet one is
 * still a target a finger can hit.
 */
export function nodeSize(calls: number, maxCalls: number, { min = 10, max = 44 } = {}): number {
  if (maxCalls <= 0 || calls <= 0) return min;
  return Math.round(min + (max - min) * Math.sqrt(Math.min(calls, maxCalls) / maxCalls));
}

/** Edge width in px, linear in calls between `min` and `max`. */
export function edgeWidth(calls: number, maxCalls: number, { min = 0.75, max = 7 } = {}): number {
  if (maxCalls <= 0 || calls <= 0) return min;
  return Math.round((min + (max - min) * (Math.min(calls, maxCalls) / maxCalls)) * 100) / 100;
}
