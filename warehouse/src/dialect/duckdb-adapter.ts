/**
 * DuckDB speaks PostgreSQL's SQL closely enough for Kysely's Postgres compiler (`$1` parameters,
 * RETURNING, ON CONFLICT, transactional DDL), but has no advisory locks for the migrator.
 */
import { PostgresAdapter, type Kysely, type MigrationLockOptions } from 'kysely';

export class DuckDBAdapter extends PostgresAdapter {
  // The migrator runs inside one transaction and DuckDB aborts a concurrent writer of the same
  // migration rows with a conflict, so a no-op lock cannot let two migrations both apply.
  override async acquireMigrationLock(_db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {}

  override async releaseMigrationLock(_db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {}
}
