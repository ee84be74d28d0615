/** Response shapes of the data-exchange analytics (`/api/v1/exchange`). */

export interface ExchangeRange {
  from: string;
  to: string;
}

export interface ExchangeNode {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  sector: string;
  callsServed: number;
  callsMade: number;
  /** Share (0–100) of calls to this agency's data services that failed. */
  failureRatePct: number | null;
  consumers: number;
}

export interface ExchangeEdge {
  providerAgencyId: string;
  consumerAgencyId: string;
  calls: number;
  failures: number;
  failureRatePct: number;
  dataServices: number;
  latencyP95Ms: number | null;
}

export interface ExchangeNetworkResponse {
  range: ExchangeRange;
  sector: string | null;
  nodes: ExchangeNode[];
  edges: ExchangeEdge[];
  /** Providers most depended on (by number of consumer agencies), with their failure rates. */
  topProviders: ExchangeNode[];
  /**
   * For an agency user: the pairs that do not involve its own agency, summed without naming anyone
   * (the nodes and edges above then hold only its own pairs). Absent for every other role.
   */
  othersAggregated?: { pairs: number; calls: number; failures: number };
}

export interface ProvidedDataService {
  dataService: string;
  consumers: number;
  calls: number;
  failures: number;
  failureRatePct: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface ConsumedDataService {
  providerAgencyId: string;
  providerNameFa: string;
  providerNameEn: string;
  dataService: string;
  calls: number;
  failures: number;
  failureRatePct: number;
}

export interface OnceOnlyPoint {
  weekEnd: string;
  docsAsked: number;
  docsFetched: number;
  /** Share (0–100) of needed documents fetched from agencies; null when none were needed. */
  onceOnlyPct: number | null;
}

export interface OnceOnlyService {
  agencyId: string;
  serviceId: string;
  nameFa: string;
  nameEn: string;
  docsAsked: number;
  docsFetched: number;
  onceOnlyPct: number | null;
}

export interface AgencyExchangeResponse {
  range: ExchangeRange;
  agencyId: string;
  provided: ProvidedDataService[];
  consumed: ConsumedDataService[];
  onceOnly: OnceOnlyPoint[];
  /** The agency's services that still ask citizens for documents, most asked first. */
  servicesAsking: OnceOnlyService[];
}

export interface OnceOnlyResponse {
  range: ExchangeRange;
  agencyId: string | null;
  trend: OnceOnlyPoint[];
  total: OnceOnlyPoint;
  services: OnceOnlyService[];
}
