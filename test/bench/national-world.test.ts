/** The national-scale generator's world (issue 8) at a tiny scale: deterministic, valid, paged. */
import { describe, expect, it } from 'vitest';
import { loadAgencyRegistry } from '@hamgam/pipelines';
import { EXCHANGE_FIELDS, FULL_SCALE, METRIC_FIELDS, TINY_SCALE, nationalWorld, renderPage, worldTotals } from './national/national-world.mjs';

const registry = loadAgencyRegistry();
const DATASETS = ['services', 'integration-events', 'service-metrics', 'exchange'];

function allPages(world: ReturnType<typeof nationalWorld>, a: number, dataset: string, limit: number, since: string | null = null): string[] {
  const lines: string[] = [];
  let cursor = 0;
  for (;;) {
    const page = renderPage(world, a, dataset, { since, cursor, limit });
    lines.push(...page.body.trimEnd().split('\n').slice(1));
    if (!page.nextCursor) return lines;
    cursor = Number(page.nextCursor);
  }
}

describe('national world', () => {
  it('gives the same rows for the same seed, and other rows for another seed', () => {
    const one = nationalWorld({ seed: 7, registry, scale: TINY_SCALE });
    const two = nationalWorld({ seed: 7, registry, scale: TINY_SCALE });
    const other = nationalWorld({ seed: 8, registry, scale: TINY_SCALE });
    for (let a = 0; a < TINY_SCALE.agencies; a++) {
      for (const dataset of DATASETS) expect(renderPage(one, a, dataset, { limit: 10_000 }).body, `${a} ${dataset}`).toBe(renderPage(two, a, dataset, { limit: 10_000 }).body);
    }
    expect(renderPage(other, 0, 'service-metrics', { limit: 10_000 }).body).not.toBe(renderPage(one, 0, 'service-metrics', { limit: 10_000 }).body);
  });

  it('starts with the real registry and fills up with synthetic agencies', () => {
    const world = nationalWorld({ seed: 1, registry, scale: { ...TINY_SCALE, agencies: registry.length + 2 } });
    expect(world.agencies.slice(0, registry.length).map((a) => a.agencyId)).toEqual(registry.map((a) => a.agencyId));
    expect(world.agencies.at(-1)?.agencyId).toBe(`agency-${String(registry.length + 2).padStart(3, '0')}`);
    expect(new Set(world.agencies.map((a) => a.agencyId)).size).toBe(registry.length + 2);
  });

  it('pages by cursor to the same rows as one page, and honours since', () => {
    const world = nationalWorld({ seed: 3, registry, scale: TINY_SCALE });
    for (const dataset of DATASETS) expect(allPages(world, 1, dataset, 4), dataset).toEqual(allPages(world, 1, dataset, 100_000));
    const since = '2026-11-25';
    const recent = allPages(world, 1, 'service-metrics', 5, since);
    expect(recent.length).toBe(3 * TINY_SCALE.servicesPerAgency); // 25, 26 and 27 November
    expect(recent.every((line) => line.slice(0, 10) >= since)).toBe(true);
  });

  it('serves only rows the feed contract accepts, with unique keys', () => {
    const world = nationalWorld({ seed: 11, registry, scale: TINY_SCALE });
    const ids = new Set(world.agencies.map((a) => a.agencyId));
    const metricKeys = new Set<string>();
    const exchangeKeys = new Set<string>();
    for (let a = 0; a < TINY_SCALE.agencies; a++) {
      const services = new Set(world.services(a).map((s) => s.serviceId));
      for (const line of allPages(world, a, 'service-metrics', 1000)) {
        const r = Object.fromEntries(line.split(',').map((v, i) => [METRIC_FIELDS[i], v]));
        const n = (k: string) => Number(r[k]);
        expect(services.has(r.serviceId)).toBe(true);
        expect(n('completed') + n('failed')).toBeLessThanOrEqual(n('requests'));
        expect(n('latencyP95Ms')).toBeGreaterThanOrEqual(n('latencyP50Ms'));
        expect(n('satisfactionSum')).toBeGreaterThanOrEqual(n('satisfactionCount'));
        expect(n('satisfactionSum')).toBeLessThanOrEqual(5 * n('satisfactionCount'));
        expect(n('availabilityPct')).toBeLessThanOrEqual(100);
        metricKeys.add(`${r.date}|${r.serviceId}`);
      }
      for (const line of allPages(world, a, 'exchange', 1000)) {
        const r = Object.fromEntries(line.split(',').map((v, i) => [EXCHANGE_FIELDS[i], v]));
        expect(r.providerAgencyId).toBe(world.agencies[a].agencyId);
        expect(ids.has(r.consumerAgencyId) && r.consumerAgencyId !== r.providerAgencyId).toBe(true);
        expect(Number(r.failures)).toBeLessThanOrEqual(Number(r.calls));
        exchangeKeys.add(`${r.date}|${r.providerAgencyId}|${r.consumerAgencyId}|${r.dataService}`);
      }
      const events = world.events(a);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      for (const e of events) expect(services.has(e.serviceId)).toBe(true);
    }
    const totals = worldTotals(world);
    expect(metricKeys.size).toBe(totals.serviceDaily);
    expect(exchangeKeys.size).toBe(totals.exchangeDaily);
  });

  it('is national at full scale: 500 agencies, 5,000 services, ~5.5M service-days and ~10M exchange-days', () => {
    const totals = worldTotals(nationalWorld({ seed: 1405, registry, scale: FULL_SCALE }));
    expect(totals).toMatchObject({ agencies: 500, services: 5000, serviceDaily: 5_495_000, weeks: 157 });
    expect(Math.abs(totals.exchangeDaily - 10_000_000)).toBeLessThan(10_000);
  });
});
