export * from './domain.js';
export * from './feed-contract.js';
export * from './api.js';
export * from './calendar.js';
export * from './methodology.js';
export * from './methodology-versions.js';
export * from './api-scoreboard.js';
export * from './api-exchange.js';
