/**
 * The analyst workbench API. Only maps HTTP to the services: the caller, the body, the format asked
 * for by `Accept`, and the response (JSON, or Arrow IPC bytes with the result's facts as headers).
 *
 * TEMPORARY: there is no sign-in yet. The caller comes from the `x-hamgam-user` header
 * (`<role>[:<userId>]`, default `analyst`; see dev-caller.ts) until the auth issue replaces it
 * with the session's user. Roles are enforced in the services, so that change is local to here.
 */
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { QueryHistoryResponse, QueryResult, QuerySchemaResponse } from '@hamgam/shared';
import { DEV_CALLER_HEADER, devCaller } from './dev-caller.js';
import { type QueryInput, QueryService } from './query.service.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

@ApiTags('query')
@ApiHeader({ name: DEV_CALLER_HEADER, required: false, description: 'TEMPORARY development caller, `<role>[:<userId>]`, until sign-in exists' })
@Controller('api/v1/query')
export class QueryController {
  constructor(private readonly queries: QueryService) {}

  @Post()
  @HttpCode(200)
  @ApiProduces('application/json', ARROW_STREAM)
  @ApiOkResponse({ description: 'the result: JSON rows with column types, or an Arrow IPC stream when Accept asks for it' })
  async run(
    @Headers(DEV_CALLER_HEADER) user: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Body() body: QueryInput,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QueryResult | StreamableFile> {
    const wantsArrow = (accept ?? '').includes(ARROW_STREAM);
    const run = await this.queries.run(devCaller(user), body ?? {}, wantsArrow ? 'arrow' : 'json');
    if (wantsArrow) {
      res.set({
        'content-type': ARROW_STREAM,
        'x-query-id': run.queryId,
        'x-row-count': String(run.rowCount),
        'x-truncated': String(run.truncated),
        'x-duration-ms': String(run.durationMs),
        'x-data-version': String(run.dataVersion),
        'x-columns': encodeURIComponent(JSON.stringify(run.columns)),
      });
      return new StreamableFile(run.arrow!);
    }
    const { arrow: _bytes, rows, ...facts } = run;
    return { ...facts, rows: rows ?? [] };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Headers(DEV_CALLER_HEADER) user: string | undefined, @Param('id') id: string): { queryId: string; cancelled: true } {
    return this.queries.cancel(devCaller(user), id);
  }

  @Get('schema')
  @ApiOkResponse({ description: 'the data dictionary: every analysis table and column, typed, described in Persian and English' })
  schema(@Headers(DEV_CALLER_HEADER) user: string | undefined): Promise<QuerySchemaResponse> {
    return this.queries.schema(devCaller(user));
  }

  @Get('history')
  history(@Headers(DEV_CALLER_HEADER) user: string | undefined, @Query('limit') limit?: string): Promise<QueryHistoryResponse> {
    return this.queries.history(devCaller(user), limit);
  }

  @Get(':id/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.apache.parquet', ARROW_STREAM)
  async export(
    @Headers(DEV_CALLER_HEADER) user: string | undefined,
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.queries.export(devCaller(user), id, format ?? 'csv');
    res.set({ 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"` });
    return new StreamableFile(file.body);
  }
}
