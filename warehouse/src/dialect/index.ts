export { DuckDBDialect, type DuckDBDialectConfig } from './duckdb-dialect.js';
export { DuckDBDriver, type DuckDBDriverConfig } from './duckdb-driver.js';
export { DuckDBDatabaseConnection, NULL_COLUMN, type AppendColumn, type TypedColumn } from './duckdb-connection.js';
export { DuckDBAdapter } from './duckdb-adapter.js';
export { DuckDBIntrospector } from './duckdb-introspector.js';
export { toJsValue, toTypedParameter } from './duckdb-values.js';
export { withDuckDBConnection } from './with-connection.js';
