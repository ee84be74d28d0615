/**
 * Dated rows drawn from the plan: daily service metrics, daily exchange and integration events.
 * Each service and each exchange pair has its own random stream, so an agency's rows are the same
 * whether it is generated first, last or alone. The streams are read day by day from programme
 * start, so a generator can stop at any day and carry on later: the rows of a day never depend on
 * how far the world had been generated before (see `AgencyRows`).
 */
import {
  addDays,
  daysBetween,
  iranWeekday,
  isNowruzHoliday,
  toJalali,
  type Agency,
  type FeedExchange,
  type FeedIntegrationEvent,
  type FeedServiceMetric,
} from '@hamgam/shared';
import { between, chance, intBetween, shuffled, streamFor, type Random } from './prng.js';
import { PROGRAMME_START, type AgencyPlan, type ServicePlan } from './world-plan.js';

export interface DayInfo {
  date: string;
  /** Demand relative to an ordinary working day: weekends and Nowruz pull it down. */
  demand: number;
  /** Years since programme start: usage grows slowly with the population online. */
  years: number;
}

const THURSDAY = 5;
const FRIDAY = 6;

/** Weekend and holiday shape of demand; Nowruz runs past its four official days until Sizdah Bedar. */
export function demandOf(date: string): number {
  let demand = 1;
  const weekday = iranWeekday(date);
  if (weekday === FRIDAY) demand = 0.35;
  else if (weekday === THURSDAY) demand = 0.7;
  else if (weekday === 0) demand = 1.08; // Saturday catches up on the weekend
  if (isNowruzHoliday(date)) return demand * 0.12;
  const j = toJalali(date);
  if (j.month === 1 && j.day <= 13) return demand * 0.55;
  return demand;
}

const DAYS: DayInfo[] = [];

/** Day `index` of the programme (0 is programme start), computed once per process: the calendar is slow. */
export function dayInfo(index: number): DayInfo {
  let day = DAYS[index];
  if (!day) {
    const date = addDays(PROGRAMME_START, index);
    day = DAYS[index] = { date, demand: demandOf(date), years: index / 365 };
  }
  return day;
}

/** Days since programme start of the first day not served, given the last day the world has reached. */
function servedEnd(lastDay: string, silentFrom: string | null): number {
  const end = Math.max(0, daysBetween(PROGRAMME_START, lastDay) + 1);
  return silentFrom ? Math.max(0, Math.min(end, daysBetween(PROGRAMME_START, silentFrom))) : end;
}

/** Requests of a typical working day at programme start, by how busy the service is (1–5). */
const BASE_REQUESTS = [0, 40, 150, 500, 1500, 4000];

interface ServiceModel {
  plan: ServicePlan;
  rand: Random;
  base: number;
  completionRate: number;
  failShare: number;
  availability: number;
  p50: number;
  p95Factor: number;
  satisfaction: number;
  ratingRate: number;
  docsPerRequest: number;
  fetchedShareLive: number;
  liveIndex: number;
}

