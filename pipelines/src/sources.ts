/** Sources: one agency feed dataset each, with where to pull it from and when. */
import { DATASETS, type Agency, type Dataset, type FeedFormat } from '@hamgam/shared';

export interface SourceConfig {
  sourceId: string; // `${agencyId}:${dataset}`
  agencyId: string;
  dataset: Dataset;
  baseUrl: string;
  /** The format the source is pulled in (feed contract: json, csv or arrow). */
  format: FeedFormat;
  token: string | null;
  /** Six-field cron (seconds first), evaluated in Asia/Tehran. */
  schedule: string;
  enabled: boolean;
}

/** Datasets in load order: the catalogue first, since the others are checked against it. */
export const LOAD_ORDER: readonly Dataset[] = ['services', 'integration-events', 'service-metrics', 'exchange'];

export const DEFAULT_SCHEDULE = '0 */15 * * * *';

export const sourceId = (agencyId: string, dataset: Dataset) => `${agencyId}:${dataset}`;

/**
 * One source per agency and dataset, pointing at a feed server that serves every agency under
 * `${feedUrl}/agencies/${agencyId}` (the built-in simulator, or a gateway in front of real feeds).
 */
export function sourcesForFeedServer(
  feedUrl: string,
  agencies: readonly Agency[],
  tokenFor: (agencyId: string) => string | null,
  schedule = DEFAULT_SCHEDULE,
): SourceConfig[] {
  return agencies.flatMap((agency) =>
    DATASETS.map((dataset) => ({
      sourceId: sourceId(agency.agencyId, dataset),
      agencyId: agency.agencyId,
      dataset,
      baseUrl: `${feedUrl.replace(/\/$/, '')}/agencies/${agency.agencyId}`,
      format: 'json' as FeedFormat,
      token: tokenFor(agency.agencyId),
      schedule,
      enabled: true,
    })),
  );
}
