/** Public API response shapes (`/api/v1`). Additive changes only. */
import type { Agency, AgencyStatus, Components, Service } from './domain.js';

export interface WeekRef {
  start: string; // Saturday, YYYY-MM-DD
  end: string; // Friday, YYYY-MM-DD — the week's name
  labelFa: string; // «هفته منتهی به ۷ آذر ۱۴۰۵»
  labelEn: string; // "Week ending 28 Nov 2026"
}

export interface ScoreboardRow {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  kind: string;
  sector: string;
  rank: number;
  index: number; // 0–100, one decimal
  status: AgencyStatus;
  components: Components;
  expectedCoverage: number;
  servicesLive: number;
  servicesTotal: number;
}

export interface ScoreboardSummary {
  joined: number;
  onTrack: number;
  lagging: number;
  notStarted: number;
  silent: number;
}

export interface ScoreboardResponse {
  week: WeekRef;
  methodologyVersion: string;
  computedAt: string;
  summary: ScoreboardSummary;
  rows: ScoreboardRow[];
}

export interface AgencyDetailResponse {
  agency: Agency;
  services: Service[];
}

export interface HealthResponse {
  status: 'ok';
  warehouse: { open: boolean; migrations: string[]; pending: number };
}
