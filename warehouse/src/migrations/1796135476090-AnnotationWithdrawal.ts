/**
 * An agency may withdraw its own open note or dispute (filed by mistake, or settled another way):
 * status 'withdrawn', with who and when. DuckDB cannot alter a CHECK constraint, so the table is
 * rebuilt with the wider one and its rows copied across; nothing else refers to it.
 */
import { sql, type Kysely } from 'kysely';

const COLUMNS = sql.raw(
  'annotation_id, agency_id, week_end, figure, kind, body, status, created_by, created_at, answer, answered_by, answered_at, resolved_by, resolved_at',
);

async function rebuild(db: Kysely<any>, statuses: string, extra: string, copy: ReturnType<typeof sql>): Promise<void> {
  await sql`
    create table annotation_next (
      annotation_id varchar primary key,
      agency_id varchar not null,
      week_end date not null,
      figure varchar not null check (figure in ('index', 'coverage', 'identity', 'exchange', 'reliability', 'experience')),
      kind varchar not null check (kind in ('note', 'dispute')),
      body varchar not null,
      status varchar not null check (status in (${sql.raw(statuses)})),
      created_by varchar not null,
      created_at timestamptz not null,
      answer varchar,
      answered_by varchar,
      answered_at timestamptz,
      resolved_by varchar,
      resolved_at timestamptz${sql.raw(extra)}
    );
  `.execute(db);
  await copy.execute(db);
  await sql`drop index annotation_week_idx`.execute(db);
  await sql`drop table annotation`.execute(db);
  await sql`alter table annotation_next rename to annotation`.execute(db);
  await sql`create index annotation_week_idx on annotation (week_end, agency_id)`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(
    db,
    "'open', 'resolved', 'withdrawn'",
    ',\n      withdrawn_by varchar,\n      withdrawn_at timestamptz',
    sql`insert into annotation_next (${COLUMNS}) select ${COLUMNS} from annotation`,
  );
}

/** Back to two statuses: a withdrawn annotation becomes one resolved by whoever withdrew it. */
export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(
    db,
    "'open', 'resolved'",
    '',
    sql`insert into annotation_next (${COLUMNS})
      select annotation_id, agency_id, week_end, figure, kind, body,
        case when status = 'withdrawn' then 'resolved' else status end,
        created_by, created_at, answer, answered_by, answered_at,
        coalesce(resolved_by, withdrawn_by), coalesce(resolved_at, withdrawn_at)
      from annotation`,
  );
}
