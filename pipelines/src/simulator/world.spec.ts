import {
  METHODOLOGY_V1,
  SERVICE_STAGES,
  addDays,
  iranWeekday,
  isNowruzHoliday,
  latestCompleteWeek,
  scoreAgencyWeek,
  tehranDay,
  type AgencyStatus,
  type IranWeek,
} from '@hamgam/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from './agency-registry.js';
import { aggregateWeekFacts } from './week-facts.js';
import { PLAN_WEEK } from './world-plan.js';
import { buildWorld, latestCompleteWeekOf, type World } from './world.js';

const agencies = loadAgencyRegistry();
/** A Saturday: the latest complete week is 2026-11-21 … 2026-11-27. */
const TODAY = '2026-11-28';

function statusMix(world: World, week: IranWeek = world.anchorWeek): Record<AgencyStatus, number> {
  const mix: Record<AgencyStatus, number> = { joined: 0, on_track: 0, lagging: 0, not_started: 0, silent: 0 };
  for (const agency of world.agencies) {
    const facts = aggregateWeekFacts(agency, world.feed(agency.agencyId)!, week);
    mix[scoreAgencyWeek(METHODOLOGY_V1, facts, week.end).status]++;
  }
  return mix;
}

function allFeeds(world: World) {
  return world.agencies.map((a) => world.feed(a.agencyId));
}

