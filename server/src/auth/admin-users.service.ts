/** User management for admins: create, change role or agency binding, disable, reset a password. */
import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { type AdminAgencyOption, type AdminUser, CALLER_ROLES, type CallerRole } from '@hamgam/shared';
import { type AppUserRow, type Warehouse, deleteSessionsOfUser, getAgency, getUserById, getUserByUsername, insertUser, listAgencies, listUsers, updateUser } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';
import { AuditService } from './audit.service.js';
import { AuthService, hashPassword } from './auth.service.js';
import type { AuthCaller } from './caller.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const MIN_PASSWORD = 10;

function toAdminUser(u: AppUserRow): AdminUser {
  return { id: u.user_id, username: u.username, displayName: u.display_name, role: u.role, agencyId: u.agency_id, createdAt: u.created_at, disabled: u.disabled };
}

type Body = Record<string, unknown>;

function optString(body: Body, name: string, max: number): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new BadRequestException(`${name} must be a non-empty string of at most ${max} characters`);
  return v;
}

function optRole(body: Body): CallerRole | undefined {
  const v = body.role;
  if (v === undefined) return undefined;
  if (!(CALLER_ROLES as readonly unknown[]).includes(v)) throw new BadRequestException(`role must be one of ${CALLER_ROLES.join(', ')}`);
  return v as CallerRole;
}

function optPassword(body: Body): string | undefined {
  const v = body.password;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length < MIN_PASSWORD || v.length > 1000) throw new BadRequestException(`password must be ${MIN_PASSWORD} to 1000 characters`);
  return v;
}

@Injectable()
export class AdminUsersService {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async list(): Promise<AdminUser[]> {
    return (await listUsers(this.warehouse.db)).map(toAdminUser);
  }

  /** The registry's agencies, for the agency an agency user is bound to. */
  async agencies(): Promise<AdminAgencyOption[]> {
    return (await listAgencies(this.warehouse.db)).map((a) => ({ agencyId: a.agency_id, nameFa: a.name_fa, nameEn: a.name_en, sector: a.sector }));
  }

  async create(req: Request, actor: AuthCaller, input: unknown): Promise<AdminUser> {
    const body = this.object(input);
    const username = optString(body, 'username', 64)?.trim().toLowerCase();
    if (!username || !USERNAME.test(username)) throw new BadRequestException('username must be 2–64 lower-case letters, digits, . _ or -');
    const role = optRole(body);
    if (!role) throw new BadRequestException(`role is required (${CALLER_ROLES.join(', ')})`);
    const password = optPassword(body);
    if (!password) throw new BadRequestException(`password is required (${MIN_PASSWORD} to 1000 characters)`);
    const agencyId = await this.agencyFor(role, body.agencyId);
    if (await getUserByUsername(this.warehouse.db, username)) throw new ConflictException(`The username "${username}" is taken.`);
    const row: AppUserRow = {
      user_id: randomUUID(),
      username,
      display_name: optString(body, 'displayName', 200) ?? username,
      role,
      agency_id: agencyId,
      password_hash: await hashPassword(password),
      created_at: new Date().toISOString(),
      disabled: false,
    };
    await insertUser(this.warehouse.db, row);
    await this.audit.byCaller(req, actor, 'admin.user_create', username, { role, agencyId });
    return toAdminUser(row);
  }

  async update(req: Request, actor: AuthCaller, userId: string, input: unknown): Promise<AdminUser> {
    const body = this.object(input);
    const user = await getUserById(this.warehouse.db, userId);
    if (!user) throw new NotFoundException('No such user.');
    const role = optRole(body) ?? user.role;
    const disabled = body.disabled === undefined ? user.disabled : body.disabled;
    if (typeof disabled !== 'boolean') throw new BadRequestException('disabled must be true or false');
    if (user.user_id === actor.userId && (disabled || role !== 'admin')) throw new BadRequestException('An admin cannot disable or demote themselves.');
    const agencyId = body.agencyId === undefined && role === user.role ? user.agency_id : await this.agencyFor(role, body.agencyId);
    const password = optPassword(body);
    const displayName = optString(body, 'displayName', 200);
    const change = {
      ...(displayName !== undefined && { display_name: displayName }),
      role,
      agency_id: agencyId,
      disabled,
      ...(password !== undefined && { password_hash: await hashPassword(password) }),
    };
    await updateUser(this.warehouse.db, userId, change);
    // A new role, agency, password or a disabled account ends the sessions opened under the old one.
    if (role !== user.role || agencyId !== user.agency_id || disabled || password !== undefined) await deleteSessionsOfUser(this.warehouse.db, userId);
    // Remembered sessions carry the user's old role and name: forget them whatever changed.
    this.auth.forgetSessions(userId);
    await this.audit.byCaller(req, actor, 'admin.user_update', user.username, {
      ...(role !== user.role && { role }),
      ...(agencyId !== user.agency_id && { agencyId }),
      ...(disabled !== user.disabled && { disabled }),
      ...(password !== undefined && { passwordReset: true }),
      ...(displayName !== undefined && { displayName }),
    });
    return toAdminUser((await getUserById(this.warehouse.db, userId))!);
  }

  private object(input: unknown): Body {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new BadRequestException('the body must be a JSON object');
    return input as Body;
  }

  /** An agency user needs an existing agency; every other role has none. */
  private async agencyFor(role: CallerRole, value: unknown): Promise<string | null> {
    if (role !== 'agency') {
      if (value !== undefined && value !== null) throw new BadRequestException('only agency users are bound to an agency');
      return null;
    }
    if (typeof value !== 'string' || !(await getAgency(this.warehouse.db, value))) throw new BadRequestException('an agency user needs agencyId, the id of a known agency');
    return value;
  }
}
