/** Medium tests: agency repository on a real, migrated DuckDB. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgencyTable } from '../schema.js';
import { openMigratedWarehouse } from '../testing.js';
import type { Warehouse } from '../connection.js';
import { getAgency, listAgencies, listServicesOfAgency, upsertAgencies } from './agency.repository.js';
import { upsertServices } from './ingest.repository.js';

const health: AgencyTable = {
  agency_id: 'health', name_fa: 'وزارت بهداشت', name_en: 'Ministry of Health', kind: 'ministry',
  sector: 'health', parent_id: null, deadline: '2026-12-20',
};
const insurance: AgencyTable = {
  agency_id: 'insurance', name_fa: 'سازمان بیمه سلامت', name_en: 'Health Insurance Organization', kind: 'organization',
  sector: 'health', parent_id: 'health', deadline: null,
};

function service(serviceId: string, agencyId: string) {
  return {
    service_id: serviceId, agency_id: agencyId, name_fa: `خدمت ${serviceId}`, name_en: `Service ${serviceId}`, is_key: false,
    stage: 'developing', uses_national_sso: false, uses_exchange: false, updated_at: '2026-03-01T00:00:00.000Z', run_id: 'r1',
  };
}

describe('agency repository', () => {
  let warehouse: Warehouse;
  beforeEach(async () => (warehouse = await openMigratedWarehouse()));
  afterEach(async () => warehouse.close());

  it('upserts agencies idempotently and reports what changed', async () => {
    expect(await upsertAgencies(warehouse.db, [insurance, health])).toEqual({ written: 2, unchanged: 0 });
    expect(await upsertAgencies(warehouse.db, [insurance, health])).toEqual({ written: 0, unchanged: 2 });
    expect(await upsertAgencies(warehouse.db, [{ ...health, deadline: '2027-01-10' }, insurance])).toEqual({ written: 1, unchanged: 1 });
    expect(await getAgency(warehouse.db, 'health')).toEqual({ ...health, deadline: '2027-01-10' });
  });

  it('lists agencies by id and gets one, or undefined for an unknown id', async () => {
    await upsertAgencies(warehouse.db, [insurance, health]);
    expect(await listAgencies(warehouse.db)).toEqual([health, insurance]);
    expect(await getAgency(warehouse.db, 'insurance')).toEqual(insurance);
    expect(await getAgency(warehouse.db, 'nobody')).toBeUndefined();
  });

  it("lists only the agency's own services, by id", async () => {
    await upsertAgencies(warehouse.db, [insurance, health]);
    await upsertServices(warehouse.db, [service('h2', 'health'), service('i1', 'insurance'), service('h1', 'health')]);
    const services = await listServicesOfAgency(warehouse.db, 'health');
    expect(services.map((s) => s.service_id)).toEqual(['h1', 'h2']);
    expect(services[0]).toEqual(service('h1', 'health'));
    expect(await listServicesOfAgency(warehouse.db, 'nobody')).toEqual([]);
  });
});
