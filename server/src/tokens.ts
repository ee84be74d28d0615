/** Injection tokens for what the process opens once and Nest hands to services. */
export const WAREHOUSE = Symbol('WAREHOUSE');
export const HAMGAM_CONFIG = Symbol('HAMGAM_CONFIG');
export const SOURCES = Symbol('SOURCES');
