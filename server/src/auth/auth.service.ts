/**
 * Sign-in, sessions and API tokens. Sessions are random ids sent in a cookie signed with HMAC and
 * stored as SHA-256 hashes; tokens likewise are stored hashed and shown once. Sign-in never says
 * whether a user exists: the same 401 and message, and an unknown user is verified against a dummy
 * hash so that it takes about as long as a wrong password.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { hash, verify } from '@node-rs/argon2';
import type { ApiTokenInfo, CreatedApiToken, MeResponse } from '@hamgam/shared';
import {
  type AppUserRow,
  type ApiTokenRow,
  type Warehouse,
  countUsers,
  deleteExpiredSessions,
  deleteSession,
  getLiveApiToken,
  getLiveSession,
  getUserByUsername,
  insertApiToken,
  insertSession,
  insertUser,
  listApiTokensOfUser,
  revokeApiToken,
  touchApiToken,
  touchSession,
  updateUser,
} from '@hamgam/warehouse';
import type { HamgamConfig } from '../config.js';
import { HAMGAM_CONFIG, WAREHOUSE } from '../tokens.js';
import { AuditService } from './audit.service.js';
import { type AuthCaller, clientIp } from './caller.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const SESSION_COOKIE = 'hamgam_session';
export const SIGN_IN_REFUSED = 'Wrong username or password.';
const TOUCH_EVERY_MS = 60_000;
/**
 * How long a live session read from the warehouse answers again from memory. Reading it costs a
 * warehouse query per request, which capped even cached aggregates at a few hundred requests a
 * second (issue 8, benchmark 3); this process is the warehouse's only writer, and every change it
 * makes to a session or user (sign-out, an admin's update) forgets the memo at once, so the
 * second is only a bound for writes made around the service (a test editing user_session).
 */
export const SESSION_MEMO_MS = 1_000;
const TOKEN_PREFIX = 'hgm_';

/** Demo accounts (demo mode only): username and the fixed password unless the environment sets one. */
export const DEMO_ACCOUNTS = {
  minister: { username: 'minister', displayName: 'وزیر (نمایشی)', agencyId: null, password: 'minister-demo-1405' },
  analyst: { username: 'analyst', displayName: 'تحلیلگر (نمایشی)', agencyId: null, password: 'analyst-demo-1405' },
  agency: { username: 'ncr', displayName: 'کارشناس ثبت احوال (نمایشی)', agencyId: 'ncr', password: 'ncr-demo-1405' },
  admin: { username: 'admin', displayName: 'راهبر (نمایشی)', agencyId: null, password: 'admin-demo-1405' },
} as const;

export const hashPassword = (password: string) => hash(password);
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface SignedIn {
  cookieValue: string;
  expiresAt: Date;
  me: MeResponse;
}

export function toMe(caller: AuthCaller): MeResponse {
  return { userId: caller.userId, username: caller.username, displayName: caller.displayName, role: caller.role, agencyId: caller.agencyId, via: caller.via };
}

function callerOf(user: AppUserRow, via: 'session' | 'token', tokenId?: string): AuthCaller {
  return { userId: user.user_id, username: user.username, displayName: user.display_name, role: user.role, agencyId: user.agency_id, via, ...(tokenId && { tokenId }) };
}

