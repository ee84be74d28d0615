/** Agencies and their service catalogue. */
import type { Selectable } from 'kysely';
import type { AgencyTable, ServiceTable } from '../schema.js';
import { stagedUpsert, type Db, type WriteCounts } from './staged-upsert.js';

export type AgencyRow = Selectable<AgencyTable>;
export type ServiceRow = Selectable<ServiceTable>;

const AGENCY_COLUMNS = ['agency_id', 'name_fa', 'name_en', 'kind', 'sector', 'parent_id', 'deadline'] as const;

/** Registers or updates agencies (the registry is reloaded whole, so this must be idempotent). */
export function upsertAgencies(db: Db, rows: AgencyTable[]): Promise<WriteCounts> {
  return stagedUpsert<AgencyTable>(db, { table: 'agency', columns: AGENCY_COLUMNS, key: ['agency_id'], notCompared: [] }, rows);
}

export function listAgencies(db: Db): Promise<AgencyRow[]> {
  return db.selectFrom('agency').selectAll().orderBy('agency_id').execute();
}

export function getAgency(db: Db, agencyId: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agency').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
}

export function listServicesOfAgency(db: Db, agencyId: string): Promise<ServiceRow[]> {
  return db.selectFrom('service').selectAll().where('agency_id', '=', agencyId).orderBy('service_id').execute();
}
