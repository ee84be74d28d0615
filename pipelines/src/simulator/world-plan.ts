/**
 * The plan of the simulated world: which profile each agency follows, its services and the day
 * each service changes stage, over the whole programme and beyond. Rows (metrics, exchange,
 * events) are drawn later from this plan, day by day, as the clock reaches them.
 *
 * The plan never depends on the day the simulator runs: it is a function of the seed and the
 * registry alone, so a row served for a complete day is the same whenever it is asked for. It is
 * tuned on one fixed calendar week, `PLAN_WEEK`: each agency's live set there is checked with the
 * methodology's own `scoreAgencyWeek`, so that week's scoreboard shows every status. Before it,
 * services went live along each profile's history; after it, each profile carries on (on-track
 * agencies keep pace with the line and join, laggards creep, some late starters start, silent
 * agencies stay silent), so the scoreboard keeps moving as the clock runs.
 */
import {
  METHODOLOGY_V1,
  addDays,
  daysBetween,
  scoreAgencyWeek,
  type Agency,
  type AgencyStatus,
  type AgencyWeekFacts,
  expectedCoverage,
  type FeedService,
  type IranWeek,
  type ServiceStage,
} from '@hamgam/shared';
import { between, chance, intBetween, shuffled, streamFor, type Random } from './prng.js';
import { serviceTemplatesFor, slugify, type ServiceTemplate } from './service-templates.js';

export const PROGRAMME_START = METHODOLOGY_V1.programmeStart;

/**
 * The week the profiles are tuned for: Saturday 21 – Friday 27 November 2026 (1–7 Azar 1405). A
 * fixed calendar point, the same for every seed and every day the simulator runs on, so the past
 * never re-plans; its scoreboard shows every status in the shares of `PROFILE_SHARES`.
 */
export const PLAN_WEEK: IranWeek = { start: '2026-11-21', end: '2026-11-27' };

export type AgencyProfile = 'joined' | 'on_track' | 'lagging' | 'not_started' | 'silent';

/** Shares of the registry aimed at; lagging takes whatever the others leave. */
export const PROFILE_SHARES: Readonly<Record<Exclude<AgencyProfile, 'lagging'>, number>> = {
  joined: 0.25,
  on_track: 0.25,
  not_started: 0.1,
  silent: 0.1,
};

/** Agencies that serve data to others: a silent or idle provider would make the demo implausible. */
export const CORE_PROVIDERS: ReadonlySet<string> = new Set(['ncr', 'dpr', 'inta', 'sso', 'post']);

export interface StageChange {
  day: string;
  /** HH:MM, Tehran local time, during office hours. */
  time: string;
  from: ServiceStage;
  to: ServiceStage;
}

export interface ServicePlan {
  /** The catalogue row; `stage` is the stage at the end of `PLAN_WEEK` (the feed serves `stageOn`). */
  service: FeedService;
  volume: number;
  docs: boolean;
  /** Every stage change of the plan, past and future, in order; the feed serves those up to its last day. */
  changes: StageChange[];
  /** The day the service goes live, possibly after `PLAN_WEEK`; null when the plan never takes it live. */
  liveFrom: string | null;
}

export interface AgencyPlan {
  agency: Agency;
  /** The status the agency shows on `PLAN_WEEK`. */
  profile: AgencyProfile;
  /**
   * The first day the agency's feed has no rows, for good: before `PLAN_WEEK` for a silent agency,
   * after it for the few others that fall silent later; null for the rest.
   */
  silentFrom: string | null;
  /** How busy the agency is: multiplies every service's requests. */
  scale: number;
  services: ServicePlan[];
}

type ProgressProfile = Exclude<AgencyProfile, 'silent'>;

/** Which services are live on the anchor day; keys are the first `keys` of `n` (busiest first). */
interface Shape {
  templates: ServiceTemplate[];
  keys: number;
  live: boolean[];
}

const STAGE_ORDER: ServiceStage[] = ['not_started', 'developing', 'testing', 'live'];

/** The service's stage at the end of `day`. */
export function stageOn(plan: ServicePlan, day: string): ServiceStage {
  let stage: ServiceStage = 'not_started';
  for (const c of plan.changes) {
    if (c.day > day) break;
    stage = c.to;
  }
  return stage;
}