function serviceModel(seed: number, plan: AgencyPlan, s: ServicePlan): ServiceModel {
  const rand = streamFor(seed, s.service.serviceId, 'metrics');
  return {
    plan: s,
    rand,
    base: plan.scale * BASE_REQUESTS[s.volume] * between(rand, 0.6, 1.5),
    completionRate: between(rand, 0.8, 0.94),
    failShare: between(rand, 0.2, 0.6),
    availability: between(rand, 98.6, 99.7),
    p50: between(rand, 180, 750),
    p95Factor: between(rand, 2.2, 3.8),
    satisfaction: between(rand, 3.0, 4.1),
    ratingRate: between(rand, 0.02, 0.08),
    docsPerRequest: s.docs ? between(rand, 0.8, 2.2) : between(rand, 0, 0.2),
    fetchedShareLive: s.service.usesExchange ? between(rand, 0.6, 0.95) : between(rand, 0.03, 0.12),
    liveIndex: s.liveFrom ? daysBetween(PROGRAMME_START, s.liveFrom) : Number.POSITIVE_INFINITY,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** One service's day. Being on the national window brings traffic, reliability and once-only documents. */
function metricRow(m: ServiceModel, day: DayInfo, index: number): FeedServiceMetric {
  const r = m.rand;
  const daysLive = index - m.liveIndex;
  const live = daysLive >= 0;
  // Effects of going live ramp in over a couple of months rather than overnight.
  const ramp = live ? Math.min(1, (daysLive + 1) / 60) : 0;
  const growth = 1 + 0.22 * day.years;
  const requests = Math.max(0, Math.round(m.base * day.demand * growth * (1 + 0.25 * ramp) * between(r, 0.88, 1.12)));
  const completed = Math.round(requests * Math.min(0.99, m.completionRate + 0.04 * ramp + between(r, -0.02, 0.02)));
  const failed = Math.round((requests - completed) * m.failShare);

  const outage = chance(r, 0.01);
  const availabilityMean = m.availability + 0.28 * ramp;
  const availabilityPct = round2(Math.min(100, Math.max(95, outage ? between(r, 95, 98.5) : availabilityMean + between(r, -0.3, 0.25))));

  const load = 0.85 + 0.15 * day.demand;
  const latencyP50Ms = Math.round(m.p50 * (1 - 0.2 * ramp) * load * between(r, 0.9, 1.15));
  const latencyP95Ms = Math.max(latencyP50Ms, Math.round(latencyP50Ms * m.p95Factor * between(r, 0.9, 1.2) * (outage ? 1.8 : 1)));

  const satisfactionCount = Math.round(completed * m.ratingRate);
  const meanRating = Math.min(5, Math.max(1, m.satisfaction + 0.35 * ramp + between(r, -0.15, 0.15)));
  const satisfactionSum = Math.min(5 * satisfactionCount, Math.max(satisfactionCount, Math.round(satisfactionCount * meanRating)));

  const docs = Math.round(requests * m.docsPerRequest);
  const fetchedShare = 0.02 + (m.fetchedShareLive - 0.02) * (live ? Math.min(1, (daysLive + 1) / 90) : 0);
  const docsFetched = Math.round(docs * fetchedShare);

  return {
    date: day.date,
    serviceId: m.plan.service.serviceId,
    requests,
    completed,
    failed,
    availabilityPct,
    latencyP50Ms,
    latencyP95Ms,
    satisfactionSum,
    satisfactionCount,
    docsAsked: docs - docsFetched,
    docsFetched,
  };
}

/** Every service, whatever its stage, for served days: ordered by date, then service id. */
function metricModels(seed: number, plan: AgencyPlan): ServiceModel[] {
  return [...plan.services].sort((a, b) => (a.service.serviceId < b.service.serviceId ? -1 : 1)).map((s) => serviceModel(seed, plan, s));
}

/** Integration events of the whole plan, ordered by time then id; the feed serves a prefix of them. */
function plannedEvents(plan: AgencyPlan): FeedIntegrationEvent[] {
  const rows: FeedIntegrationEvent[] = [];
  for (const s of plan.services) {
    for (const c of s.changes) {
      rows.push({
        eventId: `${s.service.serviceId}:${c.to}`,
        serviceId: s.service.serviceId,
        occurredAt: `${c.day}T${c.time}:00+03:30`,
        fromStage: c.from,
        toStage: c.to,
      });
    }
  }
  return rows.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.eventId < b.eventId ? -1 : 1));
}

/** A data service one agency provides to others, with its typical daily calls per consumer. */
interface ProviderDefinition {
  provider: string;
  dataService: string;
  /** null: a random share of the registry consumes it. */
  consumers: string[] | null;
  callsPerDay: [number, number];
}

const PROVIDERS: ProviderDefinition[] = [
  { provider: 'ncr', dataService: 'استعلام هویت', consumers: null, callsPerDay: [1500, 12000] },
  { provider: 'dpr', dataService: 'استعلام سند مالکیت', consumers: ['inta', 'cbi', 'tehran', 'nlho', 'moj', 'mefa', 'mrud'], callsPerDay: [200, 2500] },
  { provider: 'inta', dataService: 'استعلام مفاصاحساب مالیاتی', consumers: ['dpr', 'mimt', 'irica', 'cbi', 'aro', 'tehran'], callsPerDay: [150, 2000] },
  { provider: 'sso', dataService: 'استعلام سابقه بیمه', consumers: ['mcls', 'inta', 'cbi', 'ihio', 'cspf', 'aro', 'ikrf', 'tso'], callsPerDay: [300, 4000] },
  { provider: 'post', dataService: 'استعلام کد پستی', consumers: ['ncr', 'inta', 'tehran', 'tavanir', 'abfa', 'nigc', 'cbi', 'dpr'], callsPerDay: [400, 5000] },
  { provider: 'ihio', dataService: 'استعلام پوشش بیمه سلامت', consumers: ['mohme', 'fda', 'swo', 'ikrf', 'sso'], callsPerDay: [200, 3000] },
  { provider: 'nezam', dataService: 'استعلام وضعیت نظام وظیفه', consumers: ['msrt', 'aro', 'moi', 'mfa', 'traffic'], callsPerDay: [50, 800] },
];

export interface ExchangePair {
  provider: string;
  consumer: string;
  dataService: string;
  start: string;
  callsPerDay: number;
  failureRate: number;
  p50: number;
}

/**
 * The sparse network of provider → consumer pairs. Each pair starts on its own day, somewhere
 * before the plan's anchor day (a fixed day: see `PLAN_WEEK`), and is served by the provider's feed
 * from then on.
 */
