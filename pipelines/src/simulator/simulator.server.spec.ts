import { METHODOLOGY_V1, scoreAgencyWeek, type AgencyStatus, type Dataset, type FeedPage } from '@hamgam/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from './agency-registry.js';
import { encodeCursor } from './feed-paging.js';
import { startSimulator, type RunningSimulator } from './simulator.server.js';
import { aggregateWeekFacts, type WeekRows } from './week-facts.js';
import { buildWorld } from './world.js';

const TODAY = '2026-11-28';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 1405, today: TODAY });
});
afterAll(async () => {
  await sim.close();
});

async function get(path: string, token?: string | null): Promise<{ status: number; type: string | null; body: any }> {
  const res = await fetch(`${sim.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

/** Follows nextCursor to the end, as the pipelines do. */
async function fetchAll<T>(agencyId: string, dataset: Dataset, query: Record<string, string> = {}): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const res = await get(`/agencies/${agencyId}/v1/${dataset}?${params}`, sim.tokenFor(agencyId));
    expect(res.status).toBe(200);
    const page = res.body as FeedPage<T>;
    rows.push(...page.data);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

describe('agency simulator over HTTP', () => {
  it('answers health and lists the registry with each feed’s base URL', async () => {
    const health = await get('/health');
    expect(health).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok', seed: 1405, today: TODAY, agencies: 55 } });
    const list = await get('/agencies');
    expect(list.body).toHaveLength(55);
    expect(list.body.find((a: { agencyId: string }) => a.agencyId === 'ncr')).toMatchObject({
      nameFa: 'سازمان ثبت احوال کشور',
      kind: 'organization',
      baseUrl: `${sim.url}/agencies/ncr`,
    });
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });

  it('serves the catalogue whole, ignoring since', async () => {
    const all = await get('/agencies/sso/v1/services', sim.tokenFor('sso'));
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.data).toEqual(sim.world.feed('sso')!.services);
    const since = await get('/agencies/sso/v1/services?since=2026-11-01', sim.tokenFor('sso'));
    expect(since.body.data).toEqual(all.body.data);
  });

  it('walks every metric row exactly once across pages, in date then service order', async () => {
    const expected = sim.world.feed('inta')!['service-metrics'];
    const { rows, pages } = await fetchAll<{ date: string; serviceId: string }>('inta', 'service-metrics', { limit: '777' });
    expect(pages).toBe(Math.ceil(expected.length / 777));
    expect(rows).toEqual(expected);
    const keys = rows.map((r) => `${r.date}|${r.serviceId}`);
    expect(new Set(keys).size).toBe(rows.length);
    expect([...keys].sort()).toEqual(keys);
  });

  it('pages with the default limit of 1000', async () => {
    const page = await get('/agencies/ncr/v1/exchange', sim.tokenFor('ncr'));
    expect(page.body.data).toHaveLength(1000);
    expect(typeof page.body.nextCursor).toBe('string');
  });

  it('filters dated rows with since, inclusive, and pages within the filter', async () => {
    const { rows } = await fetchAll<{ date: string }>('ncr', 'exchange', { since: '2026-11-01', limit: '100' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].date).toBe('2026-11-01');
    expect(rows).toEqual(sim.world.feed('ncr')!.exchange.filter((x) => x.date >= '2026-11-01'));
  });

  it('filters integration events on the Tehran day they occurred', async () => {
    const events = sim.world.feed('ncr')!['integration-events'];
    const middle = events[Math.floor(events.length / 2)].occurredAt.slice(0, 10);
    const { rows } = await fetchAll<{ occurredAt: string }>('ncr', 'integration-events', { since: middle, limit: '2' });
    expect(rows).toEqual(events.filter((e) => e.occurredAt.slice(0, 10) >= middle));
    expect(rows[0].occurredAt.startsWith(middle)).toBe(true);
  });

  it('scores every status on the latest complete week from rows pulled with since', async () => {
    const mix: Record<AgencyStatus, number> = { joined: 0, on_track: 0, lagging: 0, not_started: 0, silent: 0 };
    const week = sim.world.anchorWeek;
    for (const agency of sim.agencies) {
      const rows: WeekRows = {
        services: (await fetchAll<WeekRows['services'][number]>(agency.agencyId, 'services')).rows,
        'integration-events': (await fetchAll<WeekRows['integration-events'][number]>(agency.agencyId, 'integration-events')).rows,
        'service-metrics': (await fetchAll<WeekRows['service-metrics'][number]>(agency.agencyId, 'service-metrics', { since: week.start, limit: '10000' })).rows,
        exchange: (await fetchAll<WeekRows['exchange'][number]>(agency.agencyId, 'exchange', { since: week.start, limit: '10000' })).rows,
      };
      mix[scoreAgencyWeek(METHODOLOGY_V1, aggregateWeekFacts(agency, rows, week), week.end).status]++;
    }
    expect(mix).toEqual({ joined: 14, on_track: 14, lagging: 15, not_started: 6, silent: 6 });
  });

  it('returns no rows of the last complete week for a silent agency', async () => {
    const silent = sim.world.plans.find((p) => p.profile === 'silent')!;
    const week = sim.world.anchorWeek;
    for (const dataset of ['service-metrics', 'exchange', 'integration-events'] as const) {
      const { rows } = await fetchAll(silent.agency.agencyId, dataset, { since: week.start });
      expect(rows, dataset).toEqual([]);
    }
    expect((await fetchAll(silent.agency.agencyId, 'services')).rows.length).toBeGreaterThan(0);
  });

  it('refuses a missing, wrong or another agency’s token with 401', async () => {
    const none = await get('/agencies/ncr/v1/services');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/bearer/i);
    expect((await get('/agencies/ncr/v1/services', 'sim_wrong')).status).toBe(401);
    expect((await get('/agencies/ncr/v1/services', sim.tokenFor('sso'))).status).toBe(401);
    expect(sim.tokenFor('ncr')).toBe((await startAndToken()).token);
  });

  it('answers 404 for an unknown agency, dataset or route', async () => {
    expect((await get('/agencies/atlantis/v1/services', sim.tokenFor('atlantis'))).status).toBe(404);
    const dataset = await get('/agencies/ncr/v1/citizens', sim.tokenFor('ncr'));
    expect(dataset.status).toBe(404);
    expect(dataset.body.error.message).toMatch(/service-metrics/);
    expect((await get('/nowhere')).status).toBe(404);
    expect((await get('/agencies/ncr/v2/services', sim.tokenFor('ncr'))).status).toBe(404);
  });

  it('answers 400 with a clear message for a bad since, cursor or limit', async () => {
    const token = sim.tokenFor('ncr');
    const cases: [string, RegExp][] = [
      ['since=2026-13-01', /since must be a calendar day/],
      ['since=yesterday', /since must be a calendar day/],
      ['cursor=not-a-cursor', /cursor/],
      [`cursor=${encodeCursor(10_000_000)}`, /past the end/],
      ['limit=0', /limit must be from 1 to 10000/],
      ['limit=10001', /limit must be from 1 to 10000/],
      ['limit=ten', /limit must be a whole number/],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/agencies/ncr/v1/service-metrics?${query}`, token);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(message);
    }
  });
});

