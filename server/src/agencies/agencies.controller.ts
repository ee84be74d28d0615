import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AgencyDetailResponse } from '@hamgam/shared';
import { AgenciesService } from './agencies.service.js';

@ApiTags('agencies')
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(private readonly agenciesService: AgenciesService) {}

  @Get(':id')
  @ApiOkResponse({ description: 'The agency, its services and their stages.' })
  @ApiNotFoundResponse({ description: 'unknown agency id' })
  agency(@Param('id') id: string): Promise<AgencyDetailResponse> {
    return this.agenciesService.agency(id);
  }
}
