/** The built-in agency simulator: registry, deterministic world and the HTTP feed server. */
export { DEFAULT_AGENCY_REGISTRY_PATH, AGENCY_DEADLINE_OVERRIDES, loadAgencyRegistry, parseAgencyRegistry, parseCsv } from './agency-registry.js';
export { buildWorld, latestCompleteWeekOf, type AgencyFeed, type BuildWorldOptions, type World } from './world.js';
export { LATE_SILENCES, PLAN_WEEK, PROFILE_SHARES, profileQuotas, stageOn, type AgencyPlan, type AgencyProfile, type ServicePlan, type StageChange } from './world-plan.js';
export type { ExchangePair } from './world-rows.js';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './feed-paging.js';
export { DEFAULT_SIMULATOR_SEED, OPENAPI_DOCUMENT_PATH, simulatorToken, startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.server.js';
export { FEED_FIELDS, columnsOf, type Column, type FieldType } from './feed-schema.js';
export { ARROW_BATCH_ROWS, chooseFormat } from './feed-formats.js';
export { FAULT_KINDS, parseFault, type FaultEntry, type FaultKind, type FeedFault } from './feed-faults.js';
export { DEFECTS, DRIFT_FIELD, INVALID_UTF8_FIELD, compactNumber } from './fault-rows.js';
export { fetchAllRows, readPage, rowsFromArrow, rowsFromCsv, type FeedRow } from './feed-readers.js';
