/**
 * Validation of feed rows against contract v1. Each validator turns one raw row into a warehouse
 * row or a reason; nothing is dropped silently: the caller quarantines every reason with the raw
 * text. Persian/Arabic digits and stray whitespace are normalised, not rejected.
 */
import { SERVICE_STAGES, type Dataset, type ServiceStage, isIsoDay, toAsciiDigits } from '@hamgam/shared';

export interface ValidationContext {
  /** The agency the source speaks for: a feed may only report its own services. */
  agencyId: string;
  /** Service ids of that agency known to the warehouse (after the catalogue is loaded). */
  knownServiceIds: ReadonlySet<string>;
  /** Every agency id in the registry. */
  knownAgencyIds: ReadonlySet<string>;
  /** Today in Tehran: no fact may be dated later. */
  today: string;
  runId: string;
}

export type Checked<T> = { ok: true; row: T } | { ok: false; reason: string };

class Invalid extends Error {}

type Raw = Record<string, unknown>;

function normalise(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return toAsciiDigits(value).replace(/[\s\u200c\u200f\u200e]+/g, (ws) => (ws.includes('\u200c') ? '\u200c' : ' ')).trim();
}

function field(raw: Raw, name: string): unknown {
  if (!(name in raw) || raw[name] === null || raw[name] === undefined || raw[name] === '') throw new Invalid(`${name} is missing`);
  return normalise(raw[name]);
}

function text(raw: Raw, name: string): string {
  const v = field(raw, name);
  if (typeof v !== 'string') throw new Invalid(`${name} must be text`);
  return v;
}

