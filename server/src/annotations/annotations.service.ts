/**
 * Notes and disputes on a week's figures. Role rules live here, not only on the routes:
 * - an agency user writes and reads annotations of its own agency only (another agency's id, on a
 *   write or a read, answers 404 like an unknown one; a list filter naming it answers empty);
 * - an agency user may withdraw an open one of its own agency (not once it is resolved);
 * - ministers and analysts read every agency's; admins read, answer and resolve them;
 * - nobody edits a snapshot through them: a dispute is shown beside the figure, never applied.
 * Every write is audited and makes the aggregate cache's entries stale (the scoreboard's markers).
 */
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import {
  ANNOTATION_FIGURES,
  ANNOTATION_KINDS,
  ANNOTATION_STATUSES,
  type Annotation,
  type AnnotationFigure,
  type AnnotationKind,
  type AnnotationStatus,
  type AnnotationsResponse,
} from '@hamgam/shared';
import {
  type AnnotationRow,
  type Warehouse,
  answerAnnotation,
  getAgency,
  getAnnotation,
  getScoreboardWeek,
  insertAnnotation,
  listAnnotations,
  resolveAnnotation,
  withdrawAnnotation,
} from '@hamgam/warehouse';
import { AGGREGATE_CACHE } from '../cache/aggregate-cache.interceptor.js';
import type { AggregateCache } from '../cache/aggregate-cache.js';
import { AuditService } from '../auth/audit.service.js';
import { type AuthCaller, agencyScopeOf, inScope } from '../auth/caller.js';
import { parseWeekParam } from '../scoreboard/scoreboard.service.js';
import { WAREHOUSE } from '../tokens.js';

export const MAX_ANNOTATION_TEXT = 2000;
export const DEFAULT_ANNOTATIONS_LIMIT = 200;
const AGENCY_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

type Body = Record<string, unknown>;
type Caller = Pick<AuthCaller, 'username' | 'role' | 'agencyId' | 'via'>;

export interface AnnotationListQuery {
  agency?: string;
  week?: string;
  status?: string;
  kind?: string;
  limit?: string;
}

function object(input: unknown): Body {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new BadRequestException('The body must be a JSON object.');
  return input as Body;
}

