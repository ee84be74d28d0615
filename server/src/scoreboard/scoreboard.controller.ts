import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ScoreboardResponse } from '@hamgam/shared';
import { ScoreboardResponseDto } from './scoreboard.dto.js';
import { ScoreboardService } from './scoreboard.service.js';

@ApiTags('scoreboard')
@Controller('api/v1/scoreboard')
export class ScoreboardController {
  constructor(private readonly scoreboardService: ScoreboardService) {}

  @Get()
  @ApiQuery({ name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." })
  @ApiOkResponse({ type: ScoreboardResponseDto })
  @ApiBadRequestResponse({ description: 'week is not a day or not a Friday' })
  @ApiNotFoundResponse({ description: 'no snapshot is stored for that week (or none yet)' })
  scoreboard(@Query('week') week?: string): Promise<ScoreboardResponse> {
    return this.scoreboardService.scoreboard(week);
  }
}
