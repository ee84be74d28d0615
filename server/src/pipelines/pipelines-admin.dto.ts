/** OpenAPI shapes of the pipelines admin responses (the TypeScript contract is in shared/api.ts). */
import { ApiProperty } from '@nestjs/swagger';
import { DATASETS, FRESHNESS_STATUSES, PIPELINE_RUN_STATUSES } from '@hamgam/shared';

class PipelineRunDto {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ example: 'ncr:service-metrics' }) sourceId!: string;
  @ApiProperty({ example: 'ncr' }) agencyId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the agency is no longer registered' }) nameFa!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameEn!: string | null;
  @ApiProperty({ enum: DATASETS }) dataset!: string;
  @ApiProperty({ example: '2026-11-28T06:30:00.000Z' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ enum: PIPELINE_RUN_STATUSES }) status!: string;
  @ApiProperty({ description: 'received = loaded + rejected + duplicate' }) received!: number;
  @ApiProperty() loaded!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() duplicate!: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-27' }) watermarkBefore!: string | null;
  @ApiProperty({ type: String, nullable: true }) watermarkAfter!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why a failed run failed' }) error!: string | null;
}

export class PipelineRunsResponseDto {
  @ApiProperty({ type: [PipelineRunDto], description: 'newest first' }) runs!: PipelineRunDto[];
  @ApiProperty() limit!: number;
}

class RejectedRowDto {
  @ApiProperty() rejectId!: number;
  @ApiProperty() runId!: string;
  @ApiProperty() sourceId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ type: String, nullable: true }) nameFa!: string | null;
  @ApiProperty({ type: String, nullable: true }) nameEn!: string | null;
  @ApiProperty({ enum: DATASETS }) dataset!: string;
  @ApiProperty({ description: '1-based position in the batch the run received' }) rowNumber!: number;
  @ApiProperty({ example: 'requests: must be a whole number ≥ 0' }) reason!: string;
  @ApiProperty({ description: 'the row as received (JSON text)' }) raw!: string;
  @ApiProperty() rejectedAt!: string;
}

export class RejectedRowsResponseDto {
  @ApiProperty({ type: [RejectedRowDto], description: 'newest first' }) rejects!: RejectedRowDto[];
  @ApiProperty() limit!: number;
}

class PipelineSourceDto {
  @ApiProperty() sourceId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: DATASETS }) dataset!: string;
  @ApiProperty({ example: 'json' }) format!: string;
  @ApiProperty({ example: '0 */15 * * * *', description: 'cron, six fields, Asia/Tehran' }) schedule!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'last day fully loaded' }) watermark!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastRunId!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'set while the latest run failed' }) lastError!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null when not tracked' }) consecutiveFailures!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'circuit breaker state; null when not tracked' }) breakerState!: string | null;
}

class AgencyFreshnessDto {
  @ApiProperty() agencyId!: string;
  @ApiProperty() nameFa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-27', description: 'last day of daily metrics stored' }) lastDataDay!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'days from lastDataDay to today in Tehran' }) daysBehind!: number | null;
  @ApiProperty({ enum: FRESHNESS_STATUSES }) status!: string;
  @ApiProperty({ description: 'no data for more than silentAfterDays, or never' }) silent!: boolean;
  @ApiProperty({ type: String, nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() sources!: number;
  @ApiProperty() failingSources!: number;
}

class DailyReportingDto {
  @ApiProperty({ example: '2026-11-27' }) day!: string;
  @ApiProperty({ description: 'agencies that sent daily metrics for the day' }) agencies!: number;
  @ApiProperty({ description: 'daily metric rows stored for the day' }) rows!: number;
}

export class PipelineSourcesResponseDto {
  @ApiProperty({ example: '2026-11-28', description: 'today in Tehran' }) today!: string;
  @ApiProperty({ example: 7 }) silentAfterDays!: number;
  @ApiProperty({ type: [AgencyFreshnessDto], description: 'worst first' }) agencies!: AgencyFreshnessDto[];
  @ApiProperty({ type: [PipelineSourceDto] }) sources!: PipelineSourceDto[];
  @ApiProperty({ type: [DailyReportingDto], description: 'the last 30 days up to today, oldest first' }) daily!: DailyReportingDto[];
}
