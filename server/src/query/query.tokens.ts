/** Injection tokens of the query module. */
export const QUERY_CONFIG = Symbol('QUERY_CONFIG');
