/**
 * The columns of every dataset of feed contract v1, with the type each is served as. The mapped
 * type makes this list follow `shared/src/feed-contract.ts`: a field added to or removed from a
 * contract type fails to compile here, and the OpenAPI test compares the published document with
 * this list, so the types, the three encodings and the document cannot drift apart silently.
 */
import type { Dataset, FeedRowsByDataset } from '@hamgam/shared';

/** JSON Schema's names; Arrow: string → Utf8, integer → Int64, number → Float64, boolean → Bool. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean';

export interface Column {
  name: string;
  type: FieldType;
}

type FieldsOf<D extends Dataset> = { readonly [K in keyof FeedRowsByDataset[D]]-?: FieldType };

/** Key order is the column order of CSV and Arrow, and the order JSON objects are written in. */
export const FEED_FIELDS: { readonly [D in Dataset]: FieldsOf<D> } = {
  services: {
    serviceId: 'string',
    agencyId: 'string',
    nameFa: 'string',
    nameEn: 'string',
    isKey: 'boolean',
    stage: 'string',
    usesNationalSso: 'boolean',
    usesExchange: 'boolean',
  },
  'service-metrics': {
    date: 'string',
    serviceId: 'string',
    requests: 'integer',
    completed: 'integer',
    failed: 'integer',
    availabilityPct: 'number',
    latencyP50Ms: 'number',
    latencyP95Ms: 'number',
    satisfactionSum: 'integer',
    satisfactionCount: 'integer',
    docsAsked: 'integer',
    docsFetched: 'integer',
  },
  exchange: {
    date: 'string',
    providerAgencyId: 'string',
    consumerAgencyId: 'string',
    dataService: 'string',
    calls: 'integer',
    failures: 'integer',
    latencyP50Ms: 'number',
    latencyP95Ms: 'number',
  },
  'integration-events': {
    eventId: 'string',
    serviceId: 'string',
    occurredAt: 'string',
    fromStage: 'string',
    toStage: 'string',
  },
};

export function columnsOf(dataset: Dataset): Column[] {
  return Object.entries(FEED_FIELDS[dataset]).map(([name, type]) => ({ name, type: type as FieldType }));
}

/** The Tehran day a row is about, for `since`; null where the contract says `since` is ignored. */
export function dayOfRow(dataset: Dataset): ((row: Record<string, unknown>) => string) | null {
  switch (dataset) {
    case 'services':
      return null;
    case 'integration-events':
      // Events carry Tehran's offset, so the date part is the Tehran day.
      return (row) => String(row.occurredAt).slice(0, 10);
    default:
      return (row) => String(row.date);
  }
}
