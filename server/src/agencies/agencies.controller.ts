import { Controller, Get, UseInterceptors, Param, Query } from '@nestjs/common';
import { AggregateCacheInterceptor } from '../cache/aggregate-cache.interceptor.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AgencyDetailResponse, AgencyImprovementsResponse, AgencyTrendResponse, BreakdownResponse, SectorMedianResponse } from '@hamgam/shared';
import { AgenciesService } from './agencies.service.js';
import { ALL_ROLES, type AuthCaller, CurrentCaller, Roles, agencyScopeOf } from '../auth/caller.js';

@ApiTags('agencies')
// Every role; an agency user gets its own agency only (another id answers 404, as if unknown).
@Roles(...ALL_ROLES)
@UseInterceptors(AggregateCacheInterceptor)
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(private readonly agenciesService: AgenciesService) {}

  @Get(':id')
  @ApiOkResponse({ description: 'The agency, its services and their stages.' })
  @ApiNotFoundResponse({ description: 'unknown agency id' })
  agency(@CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<AgencyDetailResponse> {
    return this.agenciesService.agency(id, agencyScopeOf(caller));
  }

  @Get(':id/breakdown')
  @ApiQuery({ name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." })
  @ApiOkResponse({ description: 'The five components with their inputs, the services as of the week, and the daily rows behind them with their source run.' })
  @ApiBadRequestResponse({ description: 'week is not a Friday' })
  @ApiNotFoundResponse({ description: 'unknown agency, or no snapshot for that week' })
  breakdown(@CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Query('week') week?: string): Promise<BreakdownResponse> {
    return this.agenciesService.breakdown(id, week, agencyScopeOf(caller));
  }

  @Get(':id/improvements')
  @ApiQuery({ name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." })
  @ApiOkResponse({ description: 'Per component, what it would take to improve: the services concerned and the gain to the component and the index of fixing each.' })
  @ApiBadRequestResponse({ description: 'week is not a Friday' })
  @ApiNotFoundResponse({ description: 'unknown agency (or not the caller\'s own), or no snapshot for that week' })
  improvements(@CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Query('week') week?: string): Promise<AgencyImprovementsResponse> {
    return this.agenciesService.improvements(id, week, agencyScopeOf(caller));
  }

  @Get(':id/sector-median')
  @ApiQuery({ name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." })
  @ApiOkResponse({ description: "The agency's index and components beside the median of its sector that week (withheld for a sector of fewer than 3 agencies)." })
  @ApiBadRequestResponse({ description: 'week is not a Friday' })
  @ApiNotFoundResponse({ description: 'unknown agency (or not the caller\'s own), or no snapshot for that week' })
  sectorMedian(@CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Query('week') week?: string): Promise<SectorMedianResponse> {
    return this.agenciesService.sectorMedian(id, week, agencyScopeOf(caller));
  }

  @Get(':id/trend')
  @ApiOkResponse({ description: 'Index, rank, status and coverage against the trajectory for every stored week, the deadline and days left, and the services\' stage changes.' })
  @ApiNotFoundResponse({ description: 'unknown agency (or not the caller\'s own)' })
  trend(@CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<AgencyTrendResponse> {
    return this.agenciesService.trend(id, agencyScopeOf(caller));
  }
}
