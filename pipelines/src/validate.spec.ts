import { describe, expect, it } from 'vitest';
import { type ValidationContext, validateRow } from './validate.js';

const ctx: ValidationContext = {
  agencyId: 'ncr',
  knownServiceIds: new Set(['ncr-birth']),
  knownAgencyIds: new Set(['ncr', 'sso']),
  today: '2026-11-28',
  runId: 'run-1',
};

const metric = {
  date: '2026-11-20',
  serviceId: 'ncr-birth',
  requests: 100,
  completed: 90,
  failed: 5,
  availabilityPct: 99.9,
  latencyP50Ms: 200,
  latencyP95Ms: 900,
  satisfactionSum: 40,
  satisfactionCount: 10,
  docsAsked: 3,
  docsFetched: 7,
};

const reason = (raw: unknown, dataset: Parameters<typeof validateRow>[0] = 'service-metrics') => {
  const r = validateRow(dataset, raw, ctx, 'ncr:service-metrics');
  return r.ok ? null : r.reason;
};

describe('feed row validation', () => {
  it('maps a valid metric row to a warehouse row', () => {
    const r = validateRow('service-metrics', metric, ctx, 'ncr:service-metrics');
    expect(r).toEqual({
      ok: true,
      row: expect.objectContaining({ date: '2026-11-20', service_id: 'ncr-birth', agency_id: 'ncr', requests: 100, availability_pct: 99.9, run_id: 'run-1' }),
    });
  });

  it('normalises Persian and Arabic digits and stray whitespace instead of rejecting them', () => {
    const r = validateRow('service-metrics', { ...metric, date: ' ۲۰۲۶-۱۱-۲۰ ', requests: '١٠٠', serviceId: 'ncr-birth\u00a0' }, ctx, 's');
    expect(r.ok && r.row).toMatchObject({ date: '2026-11-20', requests: 100, service_id: 'ncr-birth' });
  });

  it('rejects each kind of bad row with a reason a person can act on', () => {
    expect(reason({ ...metric, requests: -1 })).toBe('requests must be ≥ 0, got -1');
    expect(reason({ ...metric, requests: 1.5 })).toBe('requests must be a whole number, got 1.5');
    expect(reason({ ...metric, availabilityPct: 101 })).toBe('availabilityPct must be ≤ 100, got 101');
    expect(reason({ ...metric, date: '2026-12-01' })).toMatch(/in the future/);
    expect(reason({ ...metric, date: '2026-02-30' })).toMatch(/must be a day/);
    expect(reason({ ...metric, serviceId: 'sso-pension' })).toBe('serviceId sso-pension is not a service of ncr');
    expect(reason({ ...metric, completed: 99 })).toMatch(/exceed requests/);
    expect(reason({ ...metric, latencyP95Ms: 100 })).toMatch(/below latencyP50Ms/);
    expect(reason({ ...metric, satisfactionSum: 60 })).toMatch(/satisfactionSum/);
    expect(reason({ ...metric, docsAsked: undefined })).toBe('docsAsked is missing');
    expect(reason('not a row')).toBe('row is not an object');
  });

  it('lets a feed speak only for its own agency', () => {
    const exchange = { date: '2026-11-20', providerAgencyId: 'sso', consumerAgencyId: 'ncr', dataService: 'x', calls: 1, failures: 0, latencyP50Ms: 1, latencyP95Ms: 2 };
    expect(reason(exchange, 'exchange')).toMatch(/not the agency of this feed/);
    expect(reason({ ...exchange, providerAgencyId: 'ncr', consumerAgencyId: 'nowhere' }, 'exchange')).toMatch(/not a known agency/);
    const service = { serviceId: 'x', agencyId: 'sso', nameFa: 'ا', nameEn: 'a', isKey: true, stage: 'live', usesNationalSso: true, usesExchange: false };
    expect(reason(service, 'services')).toMatch(/not the agency of this feed/);
    expect(reason({ ...service, agencyId: 'ncr', stage: 'done' }, 'services')).toMatch(/stage must be one of/);
  });
});
