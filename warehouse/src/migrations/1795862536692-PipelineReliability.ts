/**
 * Pipelines that survive real agencies: a run is recorded only when it ends (no 'running' rows a
 * crash could strand), with its warnings and how many stored rows it restated; each source keeps
 * its circuit breaker; every restated fact keeps its old and new values.
 * Columns are added without NOT NULL: DuckDB cannot add a column with a constraint, and the
 * defaults fill existing rows.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table pipeline_run add column format varchar;
    alter table pipeline_run add column restated bigint default 0;
    alter table pipeline_run add column warnings varchar;
    alter table source_state add column consecutive_failures integer default 0;
    alter table source_state add column breaker_state varchar default 'closed';
    alter table source_state add column breaker_opened_at timestamptz;
    create sequence restatement_seq start 1;
    create table restatement (
      restatement_id bigint primary key default nextval('restatement_seq'),
      run_id varchar not null,
      source_id varchar not null,
      dataset varchar not null,
      key varchar not null,
      old_values varchar not null,
      new_values varchar not null,
      restated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table restatement; drop sequence restatement_seq;
    alter table source_state drop column breaker_opened_at;
    alter table source_state drop column breaker_state;
    alter table source_state drop column consecutive_failures;
    alter table pipeline_run drop column warnings;
    alter table pipeline_run drop column restated;
    alter table pipeline_run drop column format;
  `.execute(db);
}
