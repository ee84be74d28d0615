import { Controller, Get, UseInterceptors, Param, Query } from '@nestjs/common';
import { AggregateCacheInterceptor } from '../cache/aggregate-cache.interceptor.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AgencyDetailResponse, BreakdownResponse } from '@hamgam/shared';
import { AgenciesService } from './agencies.service.js';

@ApiTags('agencies')
@UseInterceptors(AggregateCacheInterceptor)
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(private readonly agenciesService: AgenciesService) {}

  @Get(':id')
  @ApiOkResponse({ description: 'The agency, its services and their stages.' })
  @ApiNotFoundResponse({ description: 'unknown agency id' })
  agency(@Param('id') id: string): Promise<AgencyDetailResponse> {
    return this.agenciesService.agency(id);
  }

  @Get(':id/breakdown')
  @ApiQuery({ name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." })
  @ApiOkResponse({ description: 'The five components with their inputs, the services as of the week, and the daily rows behind them with their source run.' })
  @ApiBadRequestResponse({ description: 'week is not a Friday' })
  @ApiNotFoundResponse({ description: 'unknown agency, or no snapshot for that week' })
  breakdown(@Param('id') id: string, @Query('week') week?: string): Promise<BreakdownResponse> {
    return this.agenciesService.breakdown(id, week);
  }
}
