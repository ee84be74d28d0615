import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AgencyDetailResponse, AgencyKind, ServiceStage } from '@hamgam/shared';
import { type Warehouse, getAgency, listServicesOfAgency } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';

@Injectable()
export class AgenciesService {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async agency(agencyId: string): Promise<AgencyDetailResponse> {
    const agency = await getAgency(this.warehouse.db, agencyId);
    if (!agency) throw new NotFoundException(`No agency with id "${agencyId}".`);
    const services = await listServicesOfAgency(this.warehouse.db, agencyId);
    return {
      agency: {
        agencyId: agency.agency_id,
        nameFa: agency.name_fa,
        nameEn: agency.name_en,
        kind: agency.kind as AgencyKind,
        sector: agency.sector,
        parentId: agency.parent_id,
        deadline: agency.deadline,
      },
      services: services.map((s) => ({
        serviceId: s.service_id,
        agencyId: s.agency_id,
        nameFa: s.name_fa,
        nameEn: s.name_en,
        isKey: s.is_key,
        stage: s.stage as ServiceStage,
        usesNationalSso: s.uses_national_sso,
        usesExchange: s.uses_exchange,
      })),
    };
  }
}