export function exchangePairs(seed: number, agencies: readonly Agency[], anchorDay: string): ExchangePair[] {
  const known = new Set(agencies.map((a) => a.agencyId));
  const span = Math.max(1, daysBetween(PROGRAMME_START, anchorDay));
  const pairs: ExchangePair[] = [];
  for (const def of PROVIDERS) {
    if (!known.has(def.provider)) continue;
    const rand = streamFor(seed, 'exchange', def.provider, def.dataService);
    const everyoneElse = agencies.map((a) => a.agencyId).filter((id) => id !== def.provider);
    const consumers = def.consumers ?? shuffled(rand, everyoneElse).slice(0, Math.min(everyoneElse.length, intBetween(rand, 18, 26)));
    for (const consumer of [...consumers].sort()) {
      if (!known.has(consumer) || consumer === def.provider) continue;
      pairs.push({
        provider: def.provider,
        consumer,
        dataService: def.dataService,
        start: addDays(PROGRAMME_START, Math.round(between(rand, 0.03, 0.85) * span)),
        callsPerDay: between(rand, def.callsPerDay[0], def.callsPerDay[1]),
        failureRate: between(rand, 0.002, 0.03),
        p50: between(rand, 40, 350),
      });
    }
  }
  return pairs;
}

interface PairStream {
  p: ExchangePair;
  rand: Random;
  startIndex: number;
}

function exchangeRow(day: DayInfo, index: number, { p, rand, startIndex }: PairStream): FeedExchange {
  // Machine-to-machine calls follow citizens' demand and grow as consumers put more services online.
  const ramp = Math.min(1, (index - startIndex + 1) / 45);
  const calls = Math.max(0, Math.round(p.callsPerDay * day.demand * (0.3 + 0.7 * ramp) * (1 + 0.3 * day.years) * between(rand, 0.85, 1.15)));
  const failures = Math.min(calls, Math.round(calls * p.failureRate * between(rand, 0.5, 1.6)));
  const latencyP50Ms = Math.round(p.p50 * between(rand, 0.85, 1.2));
  return {
    date: day.date,
    providerAgencyId: p.provider,
    consumerAgencyId: p.consumer,
    dataService: p.dataService,
    calls,
    failures,
    latencyP50Ms,
    latencyP95Ms: Math.round(latencyP50Ms * between(rand, 2, 3.5)),
  };
}

/**
 * One agency's dated rows, generated up to a last day and extended in place when the day moves on.
 * Rows are only ever appended (every dataset is ordered by day first), so positions, and with them
 * the feed's cursors, stay valid as the world grows. A day's rows are the same whatever day the
 * generation started or stopped at: the random streams are read in day order from programme start.
 */
export class AgencyRows {
  readonly metrics: FeedServiceMetric[] = [];
  readonly exchange: FeedExchange[] = [];
  readonly events: FeedIntegrationEvent[] = [];
  /** The last day the rows have been generated to (before programme start: nothing yet). */
  lastDay: string = addDays(PROGRAMME_START, -1);
  private next = 0;
  private readonly models: ServiceModel[];
  private readonly pairs: PairStream[];
  private readonly planned: FeedIntegrationEvent[];

  constructor(
    seed: number,
    readonly plan: AgencyPlan,
    pairs: readonly ExchangePair[],
  ) {
    this.models = metricModels(seed, plan);
    this.pairs = pairs
      .filter((p) => p.provider === plan.agency.agencyId)
      .sort((a, b) => (a.consumer + a.dataService < b.consumer + b.dataService ? -1 : 1))
      .map((p) => ({ p, rand: streamFor(seed, 'exchange-rows', p.provider, p.consumer, p.dataService), startIndex: daysBetween(PROGRAMME_START, p.start) }));
    this.planned = plannedEvents(plan);
  }

  /** Generates every served day up to `lastDay`; a day already reached is left as it is. */
  extendTo(lastDay: string): void {
    if (lastDay <= this.lastDay) return;
    this.lastDay = lastDay;
    const end = servedEnd(lastDay, this.plan.silentFrom);
    for (let i = this.next; i < end; i++) {
      const day = dayInfo(i);
      for (const m of this.models) this.metrics.push(metricRow(m, day, i));
      for (const pair of this.pairs) if (i >= pair.startIndex) this.exchange.push(exchangeRow(day, i, pair));
    }
    this.next = Math.max(this.next, end);
    // Events up to the last served day: the day before silence, or `lastDay`.
    const cutoff = this.plan.silentFrom && this.plan.silentFrom <= lastDay ? addDays(this.plan.silentFrom, -1) : lastDay;
    while (this.events.length < this.planned.length && this.planned[this.events.length].occurredAt.slice(0, 10) <= cutoff) {
      this.events.push(this.planned[this.events.length]);
    }
  }
}
