export * from './feed-client.js';
export * from './validate.js';
export * from './sources.js';
export * from './run-source.js';
export * from './run-all.js';
export * from './registry.js';
export * from './weekly-snapshot.js';
export * from './simulator/index.js';
