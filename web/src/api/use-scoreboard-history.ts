import type { BreakdownResponse, MoversResponse, OnceOnlyResponse, ScoreboardWeeksResponse, TrendResponse } from '@hamgam/shared';
import { fetchBreakdown, fetchMovers, fetchOnceOnly, fetchScoreboardWeeks, fetchTrend } from './client';
import { useResource } from './use-resource';

/**
 * A week's snapshot changes once a week (or when a restatement is backfilled): refresh about as
 * often as someone would leave the page open in a meeting, not as often as the pipelines run.
 */
export const HISTORY_REFRESH_MS = 5 * 60_000;

export const useScoreboardWeeks = () => useResource<ScoreboardWeeksResponse>('weeks', (signal) => fetchScoreboardWeeks(signal), HISTORY_REFRESH_MS);

export const useTrend = () => useResource<TrendResponse>('trend', (signal) => fetchTrend(signal), HISTORY_REFRESH_MS);

export const useMovers = (week: string | null) =>
  useResource<MoversResponse>(`movers|${week ?? ''}`, (signal) => fetchMovers(week, signal), HISTORY_REFRESH_MS);

export const useBreakdown = (agencyId: string, week: string | null) =>
  useResource<BreakdownResponse>(`breakdown|${agencyId}|${week ?? ''}`, (signal) => fetchBreakdown(agencyId, week, signal), HISTORY_REFRESH_MS);

/** `to` null: not known yet (waits for the trend), so nothing is fetched for a half-known range. */
export const useOnceOnly = (from: string, to: string | null) =>
  useResource<OnceOnlyResponse | null>(`once-only|${from}|${to ?? ''}`, (signal) => (to ? fetchOnceOnly(from, to, signal) : Promise.resolve(null)), HISTORY_REFRESH_MS);
