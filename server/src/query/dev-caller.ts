/**
 * TEMPORARY, until sign-in exists (a later issue): the caller is read from the `x-hamgam-user`
 * header as `<role>` or `<role>:<userId>` (default `analyst`, user `dev-analyst`), so the services
 * can already be written and tested against a caller. Anyone can claim any role with this header:
 * it must be replaced by the authenticated session before the workbench is exposed to a network.
 */
import { CALLER_ROLES, type Caller, type CallerRole } from '@hamgam/shared';

export const DEV_CALLER_HEADER = 'x-hamgam-user';

export function devCaller(header: string | string[] | undefined): Caller {
  const value = (Array.isArray(header) ? header[0] : header)?.trim() || 'analyst';
  const [rolePart, userPart] = value.split(':', 2);
  const role = (CALLER_ROLES as readonly string[]).includes(rolePart) ? (rolePart as CallerRole) : 'analyst';
  const userId = userPart?.trim() || `dev-${role}`;
  return { userId: userId.slice(0, 100), role };
}
