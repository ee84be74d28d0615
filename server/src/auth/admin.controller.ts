import { BadRequestException, Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AdminAgencyOption, AdminUser, AuditEntry } from '@hamgam/shared';
import { AdminUsersService } from './admin-users.service.js';
import { AuditService } from './audit.service.js';
import { type AuthCaller, CurrentCaller, Roles } from './caller.js';

/** The first instant of a Tehran day `YYYY-MM-DD` (Iran keeps +03:30 all year since 2022). */
function tehranDayStart(day: string, name: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00+03:30`) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new BadRequestException(`${name} must be a day, YYYY-MM-DD`);
  return at;
}

@ApiTags('admin')
@Roles('admin')
@Controller('api/v1/admin')
export class AdminController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly audit: AuditService,
  ) {}

  @Get('users')
  list(): Promise<AdminUser[]> {
    return this.users.list();
  }

  @Get('agencies')
  agencies(): Promise<AdminAgencyOption[]> {
    return this.users.agencies();
  }

  @Post('users')
  create(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Body() body: unknown): Promise<AdminUser> {
    return this.users.create(req, caller, body);
  }

  @Patch('users/:id')
  update(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Body() body: unknown): Promise<AdminUser> {
    return this.users.update(req, caller, id, body);
  }

  /** Newest first; `from`/`to` are Tehran days (inclusive), `before` an entry id (the next, older page). */
  @Get('audit')
  auditLog(
    @Query('limit') limit?: string,
    @Query('action') action?: string,
    @Query('actor') actor?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('before') before?: string,
  ): Promise<AuditEntry[]> {
    const n = limit === undefined ? 200 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new BadRequestException('limit must be a whole number from 1 to 1000');
    const beforeId = before === undefined || before === '' ? undefined : Number(before);
    if (beforeId !== undefined && (!Number.isInteger(beforeId) || beforeId < 1)) throw new BadRequestException('before must be an entry id (a whole number)');
    const fromAt = from ? tehranDayStart(from, 'from') : undefined;
    const toAt = to ? new Date(tehranDayStart(to, 'to').getTime() + 86_400_000) : undefined;
    if (fromAt && toAt && fromAt >= toAt) throw new BadRequestException('from must be on or before to');
    return this.audit.list(n, { action: action || undefined, actor: actor || undefined, from: fromAt, to: toAt, beforeId });
  }
}
