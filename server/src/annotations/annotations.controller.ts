import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ANNOTATION_KINDS, ANNOTATION_STATUSES, type Annotation, type AnnotationsResponse } from '@hamgam/shared';
import { ALL_ROLES, type AuthCaller, CurrentCaller, Roles } from '../auth/caller.js';
import { AnnotationsService } from './annotations.service.js';

// Not behind the aggregate cache: a list of notes is read after every write to it.
@ApiTags('annotations')
@Controller('api/v1/annotations')
export class AnnotationsController {
  constructor(private readonly annotations: AnnotationsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiQuery({ name: 'agency', required: false, description: 'agency id (an agency user: its own only; another answers empty)' })
  @ApiQuery({ name: 'week', required: false, description: "the week's Friday" })
  @ApiQuery({ name: 'status', required: false, enum: ANNOTATION_STATUSES })
  @ApiQuery({ name: 'kind', required: false, enum: ANNOTATION_KINDS })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 200' })
  @ApiOkResponse({ description: 'Notes and disputes in the caller\'s scope, open first, newest first.' })
  @ApiBadRequestResponse({ description: 'a malformed filter' })
  list(
    @CurrentCaller() caller: AuthCaller,
    @Query('agency') agency?: string,
    @Query('week') week?: string,
    @Query('status') status?: string,
    @Query('kind') kind?: string,
    @Query('limit') limit?: string,
  ): Promise<AnnotationsResponse> {
    return this.annotations.list(caller, { agency, week, status, kind, limit });
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiNotFoundResponse({ description: "unknown, or another agency's" })
  get(@CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<Annotation> {
    return this.annotations.get(caller, id);
  }

  @Post()
  @Roles('agency')
  @ApiOkResponse({ description: 'The note or dispute, open. Body: { agencyId, week, figure, kind, text }.' })
  @ApiBadRequestResponse({ description: 'a missing or malformed field' })
  @ApiForbiddenResponse({ description: 'not an agency user' })
  @ApiNotFoundResponse({ description: "another agency's id, an unknown one, or no snapshot row that week" })
  create(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Body() body: unknown): Promise<Annotation> {
    return this.annotations.create(req, caller, body);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'Answered (an earlier answer is replaced). Body: { text }.' })
  @ApiNotFoundResponse({ description: 'unknown annotation' })
  answer(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Body() body: unknown): Promise<Annotation> {
    return this.annotations.answer(req, caller, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('agency')
  @ApiOkResponse({ description: 'Withdrawn by its agency: status withdrawn, a dispute no longer marks the figure.' })
  @ApiForbiddenResponse({ description: 'not an agency user' })
  @ApiNotFoundResponse({ description: "unknown, or another agency's" })
  @ApiConflictResponse({ description: 'already resolved or withdrawn' })
  withdraw(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<Annotation> {
    return this.annotations.withdraw(req, caller, id);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'Resolved, with an answer when the body has { text }.' })
  @ApiNotFoundResponse({ description: 'unknown annotation' })
  @ApiConflictResponse({ description: 'already resolved' })
  resolve(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Body() body: unknown): Promise<Annotation> {
    return this.annotations.resolve(req, caller, id, body);
  }
}
