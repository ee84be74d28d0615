/**
 * The analyst workbench's own records, in the warehouse and never in the analysis replica: every
 * analyst query audited (who, when, the text, how long, how many rows, refused or not and why),
 * and saved queries (private to their owner or shared with other analysts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table query_audit (
      query_id varchar primary key,
      user_id varchar not null,
      role varchar not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      duration_ms double,
      sql_text varchar not null,
      status varchar not null,
      refused boolean not null default false,
      reason varchar,
      error_position integer,
      row_count bigint,
      truncated boolean,
      data_version bigint,
      format varchar not null
    );
    create index query_audit_user_idx on query_audit (user_id);
    create table saved_query (
      saved_query_id varchar primary key,
      owner_id varchar not null,
      name varchar not null,
      description varchar not null,
      sql_text varchar not null,
      shared boolean not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table saved_query; drop table query_audit;`.execute(db);
}
