import { Controller, Get, UseInterceptors, Param, Query } from '@nestjs/common';
import { AggregateCacheInterceptor } from '../cache/aggregate-cache.interceptor.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AgencyExchangeResponse, ExchangeNetworkResponse, OnceOnlyResponse } from '@hamgam/shared';
import { ExchangeService } from './exchange.service.js';
import { ALL_ROLES, type AuthCaller, CurrentCaller, Roles, agencyScopeOf } from '../auth/caller.js';

const FROM = { name: 'from', required: false, description: 'First day (YYYY-MM-DD); default four weeks before `to`.' };
const TO = { name: 'to', required: false, description: 'Last day (YYYY-MM-DD); default the end of the latest complete week.' };

@ApiTags('exchange')
// Every role; for an agency user the services keep its own pairs in detail and sum the rest.
@Roles(...ALL_ROLES)
@UseInterceptors(AggregateCacheInterceptor)
@Controller('api/v1/exchange')
export class ExchangeController {
  constructor(private readonly exchange: ExchangeService) {}

  @Get('network')
  @ApiQuery(FROM)
  @ApiQuery(TO)
  @ApiQuery({ name: 'sector', required: false, description: 'Keep the pairs that touch this sector.' })
  @ApiOkResponse({ description: 'Agencies as nodes (calls served and made), provider → consumer edges with volume and failures.' })
  @ApiBadRequestResponse({ description: 'bad range or unknown sector' })
  network(@CurrentCaller() caller: AuthCaller, @Query('from') from?: string, @Query('to') to?: string, @Query('sector') sector?: string): Promise<ExchangeNetworkResponse> {
    return this.exchange.network(this.exchange.parseRange(from, to), sector || undefined, agencyScopeOf(caller));
  }

  @Get('agencies/:id')
  @ApiQuery(FROM)
  @ApiQuery(TO)
  @ApiOkResponse({ description: 'What the agency provides and consumes, its once-only trend, and its services still asking citizens for documents.' })
  @ApiNotFoundResponse({ description: 'unknown agency' })
  agency(@CurrentCaller() caller: AuthCaller, @Param('id') id: string, @Query('from') from?: string, @Query('to') to?: string): Promise<AgencyExchangeResponse> {
    return this.exchange.agency(id, this.exchange.parseRange(from, to), agencyScopeOf(caller));
  }

  @Get('once-only')
  @ApiQuery(FROM)
  @ApiQuery(TO)
  @ApiQuery({ name: 'agency', required: false, description: 'One agency; all agencies when absent.' })
  @ApiOkResponse({ description: 'Documents fetched from agencies vs asked of citizens, per week and per service.' })
  onceOnly(@CurrentCaller() caller: AuthCaller, @Query('from') from?: string, @Query('to') to?: string, @Query('agency') agency?: string): Promise<OnceOnlyResponse> {
    return this.exchange.onceOnly(this.exchange.parseRange(from, to), agency || undefined, agencyScopeOf(caller));
  }
}