describe('a simulator that follows the clock', () => {
  it('serves each new day once it has ended in Tehran, without a restart', async () => {
    let clock = new Date('2026-11-28T10:00:00+03:30');
    const agencies = loadAgencyRegistry().filter((a) => ['ncr', 'sso'].includes(a.agencyId));
    const live = await startSimulator({ seed: 1405, now: () => clock, agencies });
    try {
      const pull = async (agencyId: string, dataset: Dataset, since: string) => {
        const res = await fetch(`${live.url}/agencies/${agencyId}/v1/${dataset}?since=${since}&limit=10000`, { headers: { authorization: `Bearer ${live.tokenFor(agencyId)}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as FeedPage<{ date: string }>).data;
      };
      const health = async () => ((await fetch(`${live.url}/health`)).json() as Promise<{ today: string }>);
      expect((await health()).today).toBe('2026-11-28');
      expect(await pull('ncr', 'service-metrics', '2026-11-28')).toEqual([]);
      expect(await pull('ncr', 'exchange', '2026-11-28')).toEqual([]);
      const friday = await pull('ncr', 'service-metrics', '2026-11-27');
      expect(friday.length).toBeGreaterThan(0);
      expect(friday.every((m) => m.date === '2026-11-27')).toBe(true);

      clock = new Date('2026-11-29T01:00:00+03:30');
      expect((await health()).today).toBe('2026-11-29');
      const saturday = await pull('ncr', 'service-metrics', '2026-11-28');
      const services = (await pull('ncr', 'services', '2026-11-28')).length;
      expect(saturday).toHaveLength(services);
      expect(saturday.every((m) => m.date === '2026-11-28')).toBe(true);
      expect((await pull('ncr', 'exchange', '2026-11-28')).length).toBeGreaterThan(0);
      // Friday's rows, pulled again, are exactly as before: the past does not move.
      expect(await pull('ncr', 'service-metrics', '2026-11-27')).toEqual([...friday, ...saturday]);
      // The same rows as a simulator fixed on the new day.
      expect(saturday).toEqual(buildWorld({ seed: 1405, today: '2026-11-29', agencies }).feed('ncr')!['service-metrics'].filter((m) => m.date === '2026-11-28'));
    } finally {
      await live.close();
    }
  });
});

/** A second simulator with the same seed hands out the same tokens: demo configs can be written once. */
async function startAndToken(): Promise<{ token: string }> {
  const other = await startSimulator({ seed: 1405, today: TODAY });
  try {
    return { token: other.tokenFor('ncr') };
  } finally {
    await other.close();
  }
}