function num(raw: Raw, name: string, { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = {}): number {
  const v = field(raw, name);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new Invalid(`${name} must be a number, got ${JSON.stringify(raw[name])}`);
  if (integer && !Number.isInteger(n)) throw new Invalid(`${name} must be a whole number, got ${n}`);
  if (n < min) throw new Invalid(`${name} must be ≥ ${min}, got ${n}`);
  if (n > max) throw new Invalid(`${name} must be ≤ ${max}, got ${n}`);
  return n;
}

const count = (raw: Raw, name: string) => num(raw, name, { integer: true });

function bool(raw: Raw, name: string): boolean {
  const v = field(raw, name);
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Invalid(`${name} must be true or false`);
}

function day(raw: Raw, name: string, ctx: ValidationContext): string {
  const v = text(raw, name);
  if (!isIsoDay(v)) throw new Invalid(`${name} must be a day YYYY-MM-DD, got ${JSON.stringify(raw[name])}`);
  if (v > ctx.today) throw new Invalid(`${name} ${v} is in the future (today in Tehran is ${ctx.today})`);
  return v;
}

function stage(raw: Raw, name: string): ServiceStage {
  const v = text(raw, name);
  if (!(SERVICE_STAGES as readonly string[]).includes(v)) throw new Invalid(`${name} must be one of ${SERVICE_STAGES.join(', ')}, got ${v}`);
  return v as ServiceStage;
}

function ownService(raw: Raw, ctx: ValidationContext): string {
  const id = text(raw, 'serviceId');
  if (!ctx.knownServiceIds.has(id)) throw new Invalid(`serviceId ${id} is not a service of ${ctx.agencyId}`);
  return id;
}

function validateService(raw: Raw, ctx: ValidationContext) {
  const agencyId = text(raw, 'agencyId');
  if (agencyId !== ctx.agencyId) throw new Invalid(`agencyId ${agencyId} is not the agency of this feed (${ctx.agencyId})`);
  return {
    service_id: text(raw, 'serviceId'),
    agency_id: agencyId,
    name_fa: text(raw, 'nameFa'),
    name_en: text(raw, 'nameEn'),
    is_key: bool(raw, 'isKey'),
    stage: stage(raw, 'stage'),
    uses_national_sso: bool(raw, 'usesNationalSso'),
    uses_exchange: bool(raw, 'usesExchange'),
    updated_at: new Date().toISOString(),
    run_id: ctx.runId,
  };
}

function validateServiceMetric(raw: Raw, ctx: ValidationContext) {
  const requests = count(raw, 'requests');
  const completed = count(raw, 'completed');
  const failed = count(raw, 'failed');
  if (completed + failed > requests) throw new Invalid(`completed + failed (${completed + failed}) exceed requests (${requests})`);
  const p50 = num(raw, 'latencyP50Ms');
  const p95 = num(raw, 'latencyP95Ms');
  if (p95 < p50) throw new Invalid(`latencyP95Ms (${p95}) is below latencyP50Ms (${p50})`);
  const satisfactionCount = count(raw, 'satisfactionCount');
  const satisfactionSum = num(raw, 'satisfactionSum');
  if (satisfactionSum < satisfactionCount || satisfactionSum > 5 * satisfactionCount)
    throw new Invalid(`satisfactionSum (${satisfactionSum}) is not between 1× and 5× satisfactionCount (${satisfactionCount})`);
  return {
    date: day(raw, 'date', ctx),
    service_id: ownService(raw, ctx),
    agency_id: ctx.agencyId,
    requests,
    completed,
    failed,
    availability_pct: num(raw, 'availabilityPct', { max: 100 }),
    latency_p50_ms: p50,
    latency_p95_ms: p95,
    satisfaction_sum: satisfactionSum,
    satisfaction_count: satisfactionCount,
    docs_asked: count(raw, 'docsAsked'),
    docs_fetched: count(raw, 'docsFetched'),
    run_id: ctx.runId,
  };
}

function validateExchange(raw: Raw, ctx: ValidationContext) {
  const provider = text(raw, 'providerAgencyId');
  if (provider !== ctx.agencyId) throw new Invalid(`providerAgencyId ${provider} is not the agency of this feed (${ctx.agencyId})`);
  const consumer = text(raw, 'consumerAgencyId');
  if (!ctx.knownAgencyIds.has(consumer)) throw new Invalid(`consumerAgencyId ${consumer} is not a known agency`);
  const calls = count(raw, 'calls');
  const failures = count(raw, 'failures');
  if (failures > calls) throw new Invalid(`failures (${failures}) exceed calls (${calls})`);
  const p50 = num(raw, 'latencyP50Ms');
  const p95 = num(raw, 'latencyP95Ms');
  if (p95 < p50) throw new Invalid(`latencyP95Ms (${p95}) is below latencyP50Ms (${p50})`);
  return {
    date: day(raw, 'date', ctx),
    provider_agency_id: provider,
    consumer_agency_id: consumer,
    data_service: text(raw, 'dataService'),
    calls,
    failures,
    latency_p50_ms: p50,
    latency_p95_ms: p95,
    run_id: ctx.runId,
  };
}

function validateIntegrationEvent(raw: Raw, ctx: ValidationContext, sourceId: string) {
  const occurredAt = text(raw, 'occurredAt');
  const at = Date.parse(occurredAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(occurredAt) || Number.isNaN(at)) throw new Invalid(`occurredAt must be an ISO 8601 time, got ${JSON.stringify(raw.occurredAt)}`);
  if (at > Date.now() + 60_000) throw new Invalid(`occurredAt ${occurredAt} is in the future`);
  return {
    event_id: text(raw, 'eventId'),
    service_id: ownService(raw, ctx),
    agency_id: ctx.agencyId,
    occurred_at: new Date(at).toISOString(),
    from_stage: stage(raw, 'fromStage'),
    to_stage: stage(raw, 'toStage'),
    source_id: sourceId,
    run_id: ctx.runId,
  };
}

export type ValidatedRow<D extends Dataset> = D extends 'services'
  ? ReturnType<typeof validateService>
  : D extends 'service-metrics'
    ? ReturnType<typeof validateServiceMetric>
    : D extends 'exchange'
      ? ReturnType<typeof validateExchange>
      : ReturnType<typeof validateIntegrationEvent>;

export function validateRow<D extends Dataset>(dataset: D, raw: unknown, ctx: ValidationContext, sourceId: string): Checked<ValidatedRow<D>> {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Invalid('row is not an object');
    const r = raw as Raw;
    let row: unknown;
    switch (dataset) {
      case 'services':
        row = validateService(r, ctx);
        break;
      case 'service-metrics':
        row = validateServiceMetric(r, ctx);
        break;
      case 'exchange':
        row = validateExchange(r, ctx);
        break;
      case 'integration-events':
        row = validateIntegrationEvent(r, ctx, sourceId);
        break;
      default:
        throw new Invalid(`unknown dataset ${dataset as string}`);
    }
    return { ok: true, row: row as ValidatedRow<D> };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, reason: err.message };
    throw err;
  }
}

/** The calendar day a validated row is about, for the source's watermark. */
export function rowDay(dataset: Dataset, row: Record<string, unknown>): string | null {
  if (dataset === 'service-metrics' || dataset === 'exchange') return row.date as string;
  return null;
}
