import type { AgencyImprovementsResponse, AgencyTrendResponse, AnnotationsResponse, MeResponse, SectorMedianResponse } from '@hamgam/shared';
import { useEffect, useState } from 'react';
import { type AnnotationsFilter, fetchAgencyTrend, fetchAnnotations, fetchImprovements, fetchMe, fetchSectorMedian, queryString } from './client';
import { HISTORY_REFRESH_MS } from './use-scoreboard-history';
import { useResource } from './use-resource';

export const useImprovements = (agencyId: string, week: string | null) =>
  useResource<AgencyImprovementsResponse>(`improvements|${agencyId}|${week ?? ''}`, (signal) => fetchImprovements(agencyId, week, signal), HISTORY_REFRESH_MS);

export const useSectorMedian = (agencyId: string, week: string | null) =>
  useResource<SectorMedianResponse>(`sector-median|${agencyId}|${week ?? ''}`, (signal) => fetchSectorMedian(agencyId, week, signal), HISTORY_REFRESH_MS);

export const useAgencyTrend = (agencyId: string) => useResource<AgencyTrendResponse>(`agency-trend|${agencyId}`, (signal) => fetchAgencyTrend(agencyId, signal), HISTORY_REFRESH_MS);

/** Annotations change when someone writes one: refresh often, and at once after one's own write (`version`). */
export const ANNOTATIONS_REFRESH_MS = 30_000;
export const useAnnotations = (filter: AnnotationsFilter, version: number) =>
  useResource<AnnotationsResponse>(`annotations${queryString(filter)}|${version}`, (signal) => fetchAnnotations(filter, signal), ANNOTATIONS_REFRESH_MS);

// One request per page load: who is signed in does not change without a reload (sign-in and
// sign-out both reload the page).
let me: Promise<MeResponse | null> | null = null;
function loadMe(): Promise<MeResponse | null> {
  me ??= fetchMe().catch(() => null);
  return me;
}

/** The signed-in caller; `undefined` while unknown, `null` when it could not be read. */
export function useCaller(): MeResponse | null | undefined {
  const [caller, setCaller] = useState<MeResponse | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void loadMe().then((c) => live && setCaller(c));
    return () => {
      live = false;
    };
  }, []);
  return caller;
}
