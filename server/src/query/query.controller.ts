/**
 * The analyst workbench API. Only maps HTTP to the services: the caller, the body, the format asked
 * for by `Accept`, and the response (JSON, or Arrow IPC bytes with the result's facts as headers).
 * The caller is the signed-in user (session cookie or API token); roles are enforced in the services.
 */
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { AuditService } from '../auth/audit.service.js';
import { ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import type { QueryHistoryResponse, QueryResult, QuerySchemaResponse } from '@hamgam/shared';
import { ALL_ROLES, CurrentCaller, Roles, type AuthCaller } from '../auth/caller.js';
import { type QueryInput, QueryService } from './query.service.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** `{ ...facts, "rows": <rows> }` as a stream: the facts' JSON, then the rows' text, then the closing brace. */
function jsonWithRows(facts: object, rows: Readable, rowsBytes: number): StreamableFile {
  const head = Buffer.from(`${JSON.stringify(facts).slice(0, -1)},"rows":`);
  const tail = Buffer.from('}');
  async function* body() {
    yield head;
    for await (const part of rows) yield part as Buffer;
    yield tail;
  }
  return new StreamableFile(Readable.from(body()), { type: 'application/json; charset=utf-8', length: head.length + rowsBytes + tail.length });
}

@ApiTags('query')
// Every signed-in role reaches the service, which refuses (and audits) the roles the workbench is not for.
@Roles(...ALL_ROLES)
@Controller('api/v1/query')
export class QueryController {
  constructor(
    private readonly queries: QueryService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiProduces('application/json', ARROW_STREAM)
  @ApiOkResponse({ description: 'the result: JSON rows with column types, or an Arrow IPC stream when Accept asks for it' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['sql'],
      properties: {
        sql: { type: 'string', description: 'one query statement (SELECT, WITH, VALUES, PIVOT, DESCRIBE/SUMMARIZE of a query, EXPLAIN)' },
        rowLimit: { type: 'integer', minimum: 1, description: 'rows returned at most (default and maximum set by the server); more set truncated' },
        queryId: { type: 'string', format: 'uuid', description: 'chosen by the client, so it can cancel the query while it runs' },
        stream: { type: 'boolean', description: 'Arrow only: start the response while the sandbox still reads a result past 1 MB (x-streamed: true; row count and truncated flag in the last record batch)' },
        dictionaries: { type: 'boolean', description: 'Arrow only: repetitive VARCHAR columns dictionary-encoded, a replacement dictionary before each batch' },
      },
    },
  })
  async run(
    @CurrentCaller() caller: AuthCaller,
    @Headers('accept') accept: string | undefined,
    @Body() body: QueryInput,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QueryResult | StreamableFile> {
    const wantsArrow = (accept ?? '').includes(ARROW_STREAM);
    const run = await this.queries.run(caller, body ?? {}, wantsArrow ? 'arrow' : 'json');
    if (wantsArrow) {
      res.set({
        'content-type': ARROW_STREAM,
        'x-query-id': run.queryId,
        'x-data-version': String(run.dataVersion),
        'x-columns': encodeURIComponent(JSON.stringify(run.columns)),
      });
    }
    if ('streamed' in run) {
      // Sent as the worker writes it: the row count and truncated flag are in the stream's last
      // record batch, not here. A failure later cuts the response off (Nest destroys it).
      res.set('x-streamed', 'true');
      return new StreamableFile(run.arrowStream);
    }
    if (wantsArrow) {
      res.set({ 'x-row-count': String(run.rowCount), 'x-truncated': String(run.truncated), 'x-duration-ms': String(run.durationMs) });
      return run.arrowStream ? new StreamableFile(run.arrowStream, { length: run.arrowBytes }) : new StreamableFile(run.arrow!);
    }
    const { arrow: _bytes, arrowStream: _stream, arrowBytes: _size, rowsJson, rowsJsonBytes, rows, ...facts } = run;
    if (rowsJson) {
      // The same object Nest would serialise, with the rows' text streamed from the worker's file
      // in place of an array of a million values built and stringified here.
      res.set({ 'content-type': 'application/json; charset=utf-8' });
      return jsonWithRows(facts, rowsJson, rowsJsonBytes!);
    }
    return { ...facts, rows: rows ?? [] };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentCaller() caller: AuthCaller, @Param('id') id: string): { queryId: string; cancelled: true } {
    return this.queries.cancel(caller, id);
  }

  @Get('schema')
  @ApiOkResponse({ description: 'the data dictionary: every analysis table and column, typed, described in Persian and English' })
  schema(@CurrentCaller() caller: AuthCaller): Promise<QuerySchemaResponse> {
    return this.queries.schema(caller);
  }

  @Get('history')
  history(@CurrentCaller() caller: AuthCaller, @Query('limit') limit?: string): Promise<QueryHistoryResponse> {
    return this.queries.history(caller, limit);
  }

  @Get(':id/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.apache.parquet', ARROW_STREAM)
  async export(
    @Req() req: Request,
    @CurrentCaller() caller: AuthCaller,
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.queries.export(caller, id, format ?? 'csv');
    await this.audit.byCaller(req, caller, 'query.export', id, { format: format ?? 'csv', fileName: file.fileName });
    res.set({ 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"` });
    return new StreamableFile(file.body);
  }
}
