import type { Agency } from '@hamgam/shared';

export interface NationalScale {
  agencies: number;
  servicesPerAgency: number;
  weeks: number;
  endDay: string;
  exchangeRows: number;
}
export interface NationalWorld {
  seed: number;
  scale: NationalScale;
  days: number;
  firstDay: string;
  endDay: string;
  agencies: Agency[];
  servicesPerAgency: number;
  pairsOf(agencyIndex: number): number;
  services(agencyIndex: number): Record<string, unknown>[];
  events(agencyIndex: number): { eventId: string; serviceId: string; occurredAt: string; fromStage: string; toStage: string }[];
  metricRowCount(agencyIndex: number, sinceDay?: number): number;
  exchangeRowCount(agencyIndex: number, sinceDay?: number): number;
}
export const FULL_SCALE: Readonly<NationalScale>;
export const TINY_SCALE: Readonly<NationalScale>;
export const METRIC_FIELDS: string[];
export const EXCHANGE_FIELDS: string[];
export const SERVICE_FIELDS: string[];
export const EVENT_FIELDS: string[];
export function mix(seed: number, ...ints: number[]): number;
export function unit(seed: number, ...ints: number[]): number;
export function addDays(iso: string, n: number): string;
export function nationalWorld(opts?: { seed?: number; registry?: Agency[]; scale?: NationalScale }): NationalWorld;
export function stageDays(world: NationalWorld, a: number, s: number): [number, number, number];
export function metricRow(world: NationalWorld, a: number, k: number): (string | number)[];
export function exchangeRow(world: NationalWorld, a: number, k: number): (string | number)[];
export function sinceIndex(world: NationalWorld, since: string | null): number;
export function renderPage(world: NationalWorld, a: number, dataset: string, opts?: { since?: string | null; cursor?: number; limit?: number }): { body: string; rows: number; nextCursor: string | null };
export function worldTotals(world: NationalWorld): { agencies: number; services: number; serviceDaily: number; exchangeDaily: number; integrationEvents: number; weeks: number };
