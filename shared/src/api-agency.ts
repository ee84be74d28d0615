/** The agency's own view (`/api/v1/agencies/:id/...`) and annotations (`/api/v1/annotations`). */
import type { AgencyStatus, Components, ServiceStage } from './domain.js';
import type { ComponentImprovement } from './improvements.js';
import type { WeekRef } from './api.js';

/** `GET /api/v1/agencies/:id/improvements?week=`: what it would take to improve each component. */
export interface AgencyImprovementsResponse {
  week: WeekRef;
  agencyId: string;
  methodologyVersion: string;
  index: number;
  /** One entry per to-do list; reliability has two (availability, latency). */
  components: ComponentImprovement[];
}

/** `GET /api/v1/agencies/:id/sector-median?week=`: the agency beside its sector's median, no one else named. */
export interface SectorMedianResponse {
  week: WeekRef;
  agencyId: string;
  sector: string;
  /** Agencies of the sector in the week's snapshot, this one included. */
  agencies: number;
  /** Fewer than this many and the median is withheld: it would give away another agency's figures. */
  minAgencies: number;
  agency: { index: number } & Components;
  /** Null when the sector has fewer than minAgencies agencies. */
  median: ({ index: number } & Components) | null;
  /** The median over every agency that week, and how many: a comparison even for a small sector. */
  national: { agencies: number; median: { index: number } & Components };
}

export interface AgencyTrendPoint {
  week: WeekRef;
  index: number;
  rank: number;
  /** Agencies ranked that week. */
  agencies: number;
  status: AgencyStatus;
  coverage: number;
  expectedCoverage: number;
}

export interface StageChange {
  serviceId: string;
  nameFa: string;
  nameEn: string;
  occurredAt: string;
  fromStage: ServiceStage | null;
  toStage: ServiceStage;
}

/** `GET /api/v1/agencies/:id/trend`: index and rank over the weeks, and the trajectory to the deadline. */
export interface AgencyTrendResponse {
  agencyId: string;
  programmeStart: string;
  /** The agency's own deadline, or the national one. */
  deadline: string;
  /** Days from the latest week's end to the deadline (negative once past). */
  daysLeft: number;
  points: AgencyTrendPoint[]; // oldest first
  /** Every stage change of the agency's services, newest first. */
  stageChanges: StageChange[];
}

export const ANNOTATION_FIGURES = ['index', 'coverage', 'identity', 'exchange', 'reliability', 'experience'] as const;
export type AnnotationFigure = (typeof ANNOTATION_FIGURES)[number];
export const ANNOTATION_KINDS = ['note', 'dispute'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];
/** `withdrawn`: taken back by its agency while it was open (it then counts as no dispute). */
export const ANNOTATION_STATUSES = ['open', 'resolved', 'withdrawn'] as const;
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

/** A note or dispute an agency attached to one of its week's figures. It never changes the figure. */
export interface Annotation {
  id: string;
  agencyId: string;
  nameFa: string;
  nameEn: string;
  /** The week's Friday. */
  week: string;
  figure: AnnotationFigure;
  kind: AnnotationKind;
  text: string;
  status: AnnotationStatus;
  createdBy: string;
  createdAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
}

/** `POST /api/v1/annotations` body. */
export interface CreateAnnotationRequest {
  agencyId: string;
  week: string;
  figure: AnnotationFigure;
  kind: AnnotationKind;
  text: string;
}

export interface AnnotationsResponse {
  annotations: Annotation[];
}

