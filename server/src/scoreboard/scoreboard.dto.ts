/** OpenAPI shapes of the scoreboard response (the TypeScript contract is ScoreboardResponse in shared). */
import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_STATUSES } from '@hamgam/shared';

class WeekRefDto {
  @ApiProperty({ example: '2026-11-21', description: 'Saturday' }) start!: string;
  @ApiProperty({ example: '2026-11-27', description: 'Friday: the week is named by it' }) end!: string;
  @ApiProperty({ example: 'هفته منتهی به ۶ آذر ۱۴۰۵' }) labelFa!: string;
  @ApiProperty({ example: 'Week ending 27 Nov 2026' }) labelEn!: string;
}

class SummaryDto {
  @ApiProperty() joined!: number;
  @ApiProperty() onTrack!: number;
  @ApiProperty() lagging!: number;
  @ApiProperty() notStarted!: number;
  @ApiProperty() silent!: number;
}

class ComponentsDto {
  @ApiProperty({ minimum: 0, maximum: 100 }) coverage!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) identity!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) exchange!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) reliability!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) experience!: number;
}

class ScoreboardRowDto {
  @ApiProperty({ example: 'ncr' }) agencyId!: string;
  @ApiProperty() nameFa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() sector!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) index!: number;
  @ApiProperty({ enum: AGENCY_STATUSES }) status!: string;
  @ApiProperty({ type: ComponentsDto }) components!: ComponentsDto;
  @ApiProperty({ description: 'coverage expected on the trajectory to the deadline' }) expectedCoverage!: number;
  @ApiProperty() servicesLive!: number;
  @ApiProperty() servicesTotal!: number;
  @ApiProperty({ nullable: true, description: "last week's rank" }) previousRank!: number | null;
  @ApiProperty({ nullable: true, enum: AGENCY_STATUSES, description: "last week's status" }) previousStatus!: string | null;
  @ApiProperty({ nullable: true, description: 'previousRank − rank: positive when the agency climbed' }) rankChange!: number | null;
  @ApiProperty({ nullable: true }) indexChange!: number | null;
  @ApiProperty({ description: "open disputes the agency raised on this week's figures; the figures are unchanged by them" }) openDisputes!: number;
  @ApiProperty({ type: [String], description: 'figures under open dispute: index or a component name' }) disputedFigures!: string[];
}

export class ScoreboardResponseDto {
  @ApiProperty({ type: WeekRefDto }) week!: WeekRefDto;
  @ApiProperty({ example: '1.0.0' }) methodologyVersion!: string;
  @ApiProperty() computedAt!: string;
  @ApiProperty({ type: SummaryDto }) summary!: SummaryDto;
  @ApiProperty({ type: [ScoreboardRowDto] }) rows!: ScoreboardRowDto[];
}
