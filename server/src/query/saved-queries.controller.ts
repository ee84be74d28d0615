/**
 * Saved queries (`/api/v1/queries`), for the signed-in caller.
 */
import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SavedQueriesResponse, SavedQuery } from '@hamgam/shared';
import { ALL_ROLES, CurrentCaller, Roles, type AuthCaller } from '../auth/caller.js';
import { SavedQueriesService } from './saved-queries.service.js';

@ApiTags('query')
// Every signed-in role reaches the service, which refuses (and audits) the roles the workbench is not for.
@Roles(...ALL_ROLES)
@Controller('api/v1/queries')
export class SavedQueriesController {
  constructor(private readonly saved: SavedQueriesService) {}

  @Get()
  list(@CurrentCaller() caller: AuthCaller): Promise<SavedQueriesResponse> {
    return this.saved.list(caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<SavedQuery> {
    return this.saved.get(caller, id);
  }

  @Post()
  create(@CurrentCaller() caller: AuthCaller, @Body() body: unknown): Promise<SavedQuery> {
    return this.saved.create(caller, body);
  }

  @Patch(':id')
  update(@CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Body() body: unknown): Promise<SavedQuery> {
    return this.saved.update(caller, id, body);
  }

  @Delete(':id')
  remove(@CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<{ id: string; deleted: true }> {
    return this.saved.remove(caller, id);
  }
}
