/**
 * Saved queries: each belongs to its owner, private or shared with the other analysts. Others see a
 * shared query and may run a copy of it, but only the owner changes or deletes it; a private query
 * is invisible (404) to everyone else.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type SavedQueryRow, type Warehouse, deleteSavedQuery, getSavedQuery, insertSavedQuery, listVisibleSavedQueries, updateSavedQuery } from '@hamgam/warehouse';
import type { Caller, SavedQueriesResponse, SavedQuery } from '@hamgam/shared';
import { WAREHOUSE } from '../tokens.js';
import { QUERY_CONFIG } from './query.tokens.js';
import type { QueryConfig } from './query.config.js';
import { assertWorkbenchCaller } from './query.service.js';

const MAX_NAME = 200;
const MAX_DESCRIPTION = 2_000;

function toSavedQuery(row: SavedQueryRow): SavedQuery {
  return {
    id: row.saved_query_id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    sql: row.sql_text,
    shared: row.shared,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

@Injectable()
export class SavedQueriesService {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(QUERY_CONFIG) private readonly config: QueryConfig,
  ) {}

  async list(caller: Caller): Promise<SavedQueriesResponse> {
    assertWorkbenchCaller(caller);
    return { items: (await listVisibleSavedQueries(this.warehouse.db, caller.userId)).map(toSavedQuery) };
  }

  async get(caller: Caller, id: string): Promise<SavedQuery> {
    assertWorkbenchCaller(caller);
    return toSavedQuery(await this.visible(caller, id));
  }

  async create(caller: Caller, body: unknown): Promise<SavedQuery> {
    assertWorkbenchCaller(caller);
    const input = this.validate(body, false);
    const now = new Date().toISOString();
    const id = randomUUID();
    await insertSavedQuery(this.warehouse.db, {
      saved_query_id: id,
      owner_id: caller.userId,
      name: input.name!,
      description: input.description ?? '',
      sql_text: input.sql!,
      shared: input.shared ?? false,
      created_at: now,
      updated_at: now,
    });
    return this.get(caller, id);
  }

  async update(caller: Caller, id: string, body: unknown): Promise<SavedQuery> {
    assertWorkbenchCaller(caller);
    await this.owned(caller, id);
    const input = this.validate(body, true);
    await updateSavedQuery(this.warehouse.db, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.sql !== undefined && { sql_text: input.sql }),
      ...(input.shared !== undefined && { shared: input.shared }),
      updated_at: new Date().toISOString(),
    });
    return this.get(caller, id);
  }

  async remove(caller: Caller, id: string): Promise<{ id: string; deleted: true }> {
    assertWorkbenchCaller(caller);
    await this.owned(caller, id);
    await deleteSavedQuery(this.warehouse.db, id);
    return { id, deleted: true };
  }

  private async visible(caller: Caller, id: string): Promise<SavedQueryRow> {
    const row = await getSavedQuery(this.warehouse.db, id);
    if (!row || (row.owner_id !== caller.userId && !row.shared)) throw new NotFoundException({ message: `There is no saved query ${id} you can see.` });
    return row;
  }

  private async owned(caller: Caller, id: string): Promise<SavedQueryRow> {
    const row = await this.visible(caller, id);
    if (row.owner_id !== caller.userId) throw new ForbiddenException({ message: 'Only the owner of a saved query can change or delete it; save a copy of your own instead.' });
    return row;
  }

  private validate(body: unknown, partial: boolean): { name?: string; description?: string; sql?: string; shared?: boolean } {
    const b = (body ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    const text = (key: string, max: number, required: boolean) => {
      const v = b[key];
      if (v === undefined && (partial || !required)) return undefined;
      if (typeof v !== 'string' || (required && v.trim() === '') || v.length > max) {
        problems.push(`${key} must be text${required ? ', not empty,' : ''} of at most ${max} characters`);
        return undefined;
      }
      return v;
    };
    const name = text('name', MAX_NAME, true)?.trim();
    const description = text('description', MAX_DESCRIPTION, false);
    const sql = text('sql', this.config.maxSqlLength, true);
    if (b.shared !== undefined && typeof b.shared !== 'boolean') problems.push('shared must be true or false');
    if (problems.length) throw new BadRequestException({ message: `${problems.join('; ')}.` });
    return { name, description, sql, shared: b.shared as boolean | undefined };
  }
}
