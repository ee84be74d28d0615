/**
 * An API token may carry an expiry chosen by its owner (a notebook's token for a week, a feed
 * script's for a year); null keeps the old meaning, valid until revoked.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table api_token add column expires_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // DuckDB refuses to drop a column of a table an index depends on: drop it, then rebuild it.
  await sql`drop index api_token_user_idx; alter table api_token drop column expires_at; create index api_token_user_idx on api_token (user_id);`.execute(db);
}