/** Sum of requests per day over every agency. */
function requestsByDay(world: World): Map<string, number> {
  const totals = new Map<string, number>();
  for (const a of world.agencies) {
    for (const m of world.feed(a.agencyId)!['service-metrics']) totals.set(m.date, (totals.get(m.date) ?? 0) + m.requests);
  }
  return totals;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('buildWorld', () => {
  let world: World;
  beforeAll(() => {
    world = buildWorld({ seed: 1405, today: TODAY, agencies });
    allFeeds(world);
  });

  // How fast it builds is measured by pipelines/bench/sync.bench.mjs, not asserted here: timed
  // tests flake on shared machines.
  it('builds the whole world, every row of every agency', () => {
    const metricRows = world.agencies.reduce((n, a) => n + world.feed(a.agencyId)!['service-metrics'].length, 0);
    expect(metricRows).toBeGreaterThan(150_000);
  });

  it('is the same world for the same seed and day, and another world for another seed', () => {
    const again = buildWorld({ seed: 1405, today: TODAY, agencies });
    // Compared as text: deep equality over 200k rows is slow and says no more.
    expect(JSON.stringify(allFeeds(again))).toBe(JSON.stringify(allFeeds(world)));
    const other = buildWorld({ seed: 7, today: TODAY, agencies });
    expect(JSON.stringify(allFeeds(other))).not.toEqual(JSON.stringify(allFeeds(world)));
  });

  it('generates an agency alone exactly as in the whole world', () => {
    const alone = buildWorld({ seed: 1405, today: TODAY, agencies });
    expect(alone.feed('sso')).toEqual(world.feed('sso'));
  });

  it('shows every status on the latest complete week, scored by the methodology from the rows', () => {
    expect(world.anchorWeek).toEqual({ start: '2026-11-21', end: '2026-11-27' });
    expect(world.planWeek).toEqual(world.anchorWeek); // the week the plan is tuned for
    const mix = statusMix(world);
    expect(mix).toEqual({ joined: 14, on_track: 14, lagging: 15, not_started: 6, silent: 6 });
  });

  it('scores each agency as its planned profile', () => {
    for (const agency of world.agencies) {
      const facts = aggregateWeekFacts(agency, world.feed(agency.agencyId)!, world.anchorWeek);
      expect(scoreAgencyWeek(METHODOLOGY_V1, facts, world.anchorWeek.end).status, agency.agencyId).toBe(world.profileOf(agency.agencyId));
    }
  });

  it('shows the statuses on the real latest complete week too, as a world fixed on that day does', () => {
    const today = buildWorld({ seed: 1405, agencies });
    expect(today.anchorWeek).toEqual(latestCompleteWeek());
    const mix = statusMix(today);
    expect(mix).toEqual(statusMix(buildWorld({ seed: 1405, today: tehranDay(), agencies })));
    for (const status of ['joined', 'lagging', 'silent'] as const) expect(mix[status], status).toBeGreaterThan(0);
    // On track is a thin band near the national deadline (coverage within 10 points of the line,
    // a key service still missing): by the methodology the last such agency is gone by 2027-03-19.
    if (today.anchorWeek.end <= '2027-03-12') expect(mix.on_track).toBeGreaterThan(0);
    if (today.anchorWeek.end <= '2027-06-25') expect(mix.not_started).toBeGreaterThan(0);
  });

  it('gives each agency 3–8 services with 1–3 key ones, with Persian and English names', () => {
    for (const a of world.agencies) {
      const services = world.feed(a.agencyId)!.services;
      expect(services.length, a.agencyId).toBeGreaterThanOrEqual(3);
      expect(services.length, a.agencyId).toBeLessThanOrEqual(8);
      const keys = services.filter((s) => s.isKey).length;
      expect(keys).toBeGreaterThanOrEqual(1);
      expect(keys).toBeLessThanOrEqual(3);
      for (const s of services) {
        expect(s.agencyId).toBe(a.agencyId);
        expect(s.nameFa).toMatch(/[\u0600-\u06FF]/);
        expect(s.nameEn).toMatch(/^[A-Z]/);
      }
    }
  });

  it('reports a metric row for every service, whatever its stage, for every day from programme start to yesterday', () => {
    for (const plan of world.plans.filter((p) => p.profile !== 'silent')) {
      const feed = world.feed(plan.agency.agencyId)!;
      const rows = feed['service-metrics'];
      expect(rows[0].date).toBe('2025-03-21');
      expect(rows.at(-1)!.date).toBe(addDays(TODAY, -1));
      const days = new Set(rows.map((r) => r.date)).size;
      expect(rows.length).toBe(days * feed.services.length);
    }
  });

  it('keeps every metric within the contract’s bounds', () => {
    // Collect breaches rather than assert per row: two million expect() calls take a minute.
    const breaches: string[] = [];
    const check = (ok: boolean, what: string, row: object) => ok || breaches.push(`${what}: ${JSON.stringify(row)}`);
    for (const a of world.agencies) {
      for (const m of world.feed(a.agencyId)!['service-metrics']) {
        check(Number.isInteger(m.requests) && m.requests >= 0, 'requests', m);
        check(m.completed >= 0 && m.completed <= m.requests, 'completed ≤ requests', m);
        check(m.failed >= 0 && m.failed <= m.requests - m.completed, 'failed ≤ requests − completed', m);
        check(m.availabilityPct >= 95 && m.availabilityPct <= 100, 'availability 95–100', m);
        check(m.latencyP50Ms > 0 && m.latencyP95Ms >= m.latencyP50Ms, 'p95 ≥ p50', m);
        check(m.satisfactionSum >= m.satisfactionCount && m.satisfactionSum <= 5 * m.satisfactionCount, 'ratings 1–5', m);
        check(m.docsAsked >= 0 && m.docsFetched >= 0, 'documents', m);
      }
    }
    expect(breaches.slice(0, 5)).toEqual([]);
  });

  it('has Fridays at about a third and Thursdays at about two thirds of a working day', () => {
    const byDay = requestsByDay(world);
    const ordinary = [...byDay].filter(([date]) => date >= '2025-05-01' && !isNowruzHoliday(date) && !(date >= '2026-03-20' && date <= '2026-04-03'));
    const onWeekday = (wd: number) => mean(ordinary.filter(([date]) => iranWeekday(date) === wd).map(([, n]) => n));
    const working = mean([1, 2, 3, 4].map(onWeekday)); // Sunday–Wednesday
    expect(onWeekday(6) / working).toBeGreaterThan(0.25);
    expect(onWeekday(6) / working).toBeLessThan(0.45);
    expect(onWeekday(5) / working).toBeGreaterThan(0.6);
    expect(onWeekday(5) / working).toBeLessThan(0.8);
  });

  it('has a deep low over the Nowruz holidays', () => {
    const byDay = requestsByDay(world);
    const nowruz = [...byDay].filter(([date]) => date.startsWith('2026-03') && isNowruzHoliday(date)).map(([, n]) => n);
    expect(nowruz).toHaveLength(4);
    const monthBefore = [...byDay].filter(([date]) => date >= '2026-02-14' && date <= '2026-03-13').map(([, n]) => n);
    expect(mean(nowruz) / mean(monthBefore)).toBeLessThan(0.25);
  });

  it('grows slowly: the autumn of 2026 is busier than the autumn of 2025', () => {
    const byDay = requestsByDay(world);
    const autumn = (year: number) => mean([...byDay].filter(([d]) => d >= `${year}-10-01` && d <= `${year}-11-20`).map(([, n]) => n));
    expect(autumn(2026) / autumn(2025)).toBeGreaterThan(1.1);
  });

  it('records each stage change once, in order, on Tehran time, never on the programme’s first day', () => {
    for (const a of world.agencies) {
      const feed = world.feed(a.agencyId)!;
      const byService = new Map<string, typeof feed['integration-events']>();
      for (const e of feed['integration-events']) byService.set(e.serviceId, [...(byService.get(e.serviceId) ?? []), e]);
      for (const [serviceId, events] of byService) {
        expect(feed.services.some((s) => s.serviceId === serviceId)).toBe(true);
        let stage = 'not_started';
        for (const e of events) {
          expect(e.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+03:30$/);
          expect(e.occurredAt.slice(0, 10) > '2025-03-21').toBe(true);
          expect(e.occurredAt.slice(0, 10) <= world.lastDay).toBe(true);
          expect(e.fromStage).toBe(stage);
          expect(SERVICE_STAGES.indexOf(e.toStage)).toBe(SERVICE_STAGES.indexOf(e.fromStage) + 1);
          stage = e.toStage;
        }
        expect(feed.services.find((s) => s.serviceId === serviceId)!.stage).toBe(stage);
      }
    }
  });

  it('silences silent agencies for at least the last three complete weeks, but still serves their catalogue', () => {
    const silent = world.plans.filter((p) => p.profile === 'silent');
    expect(silent.length).toBeGreaterThan(0);
    const threeWeeksBack = addDays(world.anchorWeek.start, -14);
    for (const plan of silent) {
      const feed = world.feed(plan.agency.agencyId)!;
      expect(feed.services.length).toBeGreaterThan(0);
      expect(feed['service-metrics'].length).toBeGreaterThan(0);
      expect(feed['service-metrics'].filter((m) => m.date >= threeWeeksBack)).toEqual([]);
      expect(feed.exchange.filter((x) => x.date >= threeWeeksBack)).toEqual([]);
      expect(feed['integration-events'].filter((e) => e.occurredAt.slice(0, 10) >= threeWeeksBack)).toEqual([]);
    }
  });

  it('serves exchange in the provider’s feed, with civil registration’s identity inquiry used by many', () => {
    const ncr = world.feed('ncr')!.exchange;
    const consumers = new Set(ncr.filter((x) => x.dataService === 'استعلام هویت').map((x) => x.consumerAgencyId));
    expect(consumers.size).toBeGreaterThanOrEqual(15);
    for (const p of ['dpr', 'inta', 'sso']) expect(world.feed(p)!.exchange.length, p).toBeGreaterThan(0);
    const breaches = world.agencies.flatMap((a) =>
      world
        .feed(a.agencyId)!
        .exchange.filter((x) => x.providerAgencyId !== a.agencyId || x.consumerAgencyId === a.agencyId || x.failures > x.calls || x.latencyP95Ms < x.latencyP50Ms),
    );
    expect(breaches.slice(0, 5)).toEqual([]);
    const pair = world.exchangePairs.find((p) => p.provider === 'ncr')!;
    const pairRows = ncr.filter((x) => x.consumerAgencyId === pair.consumer);
    expect(pairRows[0].date).toBe(pair.start);
  });

  it('shifts documents from asked to fetched once a service with exchange is live', () => {
    const plan = world.plans.flatMap((p) => p.services).find((s) => s.service.usesExchange && s.docs && s.liveFrom && s.liveFrom < '2026-06-01')!;
    expect(plan).toBeDefined();
    const rows = world.feed(plan.service.agencyId)!['service-metrics'].filter((m) => m.serviceId === plan.service.serviceId);
    const share = (from: string, to: string) => {
      const window = rows.filter((m) => m.date >= from && m.date <= to);
      const fetched = window.reduce((s, m) => s + m.docsFetched, 0);
      return fetched / window.reduce((s, m) => s + m.docsFetched + m.docsAsked, 0);
    };
    expect(share('2025-03-21', addDays(plan.liveFrom!, -1))).toBeLessThan(0.1);
    expect(share(addDays(plan.liveFrom!, 120), world.lastDay)).toBeGreaterThan(0.5);
  });

  it('names the latest complete week the same way the shared calendar does', () => {
    expect(latestCompleteWeekOf(tehranDay())).toEqual(latestCompleteWeek());
    expect(latestCompleteWeekOf('2026-11-27')).toEqual({ start: '2026-11-14', end: '2026-11-20' });
  });
});

/** Every dated row of a feed up to `lastDay`, as text: equal text, equal rows. */
function rowsUpTo(world: World, lastDay: string): string {
  return JSON.stringify(
    world.agencies.map((a) => {
      const feed = world.feed(a.agencyId)!;
      return {
        agencyId: a.agencyId,
        metrics: feed['service-metrics'].filter((m) => m.date <= lastDay),
        exchange: feed.exchange.filter((x) => x.date <= lastDay),
        events: feed['integration-events'].filter((e) => e.occurredAt.slice(0, 10) <= lastDay),
      };
    }),
  );
}

describe('the world follows the clock, and its past never changes', () => {
  it('serves the same rows for every complete day whatever later day it is built on', () => {
    const november = buildWorld({ seed: 1405, today: TODAY, agencies });
    const january = buildWorld({ seed: 1405, today: '2027-01-15', agencies });
    expect(november.lastDay).toBe('2026-11-27');
    const past = rowsUpTo(november, '2026-11-27');
    expect(past.length).toBeGreaterThan(10_000_000); // every row of twenty months
    expect(rowsUpTo(january, '2026-11-27')).toBe(past);
    // Earlier in the programme too: the plan does not depend on the day it is made.
    expect(rowsUpTo(buildWorld({ seed: 1405, today: '2025-09-01', agencies }), '2025-08-31')).toBe(rowsUpTo(november, '2025-08-31'));
    // And January has more: new days, new metrics, new stage changes.
    const after = (w: World) => w.agencies.flatMap((a) => w.feed(a.agencyId)!['integration-events'].filter((e) => e.occurredAt.slice(0, 10) > '2026-11-27'));
    expect(after(january).length).toBeGreaterThan(0);
    expect(january.feed('ncr')!['service-metrics'].at(-1)!.date).toBe('2027-01-14');
  });

  it('grows in place as the Tehran day changes, to exactly the world built on the later day', () => {
    let clock = new Date('2026-11-28T10:00:00+03:30');
    const world = buildWorld({ seed: 1405, now: () => clock, agencies });
    expect(world.today).toBe('2026-11-28');
    const ncr = world.feed('ncr')!;
    const before = ncr['service-metrics'].length;
    expect(ncr['service-metrics'].at(-1)!.date).toBe('2026-11-27');
    for (const a of world.agencies) world.feed(a.agencyId);

    clock = new Date('2026-11-28T23:59:00+03:30'); // still the 28th in Tehran (20:29 UTC)
    expect(world.feed('ncr')!['service-metrics']).toHaveLength(before);
    clock = new Date('2026-11-29T00:01:00+03:30'); // 20:31 UTC the day before: Tehran's day has turned
    expect(world.today).toBe('2026-11-29');
    expect(world.feed('ncr')).toBe(ncr); // the same arrays, grown
    expect(ncr['service-metrics'].length).toBe(before + ncr.services.length);
    expect(ncr['service-metrics'].at(-1)!.date).toBe('2026-11-28');
    expect(world.anchorWeek).toEqual({ start: '2026-11-21', end: '2026-11-27' });

    // Seven weeks on, one step: every agency, grown incrementally, equals a world built that day.
    clock = new Date('2027-01-15T09:00:00+03:30');
    for (const a of world.agencies) world.feed(a.agencyId);
    const fresh = buildWorld({ seed: 1405, today: '2027-01-15', agencies });
    expect(JSON.stringify(world.agencies.map((a) => world.feed(a.agencyId)))).toBe(JSON.stringify(fresh.agencies.map((a) => fresh.feed(a.agencyId))));
  });

  it('never takes a served row back when the clock goes backwards', () => {
    let clock = new Date('2026-11-28T10:00:00+03:30');
    const world = buildWorld({ seed: 1405, now: () => clock, agencies: agencies.filter((a) => a.agencyId === 'ncr') });
    const rows = world.feed('ncr')!['service-metrics'].length;
    clock = new Date('2026-11-20T10:00:00+03:30');
    expect(world.feed('ncr')!['service-metrics']).toHaveLength(rows);
  });

  it('keeps the scoreboard moving: the status mix of the latest complete week as the months pass', () => {
    const june = buildWorld({ seed: 1405, today: '2027-06-26', agencies });
    const at = (today: string) => statusMix(june, latestCompleteWeekOf(today));
    // The plan week: every status, in the planned shares.
    expect(at('2026-11-28')).toEqual({ joined: 14, on_track: 14, lagging: 15, not_started: 6, silent: 6 });
    // On-track agencies keep pace with the line and join; the band narrows as the deadline nears.
    expect(at('2026-12-26')).toEqual({ joined: 21, on_track: 7, lagging: 15, not_started: 6, silent: 6 });
    expect(at('2027-02-27')).toEqual({ joined: 26, on_track: 1, lagging: 17, not_started: 5, silent: 6 });
    // Past the national deadline (2027-03-20) everyone unjoined lags; two more agencies have gone quiet.
    expect(at('2027-06-26')).toEqual({ joined: 29, on_track: 0, lagging: 14, not_started: 4, silent: 8 });
    // Every week in between shows silent agencies: their feeds stop for good.
    for (let today = '2026-11-28'; today <= '2027-06-26'; today = addDays(today, 7)) {
      expect(at(today).silent, today).toBeGreaterThanOrEqual(6);
    }
  });
});
