import { BadRequestException, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { AuditService } from '../auth/audit.service.js';
import { type AuthCaller, CurrentCaller, Roles } from '../auth/caller.js';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ScoreboardService } from '../scoreboard/scoreboard.service.js';
import { type ReportLang, scoreboardCsv, scoreboardXlsx } from './weekly-report.js';

const MEDIA = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

@ApiTags('reports')
// Exports of the whole board: not for agency users (their view is their own agency).
@Roles('minister', 'analyst', 'admin')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly scoreboard: ScoreboardService,
    private readonly audit: AuditService,
  ) {}

  @Get('weekly')
  @ApiQuery({ name: 'week', required: false, description: "The week's Friday (YYYY-MM-DD); the latest stored week when absent." })
  @ApiQuery({ name: 'format', required: true, enum: ['csv', 'xlsx'] })
  @ApiQuery({ name: 'lang', required: false, enum: ['fa', 'en'], description: 'Language of headers, names and statuses (default fa).' })
  @ApiProduces(MEDIA.csv, MEDIA.xlsx)
  @ApiBadRequestResponse({ description: 'unknown format or language, or week is not a Friday' })
  @ApiNotFoundResponse({ description: 'no snapshot for that week' })
  async weekly(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Res() res: Response, @Query('week') week?: string, @Query('format') format?: string, @Query('lang') lang = 'fa'): Promise<void> {
    if (format !== 'csv' && format !== 'xlsx') throw new BadRequestException(`format must be csv or xlsx, got "${format ?? ''}"`);
    if (lang !== 'fa' && lang !== 'en') throw new BadRequestException(`lang must be fa or en, got "${lang}"`);
    const board = await this.scoreboard.scoreboard(week);
    const body = format === 'csv' ? scoreboardCsv(board, lang as ReportLang) : await scoreboardXlsx(board, lang as ReportLang);
    await this.audit.byCaller(req, caller, 'report.export', `weekly:${board.week.end}`, { format, lang });
    res.setHeader('content-type', MEDIA[format]);
    res.setHeader('content-disposition', `attachment; filename="hamgam-scoreboard-${board.week.end}-${lang}.${format}"`);
    res.send(body);
  }
}
