import { Controller, Get, UseInterceptors, Query } from '@nestjs/common';
import { AggregateCacheInterceptor } from '../cache/aggregate-cache.interceptor.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MoversResponse, ScoreboardResponse, ScoreboardWeeksResponse, TrendResponse } from '@hamgam/shared';
import { ScoreboardResponseDto } from './scoreboard.dto.js';
import { ScoreboardService } from './scoreboard.service.js';
import { ALL_ROLES, Roles } from '../auth/caller.js';

const WEEK_QUERY = { name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." };

@ApiTags('scoreboard')
// The published scoreboard: ranks, statuses and index of every agency, for every signed-in role.
@Roles(...ALL_ROLES)
@UseInterceptors(AggregateCacheInterceptor)
@Controller('api/v1/scoreboard')
export class ScoreboardController {
  constructor(private readonly scoreboardService: ScoreboardService) {}

  @Get()
  @ApiQuery(WEEK_QUERY)
  @ApiQuery({ name: 'status', required: false, description: 'Comma-separated statuses to keep (joined, on_track, lagging, not_started, silent).' })
  @ApiQuery({ name: 'sector', required: false, description: 'Comma-separated sectors to keep.' })
  @ApiQuery({ name: 'kind', required: false, description: 'Comma-separated kinds of agency to keep (ministry, organization, company, fund, municipality).' })
  @ApiOkResponse({ type: ScoreboardResponseDto })
  @ApiBadRequestResponse({ description: 'week is not a day or not a Friday, or a filter value is unknown' })
  @ApiNotFoundResponse({ description: 'no snapshot is stored for that week (or none yet)' })
  scoreboard(
    @Query('week') week?: string,
    @Query('status') status?: string,
    @Query('sector') sector?: string,
    @Query('kind') kind?: string,
  ): Promise<ScoreboardResponse> {
    return this.scoreboardService.scoreboard(week, { status, sector, kind });
  }

  @Get('weeks')
  @ApiOkResponse({ description: 'Every week with a stored snapshot, newest first.' })
  weeks(): Promise<ScoreboardWeeksResponse> {
    return this.scoreboardService.weeks();
  }

  @Get('trend')
  @ApiOkResponse({ description: 'Per week: agencies by status and services live, against the trajectory to the deadline.' })
  trend(): Promise<TrendResponse> {
    return this.scoreboardService.trend();
  }

  @Get('movers')
  @ApiQuery(WEEK_QUERY)
  @ApiOkResponse({ description: "The week's movers: who joined, slipped to lagging, went silent; biggest gains and falls." })
  @ApiBadRequestResponse({ description: 'week is not a Friday' })
  @ApiNotFoundResponse({ description: 'no snapshot is stored for that week' })
  movers(@Query('week') week?: string): Promise<MoversResponse> {
    return this.scoreboardService.movers(week);
  }
}
