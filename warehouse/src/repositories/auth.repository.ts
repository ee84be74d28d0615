/**
 * Accounts, sessions, API tokens and the audit log (tables of migration 1795865417232). Credentials
 * arrive here already hashed: this module never sees a password, a session id or a token.
 */
import { type ColumnType, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.js';
import type { Db } from './staged-upsert.js';

type Timestamp = ColumnType<string, string | Date, string | Date>;

export type UserRole = 'minister' | 'analyst' | 'agency' | 'admin';

export interface AppUserTable {
  user_id: string;
  username: string;
  display_name: string;
  role: UserRole;
  agency_id: string | null;
  password_hash: string;
  created_at: Timestamp;
  disabled: boolean;
}

export interface UserSessionTable {
  session_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokenTable {
  token_id: string;
  token_hash: string;
  user_id: string;
  name: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** Null: valid until revoked. */
  expires_at: ColumnType<string | null, string | Date | null | undefined, string | Date | null>;
}

export interface AuditLogTable {
  audit_id: ColumnType<number, never, never>;
  at: Timestamp;
  actor: string | null;
  action: string;
  target: string | null;
  /** JSON text. */
  detail: string | null;
  ip: string | null;
}

export interface AuthTables {
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
}

export type AppUserRow = Selectable<AppUserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type UserSessionRow = Selectable<UserSessionTable>;

function auth(db: Db): Kysely<Database & AuthTables> {
  return db as unknown as Kysely<Database & AuthTables>;
}

// ---- users

export async function insertUser(db: Db, row: Insertable<AppUserTable>): Promise<void> {
  await auth(db).insertInto('app_user').values(row).execute();
}

export function getUserByUsername(db: Db, username: string): Promise<AppUserRow | undefined> {
  return auth(db).selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export function getUserById(db: Db, userId: string): Promise<AppUserRow | undefined> {
  return auth(db).selectFrom('app_user').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function listUsers(db: Db): Promise<AppUserRow[]> {
  return auth(db).selectFrom('app_user').selectAll().orderBy('username').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await auth(db).selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(
  db: Db,
  userId: string,
  change: Partial<Pick<AppUserTable, 'display_name' | 'role' | 'agency_id' | 'password_hash' | 'disabled'>>,
): Promise<void> {
  await auth(db).updateTable('app_user').set(change).where('user_id', '=', userId).execute();
}

// ---- sessions

export async function insertSession(db: Db, row: Insertable<UserSessionTable>): Promise<void> {
  await auth(db).insertInto('user_session').values(row).execute();
}

/** A live session with its user (expired sessions and disabled users are not found). */
export function getLiveSession(db: Db, sessionHash: string, now: Date): Promise<(UserSessionRow & AppUserRow) | undefined> {
  return auth(db)
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.user_id', 'user_session.user_id')
    .selectAll()
    .where('user_session.session_hash', '=', sessionHash)
    .where('user_session.expires_at', '>', now.toISOString())
    .where('app_user.disabled', '=', false)
    .executeTakeFirst();
}

export async function touchSession(db: Db, sessionHash: string, at: Date): Promise<void> {
  await auth(db).updateTable('user_session').set({ last_seen_at: at }).where('session_hash', '=', sessionHash).execute();
}

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await auth(db).deleteFrom('user_session').where('session_hash', '=', sessionHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await auth(db).deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await auth(db).deleteFrom('user_session').where('expires_at', '<=', now.toISOString()).execute();
}

// ---- API tokens

export async function insertApiToken(db: Db, row: Insertable<ApiTokenTable>): Promise<void> {
  await auth(db).insertInto('api_token').values(row).execute();
}

/** An unrevoked, unexpired token with its (enabled) user. */
export function getLiveApiToken(db: Db, tokenHash: string, now: Date = new Date()): Promise<(Omit<ApiTokenRow, 'user_id'> & AppUserRow) | undefined> {
  return auth(db)
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.user_id', 'api_token.user_id')
    .selectAll()
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_token.expires_at', 'is', null), eb('api_token.expires_at', '>', now.toISOString())]))
    .where('app_user.disabled', '=', false)
    .executeTakeFirst();
}

export function listApiTokensOfUser(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return auth(db).selectFrom('api_token').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('token_id').execute();
}

export async function touchApiToken(db: Db, tokenId: string, at: Date): Promise<void> {
  await auth(db).updateTable('api_token').set({ last_used_at: at }).where('token_id', '=', tokenId).execute();
}

/** Revokes one of the user's tokens; false when the user has no such live token. */
export async function revokeApiToken(db: Db, userId: string, tokenId: string, at: Date): Promise<boolean> {
  const result = await auth(db)
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('token_id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- audit

export async function insertAudit(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await auth(db).insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  limit: number;
  action?: string;
  actor?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  /** Paging, newest first: only entries older than this id (the last id of the previous page). */
  beforeId?: number;
}

/** The audit log newest first, filtered; `beforeId` pages on by id (stable while new rows arrive). */
export function listAudit(db: Db, opts: AuditFilter): Promise<AuditLogRow[]> {
  let q = auth(db).selectFrom('audit_log').selectAll();
  if (opts.action) q = q.where('action', '=', opts.action);
  if (opts.actor) q = q.where('actor', '=', opts.actor);
  if (opts.from) q = q.where('at', '>=', opts.from.toISOString());
  if (opts.to) q = q.where('at', '<', opts.to.toISOString());
  if (opts.beforeId !== undefined) q = q.where('audit_id', '<', opts.beforeId as never);
  return q.orderBy('audit_id', 'desc').limit(opts.limit).execute();
}