/** The status the methodology gives an agency whose only known facts are which services are live. */
function statusOf(agency: Agency, shape: Shape, weekEnd: string): AgencyStatus {
  const n = shape.templates.length;
  const servicesLive = shape.live.filter(Boolean).length;
  const keyLive = shape.live.slice(0, shape.keys).filter(Boolean).length;
  const facts: AgencyWeekFacts = {
    agencyId: agency.agencyId,
    deadline: agency.deadline,
    servicesTotal: n,
    servicesLive,
    keyTotal: shape.keys,
    keyLive,
    liveWithSso: 0,
    metricDays: 7,
    requests: 0,
    completed: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
    docsAsked: 0,
    docsFetched: 0,
    availabilityPct: null,
    latencyP95Ms: null,
    exchangeCallsServed: 0,
  };
  return scoreAgencyWeek(METHODOLOGY_V1, facts, weekEnd).status;
}

/** Draws n services, favouring busy ones, and orders them busiest first so keys lead. */
function pickTemplates(rand: Random, pool: ServiceTemplate[], n: number): ServiceTemplate[] {
  const remaining = pool.map((t, order) => ({ t, order }));
  const picked: { t: ServiceTemplate; order: number }[] = [];
  while (picked.length < n && remaining.length > 0) {
    const total = remaining.reduce((sum, r) => sum + r.t.volume + 1, 0);
    let x = rand() * total;
    let i = 0;
    for (; i < remaining.length - 1; i++) {
      x -= remaining[i].t.volume + 1;
      if (x < 0) break;
    }
    picked.push(remaining.splice(i, 1)[0]);
  }
  return picked.sort((a, b) => b.t.volume - a.t.volume || a.order - b.order).map((p) => p.t);
}

function shapeFor(profile: ProgressProfile, agency: Agency, templates: ServiceTemplate[], keys: number, weekEnd: string, rand: Random): Shape | null {
  const n = templates.length;
  const shape: Shape = { templates, keys, live: new Array(n).fill(false) };
  const holds = (status: AgencyStatus) => statusOf(agency, shape, weekEnd) === status;
  switch (profile) {
    case 'not_started':
      return holds('not_started') ? shape : null;
    case 'joined':
      shape.live = templates.map((_, i) => i < keys || chance(rand, 0.7));
      return holds('joined') ? shape : null;
    case 'on_track': {
      // Everything live but one key service, then drop more while the agency stays on the line.
      shape.live.fill(true);
      shape.live[intBetween(rand, 0, keys - 1)] = false;
      for (const i of shuffled(rand, templates.map((_, i) => i))) {
        if (!shape.live[i] || !chance(rand, 0.45)) continue;
        shape.live[i] = false;
        if (!holds('on_track')) shape.live[i] = true;
      }
      return holds('on_track') ? shape : null;
    }
    case 'lagging': {
      // Laggards usually start with minor services: non-keys first, then keys.
      const order = [...shuffled(rand, templates.map((_, i) => i).slice(keys)), ...shuffled(rand, templates.map((_, i) => i).slice(0, keys))];
      const fits: number[] = [];
      for (let m = 1; m < n; m++) {
        shape.live = templates.map(() => false);
        for (const i of order.slice(0, m)) shape.live[i] = true;
        if (holds('lagging')) fits.push(m);
      }
      if (fits.length === 0) return null;
      const m = fits[Math.floor(rand() * fits.length)];
      shape.live = templates.map(() => false);
      for (const i of order.slice(0, m)) shape.live[i] = true;
      return shape;
    }
  }
}

function agencyScale(agency: Agency, rand: Random): number {
  const BUSY: Record<string, number> = { ncr: 3, sso: 4, inta: 3, traffic: 4, tehran: 3, post: 2.5, ihio: 3, tso: 3, moe: 2.5, mohme: 2, tavanir: 2.5, sanjesh: 2 };
  const byKind: Record<string, number> = { ministry: 1, organization: 0.8, company: 1.2, fund: 0.9, municipality: 2 };
  return (BUSY[agency.agencyId] ?? byKind[agency.kind] ?? 1) * between(rand, 0.7, 1.3);
}

/** Fractions of the way from programme start to the anchor day within which services went live. */
const LIVE_WINDOW: Record<ProgressProfile, [number, number]> = {
  joined: [0.08, 0.9],
  on_track: [0.12, 0.95],
  lagging: [0.55, 0.98],
  not_started: [1, 1],
};

/** Probabilities of the stage a service not live by the anchor day has reached: [developing, testing]. */
const IDLE_STAGE_ODDS: Record<ProgressProfile, [number, number]> = {
  joined: [0.3, 0.3],
  on_track: [0.3, 0.6],
  lagging: [0.45, 0.2],
  not_started: [0.4, 0.1],
};

