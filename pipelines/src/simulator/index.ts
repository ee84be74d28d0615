/** The built-in agency simulator: registry, deterministic world and the HTTP feed server. */
export { DEFAULT_AGENCY_REGISTRY_PATH, AGENCY_DEADLINE_OVERRIDES, loadAgencyRegistry, parseAgencyRegistry, parseCsv } from './agency-registry.js';
export { buildWorld, latestCompleteWeekOf, type AgencyFeed, type BuildWorldOptions, type World } from './world.js';
export { PROFILE_SHARES, profileQuotas, type AgencyPlan, type AgencyProfile, type ServicePlan, type StageChange } from './world-plan.js';
export type { ExchangePair } from './world-rows.js';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './feed-paging.js';
export { DEFAULT_SIMULATOR_SEED, simulatorToken, startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.server.js';
