/**
 * Annotations: a note or a dispute an agency attaches to one figure (the index or a component) of
 * one week, and the admin's answer and resolution. The snapshot is never touched by them: a
 * dispute is shown beside the figure, not applied to it. Not in the analysis dictionary, so never
 * copied to the analysts' replica (it holds who wrote what, not data about the programme).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table annotation (
      annotation_id varchar primary key,
      agency_id varchar not null,
      week_end date not null,
      figure varchar not null check (figure in ('index', 'coverage', 'identity', 'exchange', 'reliability', 'experience')),
      kind varchar not null check (kind in ('note', 'dispute')),
      body varchar not null,
      status varchar not null check (status in ('open', 'resolved')),
      created_by varchar not null,
      created_at timestamptz not null,
      answer varchar,
      answered_by varchar,
      answered_at timestamptz,
      resolved_by varchar,
      resolved_at timestamptz
    );
    create index annotation_week_idx on annotation (week_end, agency_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table annotation;`.execute(db);
}
