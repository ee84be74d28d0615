/**
 * The signed-in caller on the request, the role declarations on routes, and the agency scope that
 * services take: an agency user sees agency-level detail of its own agency only.
 */
import { type ExecutionContext, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { CallerRole } from '@hamgam/shared';

export interface AuthCaller {
  userId: string;
  username: string;
  displayName: string;
  role: CallerRole;
  agencyId: string | null;
  via: 'session' | 'token';
  /** The API token used, when via is 'token'. */
  tokenId?: string;
}

export type RequestWithCaller = Request & { caller?: AuthCaller };

export const ROLES_KEY = 'hamgam:roles';
export const PUBLIC_KEY = 'hamgam:public';
export const ALL_ROLES: readonly CallerRole[] = ['minister', 'analyst', 'agency', 'admin'];

/** The roles allowed on a route (or every route of a controller). A route without it is refused. */
export const Roles = (...roles: CallerRole[]) => SetMetadata(ROLES_KEY, roles);
/** A route open without signing in (health, sign-in). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller resolved by the auth middleware; 401 when there is none. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthCaller => {
  const caller = ctx.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new UnauthorizedException('Sign in first.');
  return caller;
});

/** Which agencies' detail a caller may see; `agencyIds` undefined means every agency. */
export interface AgencyScope {
  agencyIds?: readonly string[];
}
export const EVERY_AGENCY: AgencyScope = Object.freeze({});

export function agencyScopeOf(caller: Pick<AuthCaller, 'role' | 'agencyId'>): AgencyScope {
  if (caller.role !== 'agency') return EVERY_AGENCY;
  // An agency user without an agency (the schema forbids it) sees nothing rather than everything.
  return { agencyIds: caller.agencyId ? [caller.agencyId] : [] };
}

export function inScope(scope: AgencyScope, agencyId: string): boolean {
  return !scope.agencyIds || scope.agencyIds.includes(agencyId);
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** True when the request reached us over TLS, directly or through a proxy that says so. */
export function overTls(req: Request): boolean {
  return req.secure || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
}
