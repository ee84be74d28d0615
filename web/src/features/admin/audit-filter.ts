/**
 * The audit log's filters, kept in the URL (`action`, `actor`, `from`, `to` as Tehran days, and
 * `before`, the paging cursor), and the query they make. A malformed value is dropped rather than
 * sent, so a hand-edited link shows the unfiltered log instead of an error.
 */
import { isIsoDay, type AuditQuery } from '@hamgam/shared';

export const AUDIT_PAGE_SIZE = 50;

/** The actions the server records (docs/decisions/0005), for the action filter. */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_in_throttled',
  'auth.sign_out',
  'token.create',
  'token.use',
  'token.revoke',
  'admin.user_create',
  'admin.user_update',
  'admin.first_admin',
  'report.export',
  'query.export',
] as const;

export const AUDIT_PARAMS = ['action', 'actor', 'from', 'to', 'before'] as const;

export interface AuditFilter {
  action: string | null;
  actor: string | null;
  from: string | null;
  to: string | null;
  before: number | null;
}

const ACTION = /^[a-z_]+\.[a-z_]+$/;

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
  const text = (name: string, ok: (v: string) => boolean) => {
    const v = params.get(name)?.trim();
    return v && ok(v) ? v : null;
  };
  const before = Number(params.get('before'));
  const from = text('from', isIsoDay);
  let to = text('to', isIsoDay);
  if (from && to && to < from) to = null;
  return {
    action: text('action', (v) => ACTION.test(v)),
    actor: text('actor', (v) => v.length <= 100),
    from,
    to,
    before: Number.isInteger(before) && before > 0 ? before : null,
  };
}

/** One more than a page, so the page knows whether an older one exists. */
export function auditQuery(filter: AuditFilter): AuditQuery {
  return {
    limit: AUDIT_PAGE_SIZE + 1,
    ...(filter.action && { action: filter.action }),
    ...(filter.actor && { actor: filter.actor }),
    ...(filter.from && { from: filter.from }),
    ...(filter.to && { to: filter.to }),
    ...(filter.before && { before: filter.before }),
  };
}

/** A detail object as short `key: value` pairs for a table cell (nested values as JSON). */
export function detailPairs(detail: unknown): [string, string][] {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return detail == null ? [] : [['', JSON.stringify(detail)]];
  return Object.entries(detail as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}