const officeTime = (rand: Random) => `${String(intBetween(rand, 8, 16)).padStart(2, '0')}:${String(intBetween(rand, 0, 59)).padStart(2, '0')}`;

/** Stage offsets (days after programme start) for one service: developing < testing < live ≤ anchor. */
function stageDays(rand: Random, finalStage: ServiceStage, span: number, window: [number, number]): Partial<Record<ServiceStage, number>> {
  // Services start not_started on the programme's first day, so a change can come at day 1 at the earliest.
  if (finalStage === 'not_started' || span < 3) return {};
  if (finalStage === 'live') {
    const live = Math.min(span, Math.max(3, Math.round(between(rand, window[0], window[1]) * span)));
    const testing = Math.min(live - 1, Math.max(2, live - intBetween(rand, 7, 45)));
    const developing = Math.min(testing - 1, Math.max(1, testing - intBetween(rand, 20, 90)));
    return { developing, testing, live };
  }
  if (finalStage === 'testing') {
    const testing = Math.min(span, Math.max(2, Math.round(between(rand, 0.6, 1) * span)));
    const developing = Math.min(testing - 1, Math.max(1, testing - intBetween(rand, 20, 90)));
    return { developing, testing };
  }
  return { developing: Math.min(span, Math.max(1, Math.round(between(rand, 0.3, 1) * span))) };
}

function idleStage(rand: Random, profile: ProgressProfile): ServiceStage {
  const [developing, testing] = IDLE_STAGE_ODDS[profile];
  const x = rand();
  return x < testing ? 'testing' : x < testing + developing ? 'developing' : 'not_started';
}

function servicePlans(agency: Agency, profile: ProgressProfile, shape: Shape, anchorDay: string, rand: Random): ServicePlan[] {
  const span = daysBetween(PROGRAMME_START, anchorDay);
  const usedIds = new Set<string>();
  return shape.templates.map((t, i) => {
    let serviceId = `${agency.agencyId}-${slugify(t.nameEn)}`;
    while (usedIds.has(serviceId)) serviceId += '-2';
    usedIds.add(serviceId);
    const finalStage: ServiceStage = shape.live[i] ? 'live' : idleStage(rand, profile);
    const days = stageDays(rand, finalStage, span, LIVE_WINDOW[profile]);
    const changes: StageChange[] = [];
    let from: ServiceStage = 'not_started';
    for (const to of STAGE_ORDER.slice(1)) {
      const offset = days[to];
      if (offset === undefined) continue;
      changes.push({ day: addDays(PROGRAMME_START, offset), time: officeTime(rand), from, to });
      from = to;
    }
    const live = from === 'live';
    return {
      service: {
        serviceId,
        agencyId: agency.agencyId,
        nameFa: t.nameFa,
        nameEn: t.nameEn,
        isKey: i < shape.keys,
        stage: from,
        usesNationalSso: chance(rand, live ? 0.8 : 0.25),
        usesExchange: t.docs ? chance(rand, live ? 0.75 : 0.35) : chance(rand, 0.1),
      },
      volume: t.volume,
      docs: t.docs,
      changes,
      liveFrom: live ? changes[changes.length - 1].day : null,
    };
  });
}

/** A plan that makes `agency` show `profile` on `anchorDay`, or null when the rules make it impossible. */
function progressPlan(seed: number, agency: Agency, profile: ProgressProfile, anchorDay: string): { services: ServicePlan[] } | null {
  const rand = streamFor(seed, agency.agencyId, 'plan', profile, anchorDay);
  const pool = serviceTemplatesFor(agency.agencyId, agency.sector);
  // On track needs many weighted services: with one key held back, coverage is (W − 2) / W.
  const minServices = profile === 'on_track' ? 6 : 3;
  const maxServices = Math.min(8, pool.length);
  for (let attempt = 0; attempt < 12; attempt++) {
    const n = intBetween(rand, Math.min(minServices, maxServices), maxServices);
    const keys = intBetween(rand, 1, Math.min(3, n - 1));
    const shape = shapeFor(profile, agency, pickTemplates(rand, pool, n), keys, anchorDay, rand);
    if (shape) return { services: servicePlans(agency, profile, shape, anchorDay, rand) };
  }
  return null;
}

/**
 * The stage changes that take a service from `from` to live on `liveDay`, every one after `after`:
 * testing a week to six weeks before live, development three weeks to three months before that,
 * squeezed when `after` leaves less room. The live day moves later only when there is no room at all.
 */
