/** Writes the audit log: sign-ins, failed sign-ins, exports, token use and admin changes. */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditEntry } from '@hamgam/shared';
import { type AuditFilter, type Warehouse, insertAudit, listAudit } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';
import { type AuthCaller, clientIp } from './caller.js';

export interface AuditEvent {
  actor: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async record(event: AuditEvent): Promise<void> {
    try {
      await insertAudit(this.warehouse.db, {
        at: new Date(),
        actor: event.actor,
        action: event.action,
        target: event.target ?? null,
        detail: event.detail ? JSON.stringify(event.detail) : null,
        ip: event.ip ?? null,
      });
    } catch (error) {
      // The action itself has happened: losing its trace is logged loudly rather than failing it.
      this.logger.error(`could not record ${event.action} by ${event.actor ?? '-'}: ${(error as Error).message}`);
    }
  }

  /** An action by the request's caller. */
  byCaller(req: Request, caller: AuthCaller, action: string, target: string | null, detail?: Record<string, unknown>): Promise<void> {
    return this.record({ actor: caller.username, action, target, detail: { ...detail, via: caller.via }, ip: clientIp(req) });
  }

  async list(limit: number, filter: Omit<AuditFilter, 'limit'> = {}): Promise<AuditEntry[]> {
    const rows = await listAudit(this.warehouse.db, { ...filter, limit });
    return rows.map((r) => ({
      id: Number(r.audit_id),
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      detail: r.detail === null ? null : typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
      ip: r.ip,
    }));
  }
}
