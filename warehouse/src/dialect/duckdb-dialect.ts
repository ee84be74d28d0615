/**
 * Kysely dialect for DuckDB over @duckdb/node-api. The published kysely-duckdb returns `[]` for
 * count(*) with Kysely 0.28 (see STACK-NOTES), so Hamgam carries its own, on the Postgres compiler.
 */
import { PostgresQueryCompiler, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler } from 'kysely';
import { DuckDBAdapter } from './duckdb-adapter.js';
import { DuckDBDriver, type DuckDBDriverConfig } from './duckdb-driver.js';
import { DuckDBIntrospector } from './duckdb-introspector.js';

export type DuckDBDialectConfig = DuckDBDriverConfig;

export class DuckDBDialect implements Dialect {
  readonly #config: DuckDBDialectConfig;

  constructor(config: DuckDBDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new DuckDBDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDBAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}
