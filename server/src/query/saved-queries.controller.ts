/**
 * Saved queries (`/api/v1/queries`). TEMPORARY caller from `x-hamgam-user` until sign-in exists
 * (see query.controller.ts and dev-caller.ts).
 */
import { Body, Controller, Delete, Get, Headers, Param, Patch, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { SavedQueriesResponse, SavedQuery } from '@hamgam/shared';
import { DEV_CALLER_HEADER, devCaller } from './dev-caller.js';
import { SavedQueriesService } from './saved-queries.service.js';

@ApiTags('query')
@ApiHeader({ name: DEV_CALLER_HEADER, required: false, description: 'TEMPORARY development caller, `<role>[:<userId>]`, until sign-in exists' })
@Controller('api/v1/queries')
export class SavedQueriesController {
  constructor(private readonly saved: SavedQueriesService) {}

  @Get()
  list(@Headers(DEV_CALLER_HEADER) user: string | undefined): Promise<SavedQueriesResponse> {
    return this.saved.list(devCaller(user));
  }

  @Get(':id')
  get(@Headers(DEV_CALLER_HEADER) user: string | undefined, @Param('id') id: string): Promise<SavedQuery> {
    return this.saved.get(devCaller(user), id);
  }

  @Post()
  create(@Headers(DEV_CALLER_HEADER) user: string | undefined, @Body() body: unknown): Promise<SavedQuery> {
    return this.saved.create(devCaller(user), body);
  }

  @Patch(':id')
  update(@Headers(DEV_CALLER_HEADER) user: string | undefined, @Param('id') id: string, @Body() body: unknown): Promise<SavedQuery> {
    return this.saved.update(devCaller(user), id, body);
  }

  @Delete(':id')
  remove(@Headers(DEV_CALLER_HEADER) user: string | undefined, @Param('id') id: string): Promise<{ id: string; deleted: true }> {
    return this.saved.remove(devCaller(user), id);
  }
}
