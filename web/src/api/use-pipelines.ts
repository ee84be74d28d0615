import type { PipelineRunsResponse, PipelineSourcesResponse, RejectedRowsResponse } from '@hamgam/shared';
import { fetchPipelineRejects, fetchPipelineRuns, fetchPipelineSources, queryString, type RejectsFilter, type RunsFilter } from './client';
import { useResource } from './use-resource';

/** Runs land every few minutes: refresh the page's data about as often as an operator glances at it. */
export const PIPELINES_REFRESH_MS = 30_000;

export const usePipelineRuns = (filter: RunsFilter) =>
  useResource<PipelineRunsResponse>(`runs${queryString(filter)}`, (signal) => fetchPipelineRuns(filter, signal), PIPELINES_REFRESH_MS);

export const usePipelineRejects = (filter: RejectsFilter) =>
  useResource<RejectedRowsResponse>(`rejects${queryString(filter)}`, (signal) => fetchPipelineRejects(filter, signal), PIPELINES_REFRESH_MS);

export const usePipelineSources = () => useResource<PipelineSourcesResponse>('sources', (signal) => fetchPipelineSources(signal), PIPELINES_REFRESH_MS);
