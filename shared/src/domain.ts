/** Domain vocabulary shared by every package. One name for one thing: SQL `agency_id`, TS `agencyId`. */

export const AGENCY_KINDS = ['ministry', 'organization', 'company', 'fund', 'municipality'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** A service moves not_started → developing → testing → live (live = on the national window). */
export const SERVICE_STAGES = ['not_started', 'developing', 'testing', 'live'] as const;
export type ServiceStage = (typeof SERVICE_STAGES)[number];

/** Weekly status of an agency, in order of precedence (see methodology). */
export const AGENCY_STATUSES = ['silent', 'joined', 'not_started', 'lagging', 'on_track'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

export const COMPONENTS = ['coverage', 'identity', 'exchange', 'reliability', 'experience'] as const;
export type ComponentName = (typeof COMPONENTS)[number];
export type Components = Record<ComponentName, number>;

export interface Agency {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  kind: AgencyKind;
  sector: string;
  parentId: string | null;
  /** The agency's own deadline (YYYY-MM-DD), or null for the national one. */
  deadline: string | null;
}

export interface Service {
  serviceId: string;
  agencyId: string;
  nameFa: string;
  nameEn: string;
  isKey: boolean;
  stage: ServiceStage;
  usesNationalSso: boolean;
  usesExchange: boolean;
}

/** The five datasets an agency feed serves (feed contract v1). */
export const DATASETS = ['services', 'service-metrics', 'exchange', 'integration-events'] as const;
export type Dataset = (typeof DATASETS)[number];
