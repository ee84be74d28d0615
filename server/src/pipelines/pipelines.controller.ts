import { Controller, Get, Query } from '@nestjs/common';
import { type AuthCaller, CurrentCaller, Roles, agencyScopeOf } from '../auth/caller.js';
import { ApiBadRequestResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DATASETS, PIPELINE_RUN_STATUSES, type PipelineRunsResponse, type PipelineSourcesResponse, type RejectedRowsResponse } from '@hamgam/shared';
import { PipelineRunsResponseDto, PipelineSourcesResponseDto, RejectedRowsResponseDto } from './pipelines-admin.dto.js';
import { DEFAULT_REJECTS_LIMIT, DEFAULT_RUNS_LIMIT, MAX_LIMIT, PipelinesAdminService } from './pipelines-admin.service.js';

// Operators see every feed; an agency officer its own agency's runs, rejects and sources only.
@Roles('admin', 'agency')
@ApiTags('pipelines')
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(private readonly pipelinesAdmin: PipelinesAdminService) {}

  @Get('runs')
  @ApiQuery({ name: 'limit', required: false, description: `1–${MAX_LIMIT}, default ${DEFAULT_RUNS_LIMIT}` })
  @ApiQuery({ name: 'status', required: false, enum: PIPELINE_RUN_STATUSES })
  @ApiQuery({ name: 'agency', required: false, description: 'agency id' })
  @ApiQuery({ name: 'dataset', required: false, enum: DATASETS })
  @ApiOkResponse({ type: PipelineRunsResponseDto, description: 'runs, newest first' })
  @ApiBadRequestResponse({ description: 'unknown status or dataset, malformed agency, limit not 1–1000' })
  runs(
    @CurrentCaller() caller: AuthCaller,
    @Query('limit') limit?: string,
    @Query('status') status?: string,
    @Query('agency') agency?: string,
    @Query('dataset') dataset?: string,
  ): Promise<PipelineRunsResponse> {
    return this.pipelinesAdmin.runs({ limit, status, agency, dataset }, agencyScopeOf(caller));
  }

  @Get('rejects')
  @ApiQuery({ name: 'runId', required: false })
  @ApiQuery({ name: 'agency', required: false, description: 'agency id' })
  @ApiQuery({ name: 'dataset', required: false, enum: DATASETS })
  @ApiQuery({ name: 'limit', required: false, description: `1–${MAX_LIMIT}, default ${DEFAULT_REJECTS_LIMIT}` })
  @ApiOkResponse({ type: RejectedRowsResponseDto, description: 'quarantined rows, newest first' })
  @ApiBadRequestResponse({ description: 'malformed runId or agency, unknown dataset, limit not 1–1000' })
  rejects(
    @CurrentCaller() caller: AuthCaller,
    @Query('runId') runId?: string,
    @Query('agency') agency?: string,
    @Query('dataset') dataset?: string,
    @Query('limit') limit?: string,
  ): Promise<RejectedRowsResponse> {
    return this.pipelinesAdmin.rejects({ runId, agency, dataset, limit }, agencyScopeOf(caller));
  }

  @Get('sources')
  @ApiOkResponse({ type: PipelineSourcesResponseDto, description: 'sources with their state, and freshness per agency' })
  sources(@CurrentCaller() caller: AuthCaller): Promise<PipelineSourcesResponse> {
    return this.pipelinesAdmin.sources(agencyScopeOf(caller));
  }
}
