import type { AgencyImprovementsResponse, AgencyTrendResponse, AnnotationsResponse, MeResponse, SectorMedianResponse } from '@hamgam/shared';
import { type AnnotationsFilter, fetchAgencyTrend, fetchAnnotations, fetchImprovements, fetchSectorMedian, queryString } from './client';
import { HISTORY_REFRESH_MS } from './use-scoreboard-history';
import { useResource } from './use-resource';
import { useMe } from '../features/auth/use-me';

export const useImprovements = (agencyId: string, week: string | null) =>
  useResource<AgencyImprovementsResponse>(`improvements|${agencyId}|${week ?? ''}`, (signal) => fetchImprovements(agencyId, week, signal), HISTORY_REFRESH_MS);

export const useSectorMedian = (agencyId: string, week: string | null) =>
  useResource<SectorMedianResponse>(`sector-median|${agencyId}|${week ?? ''}`, (signal) => fetchSectorMedian(agencyId, week, signal), HISTORY_REFRESH_MS);

export const useAgencyTrend = (agencyId: string) => useResource<AgencyTrendResponse>(`agency-trend|${agencyId}`, (signal) => fetchAgencyTrend(agencyId, signal), HISTORY_REFRESH_MS);

/** Annotations change when someone writes one: refresh often, and at once after one's own write (`version`). */
export const ANNOTATIONS_REFRESH_MS = 30_000;
export const useAnnotations = (filter: AnnotationsFilter, version: number) =>
  useResource<AnnotationsResponse>(`annotations${queryString(filter)}|${version}`, (signal) => fetchAnnotations(filter, signal), ANNOTATIONS_REFRESH_MS);

/**
 * The signed-in caller, from the sign-in gate's one `/auth/me` (the app renders only once it is
 * known); `null` when the server could not be asked. Kept as `MeResponse | null | undefined` so a
 * caller-dependent page can still treat "unknown" as "wait".
 */
export function useCaller(): MeResponse | null | undefined {
  return useMe();
}
