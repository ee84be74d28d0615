/**
 * Annotations (migrations 1796106110361, 1796135476090): notes and disputes on a week's figures,
 * their answers, and their withdrawal by the agency.
 * Reads take the caller's agency scope (`agencyIds`, undefined for every agency) as a parameter of
 * the query itself, so an agency user's list can only ever hold its own agency's rows.
 */
import { sql, type ColumnType, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../schema.js';
import type { Db } from './staged-upsert.js';

type Timestamp = ColumnType<string, string | Date, string | Date>;

export interface AnnotationTable {
  annotation_id: string;
  agency_id: string;
  week_end: string;
  figure: string;
  kind: string;
  body: string;
  status: string;
  created_by: string;
  created_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
}

export interface AnnotationTables {
  annotation: AnnotationTable;
}

export type AnnotationRow = Selectable<AnnotationTable> & { name_fa: string | null; name_en: string | null };

function ann(db: Db): Kysely<Database & AnnotationTables> {
  return db as unknown as Kysely<Database & AnnotationTables>;
}

export interface AnnotationFilter {
  /** The caller's scope: undefined for every agency, else only these (an empty list: none). */
  agencyIds?: readonly string[];
  agencyId?: string;
  week?: string;
  status?: string;
  kind?: string;
  limit: number;
}

export async function insertAnnotation(db: Db, row: Insertable<AnnotationTable>): Promise<void> {
  await ann(db).insertInto('annotation').values(row).execute();
}

function selectAnnotations(db: Db) {
  return ann(db)
    .selectFrom('annotation as n')
    .leftJoin('agency as a', 'a.agency_id', 'n.agency_id')
    .selectAll('n')
    .select(['a.name_fa', 'a.name_en']);
}

/** One annotation, or undefined when unknown or outside the scope. */
export function getAnnotation(db: Db, annotationId: string, agencyIds?: readonly string[]): Promise<AnnotationRow | undefined> {
  let q = selectAnnotations(db).where('n.annotation_id', '=', annotationId);
  if (agencyIds) q = agencyIds.length ? q.where('n.agency_id', 'in', agencyIds) : q.where(sql<boolean>`false`);
  return q.executeTakeFirst();
}

/** Annotations in the scope, open ones first, then newest first. */
export function listAnnotations(db: Db, f: AnnotationFilter): Promise<AnnotationRow[]> {
  let q = selectAnnotations(db);
  if (f.agencyIds) q = f.agencyIds.length ? q.where('n.agency_id', 'in', f.agencyIds) : q.where(sql<boolean>`false`);
  if (f.agencyId) q = q.where('n.agency_id', '=', f.agencyId);
  if (f.week) q = q.where('n.week_end', '=', f.week);
  if (f.status) q = q.where('n.status', '=', f.status);
  if (f.kind) q = q.where('n.kind', '=', f.kind);
  return q
    .orderBy(sql`n.status = 'open'`, 'desc')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.annotation_id')
    .limit(f.limit)
    .execute();
}

/**
 * Sets the answer (replacing an earlier one), open or resolved. False when the annotation does not
 * exist or its agency has withdrawn it: checked in the update itself, so a withdrawal that lands
 * between an admin's read and the write still wins.
 */
export async function answerAnnotation(db: Db, annotationId: string, answer: { text: string; by: string; at: Date }): Promise<boolean> {
  const res = await ann(db)
    .updateTable('annotation')
    .set({ answer: answer.text, answered_by: answer.by, answered_at: answer.at })
    .where('annotation_id', '=', annotationId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Closes an open annotation. False when it does not exist or is no longer open. */
export function resolveAnnotation(db: Db, annotationId: string, by: string, at: Date): Promise<boolean> {
  return leaveOpen(db, annotationId, { status: 'resolved', resolved_by: by, resolved_at: at });
}

/** Withdraws an open annotation. False when it does not exist or is no longer open. */
export function withdrawAnnotation(db: Db, annotationId: string, by: string, at: Date): Promise<boolean> {
  return leaveOpen(db, annotationId, { status: 'withdrawn', withdrawn_by: by, withdrawn_at: at });
}

/** Moves an annotation out of 'open', only if it still is (so two closings never both succeed). */
async function leaveOpen(db: Db, annotationId: string, change: Updateable<AnnotationTable>): Promise<boolean> {
  const res = await ann(db).updateTable('annotation').set(change).where('annotation_id', '=', annotationId).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface OpenDisputeCountRow {
  agency_id: string;
  figure: string;
  disputes: number;
}

/** Open disputes of one week, per agency and figure: the scoreboard's marker. */
export function countOpenDisputes(db: Db, weekEnd: string): Promise<OpenDisputeCountRow[]> {
  return ann(db)
    .selectFrom('annotation')
    .select((eb) => ['agency_id', 'figure', eb.fn.countAll<number>().as('disputes')])
    .where('week_end', '=', weekEnd)
    .where('kind', '=', 'dispute')
    .where('status', '=', 'open')
    .groupBy(['agency_id', 'figure'])
    .orderBy('agency_id')
    .orderBy('figure')
    .execute();
}
