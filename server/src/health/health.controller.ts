import { Public } from '../auth/caller.js';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@hamgam/shared';
import { type Warehouse, migrationStatus } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  @Get()
  @ApiOkResponse({ description: 'The warehouse is open and every migration is applied.' })
  async health(): Promise<HealthResponse> {
    const status = await migrationStatus(this.warehouse.db);
    const body: HealthResponse = {
      status: 'ok',
      warehouse: { open: true, migrations: status.applied, pending: status.pending.length },
    };
    if (status.pending.length > 0) throw new ServiceUnavailableException({ ...body, status: 'migrations pending' });
    return body;
  }
}
