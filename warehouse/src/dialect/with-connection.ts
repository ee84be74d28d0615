/**
 * Runs `work` on the DuckDB connection behind `db`: the transaction's own connection when `db` is
 * a Transaction, so appender writes and temporary tables share the caller's transaction.
 */
import type { Kysely } from 'kysely';
import { DuckDBDatabaseConnection } from './duckdb-connection.js';

export async function withDuckDBConnection<T>(db: Kysely<any>, work: (connection: DuckDBDatabaseConnection) => Promise<T>): Promise<T> {
  return db.getExecutor().provideConnection(async (connection) => {
    if (!(connection instanceof DuckDBDatabaseConnection)) {
      throw new Error('withDuckDBConnection needs a Kysely instance built on DuckDBDialect');
    }
    return work(connection);
  });
}
