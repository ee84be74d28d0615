/** The national registry of agencies is master data, loaded before any feed is pulled. */
import type { Agency } from '@hamgam/shared';
import { type Warehouse, upsertAgencies } from '@hamgam/warehouse';

export async function syncRegistry(wh: Warehouse, agencies: readonly Agency[]): Promise<void> {
  await upsertAgencies(
    wh.db,
    agencies.map((a) => ({
      agency_id: a.agencyId,
      name_fa: a.nameFa,
      name_en: a.nameEn,
      kind: a.kind,
      sector: a.sector,
      parent_id: a.parentId,
      deadline: a.deadline,
    })),
  );
  wh.bumpDataVersion();
}
