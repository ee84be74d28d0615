import { BadRequestException, Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AdminUser, AuditEntry } from '@hamgam/shared';
import { AdminUsersService } from './admin-users.service.js';
import { AuditService } from './audit.service.js';
import { type AuthCaller, CurrentCaller, Roles } from './caller.js';

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

  @Post('users')
  create(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Body() body: unknown): Promise<AdminUser> {
    return this.users.create(req, caller, body);
  }

  @Patch('users/:id')
  update(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Body() body: unknown): Promise<AdminUser> {
    return this.users.update(req, caller, id, body);
  }

  @Get('audit')
  auditLog(@Query('limit') limit?: string, @Query('action') action?: string, @Query('actor') actor?: string): Promise<AuditEntry[]> {
    const n = limit === undefined ? 200 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new BadRequestException('limit must be a whole number from 1 to 1000');
    return this.audit.list(n, action || undefined, actor || undefined);
  }
}
