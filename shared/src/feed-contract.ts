/**
 * Feed contract v1: what an agency serves over HTTP, and what the pipelines pull.
 *
 *   GET {baseUrl}/v1/{dataset}?since=YYYY-MM-DD&cursor=…&limit=…
 *   Authorization: Bearer {token}
 *
 * `dataset` is one of DATASETS. Responses are JSON pages: `{ data: T[], nextCursor: string | null }`.
 * `since` (inclusive, a calendar day in Asia/Tehran) asks only for rows of that day or later; for
 * `services` it is ignored (the catalogue is always served whole). Paging goes on while
 * `nextCursor` is not null; the cursor is opaque.
 *
 * Formats (a source declares its own): JSON (above), CSV and Arrow IPC stream, chosen with
 * `?format=json|csv|arrow` or the Accept header (`application/json`, `text/csv`,
 * `application/vnd.apache.arrow.stream`). CSV is UTF-8 with a header row of the same field names,
 * booleans `true`/`false`, an empty cell for null. Arrow uses the same column names (Utf8 for ids
 * and days, Int64/Float64 for numbers, Bool). For CSV and Arrow the next page's cursor travels in
 * the `X-Next-Cursor` response header, absent on the last page.
 */
import type { ServiceStage } from './domain.js';

export const FEED_CONTRACT_VERSION = '1.0';

export const FEED_FORMATS = ['json', 'csv', 'arrow'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  arrow: 'application/vnd.apache.arrow.stream',
};
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

export interface FeedPage<T> {
  data: T[];
  nextCursor: string | null;
}

export interface FeedService {
  serviceId: string;
  agencyId: string;
  nameFa: string;
  nameEn: string;
  isKey: boolean;
  stage: ServiceStage;
  usesNationalSso: boolean;
  usesExchange: boolean;
}

/** One service's day. Counts are whole numbers ≥ 0; availability is a percentage 0–100. */
export interface FeedServiceMetric {
  date: string; // YYYY-MM-DD (Asia/Tehran calendar day)
  serviceId: string;
  requests: number;
  completed: number;
  failed: number;
  availabilityPct: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  satisfactionSum: number; // sum of 1–5 ratings
  satisfactionCount: number;
  docsAsked: number; // documents asked of citizens
  docsFetched: number; // documents fetched from other agencies instead
}

/** One day of a data service provided by this agency to a consumer agency. */
export interface FeedExchange {
  date: string;
  providerAgencyId: string;
  consumerAgencyId: string;
  dataService: string;
  calls: number;
  failures: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/** A service changing stage. */
export interface FeedIntegrationEvent {
  eventId: string;
  serviceId: string;
  occurredAt: string; // ISO 8601 with offset
  fromStage: ServiceStage;
  toStage: ServiceStage;
}

export interface FeedRowsByDataset {
  services: FeedService;
  'service-metrics': FeedServiceMetric;
  exchange: FeedExchange;
  'integration-events': FeedIntegrationEvent;
}