function changesToLive(rand: Random, from: ServiceStage, liveDay: string, after: string): StageChange[] {
  const stages = STAGE_ORDER.slice(STAGE_ORDER.indexOf(from) + 1);
  const base = daysBetween(PROGRAMME_START, after);
  const offsets: number[] = new Array(stages.length);
  offsets[stages.length - 1] = Math.max(daysBetween(PROGRAMME_START, liveDay), base + stages.length);
  for (let j = stages.length - 2; j >= 0; j--) {
    const gap = stages[j] === 'testing' ? intBetween(rand, 7, 45) : intBetween(rand, 20, 90);
    offsets[j] = Math.max(base + 1 + j, offsets[j + 1] - gap);
  }
  let previous = from;
  return stages.map((to, j) => {
    const change = { day: addDays(PROGRAMME_START, offsets[j]), time: officeTime(rand), from: previous, to };
    previous = to;
    return change;
  });
}

/** Coverage as the methodology computes it (key services count twice), from which services are live. */
function coverageOf(services: readonly ServicePlan[], live: readonly boolean[]): number {
  let weighted = 0;
  let total = 0;
  services.forEach((s, i) => {
    const w = s.service.isKey ? 2 : 1;
    total += w;
    if (live[i]) weighted += w;
  });
  return total === 0 ? 0 : Math.round((weighted / total) * 1000) / 10;
}

/** How long after `PLAN_WEEK` the plan looks ahead: three years covers every deadline with room. */
const FUTURE_WEEKS = 156;

/**
 * The day each service not live at `after` goes live, by profile. On-track agencies mostly keep pace
 * with the line: a service goes live in the week coverage would otherwise fall below it (non-key
 * services first, the key ones last, so they join); a few stall and drift into lagging. Laggards
 * creep; about half of the late starters start; joined agencies add some of their minor services.
 */
function futureLiveDays(rand: Random, agency: Agency, profile: ProgressProfile, services: readonly ServicePlan[], after: string): Map<number, string> {
  const days = new Map<number, string>();
  const live = services.map((s) => s.liveFrom !== null);
  const idle = services.map((_, i) => i).filter((i) => !live[i]);
  const nonKeysThenKeys = () => [...shuffled(rand, idle.filter((i) => !services[i].service.isKey)), ...shuffled(rand, idle.filter((i) => services[i].service.isKey))];
  switch (profile) {
    case 'joined':
      for (const i of idle) if (chance(rand, 0.6)) days.set(i, addDays(after, intBetween(rand, 10, 450)));
      break;
    case 'lagging':
      for (const i of idle) if (chance(rand, 0.65)) days.set(i, addDays(after, intBetween(rand, 30, 560)));
      break;
    case 'not_started': {
      if (!chance(rand, 0.55)) break;
      let day = addDays(after, intBetween(rand, 35, 320));
      for (const i of nonKeysThenKeys()) {
        days.set(i, day);
        if (!chance(rand, 0.6)) break;
        day = addDays(day, intBetween(rand, 25, 160));
      }
      break;
    }
    case 'on_track': {
      const order = nonKeysThenKeys();
      const keepsPace = chance(rand, 0.8);
      // How far above the tolerance line the agency likes to stay: little, so it rides the line for weeks.
      const margin = between(rand, -0.5, 1.5);
      let next = 0;
      for (let w = 1; w <= FUTURE_WEEKS && next < order.length; w++) {
        const weekEnd = addDays(after, 7 * w);
        const line = expectedCoverage(METHODOLOGY_V1, weekEnd, agency.deadline) - METHODOLOGY_V1.tolerance + margin;
        let spontaneous = chance(rand, keepsPace ? 0.04 : 0.05);
        while (next < order.length && ((keepsPace && coverageOf(services, live) < line) || spontaneous)) {
          const i = order[next++];
          days.set(i, addDays(weekEnd, -intBetween(rand, 1, 6)));
          live[i] = true;
          spontaneous = false;
        }
      }
      break;
    }
  }
  return days;
}

/** Extends the plan's timelines past `after` (the end of `PLAN_WEEK`), from a stream of their own. */
function planFuture(seed: number, agency: Agency, profile: ProgressProfile, services: ServicePlan[], after: string): void {
  const rand = streamFor(seed, agency.agencyId, 'future', profile, after);
  for (const [i, liveDay] of [...futureLiveDays(rand, agency, profile, services, after)].sort((a, b) => a[0] - b[0])) {
    const s = services[i];
    s.changes.push(...changesToLive(rand, s.changes.at(-1)?.to ?? 'not_started', liveDay, after));
    s.liveFrom = s.changes[s.changes.length - 1].day;
  }
}