function tokenInfo(t: ApiTokenRow): ApiTokenInfo {
  return { id: t.token_id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at, expiresAt: t.expires_at ?? null };
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private readonly secret: Buffer;
  private readonly throttle: SignInThrottle;
  private readonly dummyHash: Promise<string>;
  private readonly lastTouched = new Map<string, number>();
  private readonly sessionMemo = new Map<string, { caller: AuthCaller; expiresAt: number; readAt: number }>();

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(HAMGAM_CONFIG) private readonly config: HamgamConfig,
    private readonly audit: AuditService,
  ) {
    const auth = config.auth;
    if (auth.mode === 'production' && !auth.sessionSecret) throw new Error('HAMGAM_SESSION_SECRET is required in production mode (HAMGAM_MODE=production).');
    if (auth.sessionSecret && auth.sessionSecret.length < 32) throw new Error('HAMGAM_SESSION_SECRET must be at least 32 characters.');
    this.secret = auth.sessionSecret ? Buffer.from(auth.sessionSecret) : randomBytes(32);
    this.throttle = new SignInThrottle(auth.signInMaxPerUser, auth.signInMaxPerIp, auth.signInWindowMs);
    this.dummyHash = hash(randomBytes(16).toString('hex'));
  }

  /** Demo mode: one account per role with known passwords. Production: the first admin, if none. */
  async bootstrap(): Promise<void> {
    const db = this.warehouse.db;
    await deleteExpiredSessions(db, new Date());
    const { mode, adminUsername, adminPassword, demoPasswords } = this.config.auth;
    if (mode === 'demo') {
      const lines: string[] = [];
      for (const [role, account] of Object.entries(DEMO_ACCOUNTS) as [keyof typeof DEMO_ACCOUNTS, (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS]][]) {
        const password = demoPasswords[role] ?? account.password;
        const password_hash = await hashPassword(password);
        const existing = await getUserByUsername(db, account.username);
        // Reset on every start so that the printed password is always the one that works.
        if (existing) await updateUser(db, existing.user_id, { role, agency_id: account.agencyId, password_hash, disabled: false });
        else await insertUser(db, { user_id: randomUUID(), username: account.username, display_name: account.displayName, role, agency_id: account.agencyId, password_hash, created_at: new Date(), disabled: false });
        lines.push(`  ${role.padEnd(8)} ${account.username.padEnd(9)} ${password}${account.agencyId ? `   (agency ${account.agencyId})` : ''}`);
      }
      this.logger.log(`demo mode: sign in with one of these accounts (HAMGAM_MODE=production turns them off)\n${lines.join('\n')}`);
      return;
    }
    if ((await countUsers(db)) > 0) return;
    if (!adminUsername || !adminPassword) {
      this.logger.warn('production mode with no users: set HAMGAM_ADMIN_USERNAME and HAMGAM_ADMIN_PASSWORD to create the first admin');
      return;
    }
    if (adminPassword.length < 12) throw new Error('HAMGAM_ADMIN_PASSWORD must be at least 12 characters.');
    await insertUser(db, { user_id: randomUUID(), username: adminUsername.trim().toLowerCase(), display_name: adminUsername, role: 'admin', agency_id: null, password_hash: await hashPassword(adminPassword), created_at: new Date(), disabled: false });
    await this.audit.record({ actor: null, action: 'admin.first_admin', target: adminUsername, ip: null });
    this.logger.log(`created the first admin "${adminUsername}" from HAMGAM_ADMIN_USERNAME`);
  }

  async signIn(req: Request, usernameIn: string, password: string): Promise<SignedIn> {
    const username = usernameIn.trim().toLowerCase();
    const ip = clientIp(req);
    const wait = this.throttle.blockedFor(username, ip);
    if (wait > 0) {
      await this.audit.record({ actor: username, action: 'auth.sign_in_throttled', target: username, ip });
      throw new HttpException({ statusCode: 429, message: `Too many sign-in attempts; try again in ${wait} s.`, retryAfter: wait }, HttpStatus.TOO_MANY_REQUESTS);
    }
    const user = await getUserByUsername(this.warehouse.db, username);
    const ok = await verify(user?.password_hash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok || user.disabled) {
      this.throttle.fail(username, ip);
      await this.audit.record({ actor: username, action: 'auth.sign_in_failed', target: username, ip });
      throw new UnauthorizedException(SIGN_IN_REFUSED);
    }
    this.throttle.succeed(username);
    const id = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionTtlMs);
    await insertSession(this.warehouse.db, { session_hash: sha256(id), user_id: user.user_id, created_at: now, expires_at: expiresAt, last_seen_at: now });
    await this.audit.record({ actor: user.username, action: 'auth.sign_in', target: user.username, ip });
    return { cookieValue: `${id}.${this.sign(id)}`, expiresAt, me: toMe(callerOf(user, 'session')) };
  }

  async signOut(req: Request): Promise<void> {
    const id = this.sessionIdOf(req);
    if (id) {
      this.sessionMemo.delete(sha256(id));
      await deleteSession(this.warehouse.db, sha256(id));
    }
    const caller = (req as Request & { caller?: AuthCaller }).caller;
    if (caller) await this.audit.byCaller(req, caller, 'auth.sign_out', caller.username);
  }

  /**
   * The caller of a session-cookie request when `resolve` would answer it from the memo (a session
   * read from the warehouse within the last second, signature checked, not expired), at once and
   * without a promise; null when `resolve` must run (no cookie, a bearer token — whose use is
   * audited —, a forged cookie, or a memo too old). For the cached-hit fast path: it never accepts a
   * caller that `resolve` would refuse.
   */
  rememberedCaller(req: Pick<Request, 'headers'>): AuthCaller | null {
    if (req.headers.authorization) return null;
    const id = this.sessionIdOf(req as Request);
    if (!id) return null;
    const memo = this.sessionMemo.get(sha256(id));
    const now = Date.now();
    return memo && now - memo.readAt < SESSION_MEMO_MS && now < memo.expiresAt ? memo.caller : null;
  }

  /** The caller of a request from its bearer token or session cookie; null when neither is valid. */
  async resolve(req: Request): Promise<AuthCaller | null> {
    const authorization = req.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match || !match[1].startsWith(TOKEN_PREFIX)) return null;
      const row = await getLiveApiToken(this.warehouse.db, sha256(match[1]), new Date());
      if (!row) return null;
      const caller = callerOf(row as unknown as AppUserRow, 'token', row.token_id);
      if (this.due(`t:${row.token_id}`)) {
        await touchApiToken(this.warehouse.db, row.token_id, new Date());
        await this.audit.byCaller(req, caller, 'token.use', row.token_id, { name: row.name, path: req.originalUrl.split('?')[0] });
      }
      return caller;
    }
    const id = this.sessionIdOf(req);
    if (!id) return null;
    const hashed = sha256(id);
    const now = Date.now();
    const memo = this.sessionMemo.get(hashed);
    if (memo && now - memo.readAt < SESSION_MEMO_MS && now < memo.expiresAt) return memo.caller;
    const row = await getLiveSession(this.warehouse.db, hashed, new Date(now));
    if (!row) {
      this.sessionMemo.delete(hashed);
      return null;
    }
    if (this.due(`s:${hashed}`)) await touchSession(this.warehouse.db, hashed, new Date());
    const caller = callerOf(row, 'session');
    if (this.sessionMemo.size >= 10_000) this.sessionMemo.clear();
    this.sessionMemo.set(hashed, { caller, expiresAt: Date.parse(row.expires_at), readAt: now });
    return caller;
  }

  /** Forgets remembered sessions (of one user, or all): after a change to them or their user. */
  forgetSessions(userId?: string): void {
    for (const [hashed, memo] of this.sessionMemo) if (!userId || memo.caller.userId === userId) this.sessionMemo.delete(hashed);
  }

  async listTokens(caller: AuthCaller): Promise<ApiTokenInfo[]> {
    return (await listApiTokensOfUser(this.warehouse.db, caller.userId)).map(tokenInfo);
  }

  async createToken(req: Request, caller: AuthCaller, name: string, expiresAt: Date | null = null): Promise<CreatedApiToken> {
    this.sessionOnly(caller);
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiTokenRow = {
      token_id: randomUUID(),
      token_hash: sha256(token),
      user_id: caller.userId,
      name,
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
      expires_at: expiresAt?.toISOString() ?? null,
    };
    await insertApiToken(this.warehouse.db, row);
    await this.audit.byCaller(req, caller, 'token.create', row.token_id, { name, ...(row.expires_at && { expiresAt: row.expires_at }) });
    return { ...tokenInfo(row), token };
  }

  async revokeToken(req: Request, caller: AuthCaller, tokenId: string): Promise<void> {
    this.sessionOnly(caller);
    if (!(await revokeApiToken(this.warehouse.db, caller.userId, tokenId, new Date()))) throw new NotFoundException('No such token.');
    await this.audit.byCaller(req, caller, 'token.revoke', tokenId);
  }

  /** A stolen token must not be able to mint more tokens or revoke the owner's. */
  private sessionOnly(caller: AuthCaller): void {
    if (caller.via !== 'session') throw new ForbiddenException('Tokens are managed after signing in, not with a token.');
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }

  /** The session id from a cookie whose signature holds; null for a missing or forged cookie. */
  private sessionIdOf(req: Request): string | null {
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!value) return null;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return null;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.sign(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  /** Writes last-seen stamps (and token-use audit rows) at most once a minute per key. */
  private due(key: string): boolean {
    const now = Date.now();
    if (now - (this.lastTouched.get(key) ?? 0) < TOUCH_EVERY_MS) return false;
    this.lastTouched.set(key, now);
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    return true;
  }
}
