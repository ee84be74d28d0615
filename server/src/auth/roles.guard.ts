/**
 * Every route declares who may call it (@Roles) or that it is open (@Public); a route that declares
 * neither is refused, so a new controller cannot be exposed by forgetting. Agency-level scope is
 * decided again in the services, which take the caller's AgencyScope.
 */
import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CallerRole } from '@hamgam/shared';
import { PUBLIC_KEY, ROLES_KEY, type RequestWithCaller } from './caller.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const caller = ctx.switchToHttp().getRequest<RequestWithCaller>().caller;
    if (!caller) throw new UnauthorizedException('Sign in first.');
    const roles = this.reflector.getAllAndOverride<CallerRole[]>(ROLES_KEY, targets);
    if (!roles || !roles.includes(caller.role)) throw new ForbiddenException(`This is not open to the ${caller.role} role.`);
    return true;
  }
}
