/**
 * Data exchange analytics through the real API over simulator data pulled by the real pipelines:
 * the network, one agency's view, the once-only measure, and their agreement with the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyExchangeResponse, BreakdownResponse, ExchangeNetworkResponse, OnceOnlyResponse, ScoreboardResponse } from '@hamgam/shared';
import { type TestHamgam, startTestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let board: ScoreboardResponse;

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  board = (await t.get<ScoreboardResponse>('/api/v1/scoreboard')).body;
});

afterAll(async () => {
  await t?.stop();
});

describe('GET /api/v1/exchange/network', () => {
  it('gives nodes whose totals are the sums of their edges', async () => {
    const { status, body } = await t.get<ExchangeNetworkResponse>('/api/v1/exchange/network');
    expect(status).toBe(200);
    expect(body.range.to).toBe(board.week.end);
    expect(body.edges.length).toBeGreaterThan(5);
    for (const n of body.nodes) {
      expect(n.callsServed).toBe(body.edges.filter((e) => e.providerAgencyId === n.agencyId).reduce((s, e) => s + e.calls, 0));
      expect(n.callsMade).toBe(body.edges.filter((e) => e.consumerAgencyId === n.agencyId).reduce((s, e) => s + e.calls, 0));
      expect(n.consumers).toBe(new Set(body.edges.filter((e) => e.providerAgencyId === n.agencyId).map((e) => e.consumerAgencyId)).size);
    }
    for (const e of body.edges) expect(e.failureRatePct).toBeCloseTo((100 * e.failures) / e.calls, 1);
    // The most depended-on providers come first.
    for (let i = 1; i < body.topProviders.length; i++) expect(body.topProviders[i].consumers).toBeLessThanOrEqual(body.topProviders[i - 1].consumers);
  });

  it('narrows to the pairs touching a sector, and refuses a bad range', async () => {
    const all = (await t.get<ExchangeNetworkResponse>('/api/v1/exchange/network')).body;
    const welfare = (await t.get<ExchangeNetworkResponse>('/api/v1/exchange/network?sector=welfare')).body;
    const inSector = new Set(welfare.nodes.filter((n) => n.sector === 'welfare').map((n) => n.agencyId));
    expect(welfare.edges.length).toBeLessThan(all.edges.length);
    for (const e of welfare.edges) expect(inSector.has(e.providerAgencyId) || inSector.has(e.consumerAgencyId)).toBe(true);
    expect((await t.get('/api/v1/exchange/network?from=2026-11-27&to=2026-11-01')).status).toBe(400);
    expect((await t.get('/api/v1/exchange/network?from=yesterday')).status).toBe(400);
    expect((await t.get('/api/v1/exchange/network?sector=nowhere')).status).toBe(400);
  });
});

describe('GET /api/v1/exchange/agencies/:id and once-only', () => {
  it("agrees with the index's exchange component for the week", async () => {
    const week = `from=${board.week.start}&to=${board.week.end}`;
    const provider = (await t.get<ExchangeNetworkResponse>(`/api/v1/exchange/network?${week}`)).body.topProviders[0];
    const mine = (await t.get<AgencyExchangeResponse>(`/api/v1/exchange/agencies/${provider.agencyId}?${week}`)).body;
    expect(mine.provided.reduce((n, p) => n + p.calls, 0)).toBe(provider.callsServed);
    const breakdown = (await t.get<BreakdownResponse>(`/api/v1/agencies/${provider.agencyId}/breakdown`)).body;
    expect(breakdown.facts.exchangeCallsServed).toBe(provider.callsServed);
    const point = mine.onceOnly.at(-1)!;
    expect(point.weekEnd).toBe(board.week.end);
    expect(point.docsFetched).toBe(breakdown.facts.docsFetched);
    expect(point.docsAsked).toBe(breakdown.facts.docsAsked);
    expect(mine.servicesAsking.every((s) => s.docsAsked > 0)).toBe(true);
  });

  it('totals the national once-only measure over every agency', async () => {
    const national = (await t.get<OnceOnlyResponse>('/api/v1/exchange/once-only')).body;
    expect(national.trend.length).toBe(4);
    expect(national.total.docsAsked).toBe(national.services.reduce((n, s) => n + s.docsAsked, 0));
    expect(national.total.docsFetched).toBe(national.trend.reduce((n, w) => n + w.docsFetched, 0));
    const one = (await t.get<OnceOnlyResponse>('/api/v1/exchange/once-only?agency=sso')).body;
    expect(one.services.every((s) => s.agencyId === 'sso')).toBe(true);
    expect((await t.get('/api/v1/exchange/once-only?agency=nowhere')).status).toBe(404);
    expect((await t.get('/api/v1/exchange/agencies/nowhere')).status).toBe(404);
  });
});