/**
 * Silent agencies went quiet two to five weeks before the anchor week, so their feed has no rows
 * for at least the last three complete weeks. Before that they progressed like anyone else.
 */
function silentPlan(seed: number, agency: Agency, anchorWeek: IranWeek): { services: ServicePlan[]; silentFrom: string } {
  const rand = streamFor(seed, agency.agencyId, 'silence');
  const silentFrom = addDays(anchorWeek.start, -7 * intBetween(rand, 2, 5));
  const lastReported = addDays(silentFrom, -1);
  const underlying: ProgressProfile[] = shuffled(rand, ['joined', 'on_track', 'lagging'] as ProgressProfile[]);
  for (const profile of [...underlying, 'not_started' as const]) {
    const plan = progressPlan(seed, agency, profile, lastReported);
    if (plan) return { services: plan.services, silentFrom };
  }
  // Before the programme has run a few days nothing can be live; an empty catalogue stays honest.
  return { services: [], silentFrom };
}

function planFor(seed: number, agency: Agency, profile: AgencyProfile, planWeek: IranWeek): AgencyPlan | null {
  const scale = agencyScale(agency, streamFor(seed, agency.agencyId, 'scale'));
  if (profile === 'silent') {
    const { services, silentFrom } = silentPlan(seed, agency, planWeek);
    return { agency, profile, silentFrom, scale, services };
  }
  const plan = progressPlan(seed, agency, profile, planWeek.end);
  if (!plan) return null;
  planFuture(seed, agency, profile, plan.services, planWeek.end);
  return { agency, profile, silentFrom: null, scale, services: plan.services };
}

/** Agencies, besides the silent ones, whose feed stops some weeks after `PLAN_WEEK`: the scoreboard keeps news of silence. */
export const LATE_SILENCES = 2;

/** How many agencies of each profile, out of `count`. */
export function profileQuotas(count: number): Record<AgencyProfile, number> {
  const joined = Math.round(count * PROFILE_SHARES.joined);
  const onTrack = Math.round(count * PROFILE_SHARES.on_track);
  const notStarted = Math.round(count * PROFILE_SHARES.not_started);
  const silent = Math.round(count * PROFILE_SHARES.silent);
  return { joined, on_track: onTrack, not_started: notStarted, silent, lagging: Math.max(0, count - joined - onTrack - notStarted - silent) };
}

/**
 * Gives each agency a profile and a plan. The most constrained profiles are filled first (on track
 * needs many services and a deadline still ahead); whoever is left lags, or has not started when
 * even lagging is impossible (very early in the programme).
 */
export function planAgencies(seed: number, agencies: readonly Agency[], planWeek: IranWeek = PLAN_WEEK): AgencyPlan[] {
  const quotas = profileQuotas(agencies.length);
  const plans = new Map<string, AgencyPlan>();
  const pool = shuffled(streamFor(seed, 'profiles'), agencies);
  const assign = (agency: Agency, profile: AgencyProfile): boolean => {
    const plan = planFor(seed, agency, profile, planWeek);
    if (!plan) return false;
    plans.set(agency.agencyId, plan);
    quotas[profile]--;
    return true;
  };
  // Civil registration underpins everyone's identity checks: in the demo it has joined.
  const ncr = pool.find((a) => a.agencyId === 'ncr');
  if (ncr) assign(ncr, 'joined');
  const fillOrder: AgencyProfile[] = ['on_track', 'silent', 'not_started', 'joined', 'lagging'];
  for (const profile of fillOrder) {
    for (const agency of pool) {
      if (quotas[profile] <= 0) break;
      if (plans.has(agency.agencyId)) continue;
      if ((profile === 'silent' || profile === 'not_started') && CORE_PROVIDERS.has(agency.agencyId)) continue;
      assign(agency, profile);
    }
  }
  for (const agency of pool) {
    if (plans.has(agency.agencyId)) continue;
    if (!assign(agency, 'lagging') && !assign(agency, 'joined')) assign(agency, 'not_started');
  }
  // A few laggards and late starters fall silent later on, each from a Saturday 6–30 weeks on.
  const rand = streamFor(seed, 'late-silences', planWeek.end);
  const candidates = shuffled(rand, [...plans.values()].filter((p) => (p.profile === 'lagging' || p.profile === 'not_started') && !CORE_PROVIDERS.has(p.agency.agencyId)));
  for (const plan of candidates.slice(0, LATE_SILENCES)) plan.silentFrom = addDays(planWeek.start, 7 * intBetween(rand, 6, 30));
  return agencies.map((a) => plans.get(a.agencyId)!).filter(Boolean);
}