function text(body: Body, name: string, required: boolean): string | undefined {
  const v = body[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_ANNOTATION_TEXT) throw new BadRequestException(`${name} must be a non-empty string of at most ${MAX_ANNOTATION_TEXT} characters`);
  return v.trim();
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value)) throw new BadRequestException(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function toAnnotation(r: AnnotationRow): Annotation {
  return {
    id: r.annotation_id,
    agencyId: r.agency_id,
    nameFa: r.name_fa ?? r.agency_id,
    nameEn: r.name_en ?? r.agency_id,
    week: r.week_end,
    figure: r.figure as AnnotationFigure,
    kind: r.kind as AnnotationKind,
    text: r.body,
    status: r.status as AnnotationStatus,
    createdBy: r.created_by,
    createdAt: r.created_at,
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    withdrawnBy: r.withdrawn_by,
    withdrawnAt: r.withdrawn_at,
  };
}

/** Why an admin can no longer answer or resolve it (a 409). */
const WITHDRAWN = 'This annotation was withdrawn by its agency.';

@Injectable()
export class AnnotationsService {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(AGGREGATE_CACHE) private readonly cache: AggregateCache,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller, q: AnnotationListQuery = {}): Promise<AnnotationsResponse> {
    if (q.agency !== undefined && q.agency !== '' && !AGENCY_ID.test(q.agency)) throw new BadRequestException('agency must be an agency id');
    const limit = q.limit === undefined || q.limit === '' ? DEFAULT_ANNOTATIONS_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new BadRequestException('limit must be a whole number from 1 to 1000');
    const rows = await listAnnotations(this.warehouse.db, {
      agencyIds: agencyScopeOf(caller).agencyIds,
      agencyId: q.agency || undefined,
      week: parseWeekParam(q.week),
      status: q.status ? oneOf('status', q.status, ANNOTATION_STATUSES) : undefined,
      kind: q.kind ? oneOf('kind', q.kind, ANNOTATION_KINDS) : undefined,
      limit,
    });
    return { annotations: rows.map(toAnnotation) };
  }

  async get(caller: Caller, id: string): Promise<Annotation> {
    const row = await getAnnotation(this.warehouse.db, id, agencyScopeOf(caller).agencyIds);
    if (!row) throw new NotFoundException(`No annotation with id "${id}".`);
    return toAnnotation(row);
  }

  /** An agency user's note or dispute on one of its own agency's figures of a published week. */
  async create(req: Request | null, caller: Caller, input: unknown): Promise<Annotation> {
    if (caller.role !== 'agency') throw new ForbiddenException('Only an agency user annotates its own figures.');
    const body = object(input);
    const agencyId = body.agencyId;
    if (typeof agencyId !== 'string' || !AGENCY_ID.test(agencyId)) throw new BadRequestException('agencyId must be an agency id');
    if (typeof body.week !== 'string' || body.week === '') throw new BadRequestException("week is required (the week's Friday, YYYY-MM-DD)");
    const week = parseWeekParam(body.week)!;
    const figure = oneOf('figure', body.figure, ANNOTATION_FIGURES);
    const kind = oneOf('kind', body.kind, ANNOTATION_KINDS);
    const note = text(body, 'text', true)!;
    // Another agency answers like an unknown one.
    const agency = inScope(agencyScopeOf(caller), agencyId) ? await getAgency(this.warehouse.db, agencyId) : undefined;
    if (!agency) throw new NotFoundException(`No agency with id "${agencyId}".`);
    if (!(await getScoreboardWeek(this.warehouse.db, week)).some((r) => r.agency_id === agencyId)) {
      throw new NotFoundException(`No scoreboard row for "${agencyId}" in the week ending ${week}.`);
    }
    const id = randomUUID();
    await insertAnnotation(this.warehouse.db, {
      annotation_id: id,
      agency_id: agencyId,
      week_end: week,
      figure,
      kind,
      body: note,
      status: 'open',
      created_by: caller.username,
      created_at: new Date(),
    });
    this.cache.invalidate();
    await this.audited(req, caller, 'annotation.create', id, { agencyId, week, figure, kind });
    return this.get(caller, id);
  }

  async answer(req: Request | null, caller: Caller, id: string, input: unknown): Promise<Annotation> {
    this.requireAdmin(caller);
    const answer = text(object(input), 'text', true)!;
    const existing = await this.get(caller, id);
    if (!(await answerAnnotation(this.warehouse.db, id, { text: answer, by: caller.username, at: new Date() }))) throw new ConflictException(WITHDRAWN);
    this.cache.invalidate();
    await this.audited(req, caller, 'annotation.answer', id, { agencyId: existing.agencyId, week: existing.week });
    return this.get(caller, id);
  }

  /** Closes it (with an answer, when given); the figure stays as published either way. */
  async resolve(req: Request | null, caller: Caller, id: string, input: unknown): Promise<Annotation> {
    this.requireAdmin(caller);
    const answer = text(input === undefined ? {} : object(input), 'text', false);
    const existing = await this.get(caller, id);
    if (existing.status === 'resolved') throw new ConflictException('This annotation is already resolved.');
    if (existing.status === 'withdrawn') throw new ConflictException(WITHDRAWN);
    const at = new Date();
    if (answer && !(await answerAnnotation(this.warehouse.db, id, { text: answer, by: caller.username, at }))) throw new ConflictException(WITHDRAWN);
    if (!(await resolveAnnotation(this.warehouse.db, id, caller.username, at))) throw new ConflictException('This annotation is already resolved.');
    this.cache.invalidate();
    await this.audited(req, caller, 'annotation.resolve', id, { agencyId: existing.agencyId, week: existing.week, answered: answer !== undefined });
    return this.get(caller, id);
  }

  /**
   * Its agency takes an open note or dispute back: a dispute then no longer marks the figure. Another
   * agency's answers 404 like an unknown one; a resolved or withdrawn one, 409.
   */
  async withdraw(req: Request | null, caller: Caller, id: string): Promise<Annotation> {
    if (caller.role !== 'agency') throw new ForbiddenException('Only its agency withdraws an annotation.');
    const existing = await this.get(caller, id);
    if (existing.status !== 'open') throw new ConflictException(existing.status === 'resolved' ? 'This annotation is already resolved: it can no longer be withdrawn.' : 'This annotation is already withdrawn.');
    if (!(await withdrawAnnotation(this.warehouse.db, id, caller.username, new Date()))) throw new ConflictException('This annotation is no longer open.');
    this.cache.invalidate();
    await this.audited(req, caller, 'annotation.withdraw', id, { agencyId: existing.agencyId, week: existing.week, kind: existing.kind });
    return this.get(caller, id);
  }

  private requireAdmin(caller: Caller): void {
    if (caller.role !== 'admin') throw new ForbiddenException('Only an admin answers and resolves annotations.');
  }

  private audited(req: Request | null, caller: Caller, action: string, target: string, detail: Record<string, unknown>): Promise<void> {
    if (req) return this.audit.byCaller(req, caller as AuthCaller, action, target, detail);
    return this.audit.record({ actor: caller.username, action, target, detail: { ...detail, via: caller.via } });
  }
}
