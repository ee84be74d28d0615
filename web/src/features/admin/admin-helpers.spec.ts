import { describe, expect, it } from 'vitest';
import type { AdminUser } from '@hamgam/shared';
import { AUDIT_PAGE_SIZE, auditQuery, detailPairs, parseAuditFilter } from './audit-filter';
import { editOf, userChange } from './user-change';

const sara: AdminUser = { id: 'u1', username: 'sara', displayName: 'Sara', role: 'agency', agencyId: 'ncr', createdAt: '2026-11-01T00:00:00Z', disabled: false };

describe('userChange', () => {
  it('sends nothing when nothing changed', () => {
    expect(userChange(sara, editOf(sara))).toEqual({});
  });

  it('sends only what changed', () => {
    expect(userChange(sara, { ...editOf(sara), disabled: true })).toEqual({ disabled: true });
    expect(userChange(sara, { ...editOf(sara), password: 'a-new-password' })).toEqual({ password: 'a-new-password' });
    expect(userChange(sara, { ...editOf(sara), displayName: '  Sara K ' })).toEqual({ displayName: 'Sara K' });
  });

  it("names the agency when an agency user's binding changes, and drops it for other roles", () => {
    expect(userChange(sara, { ...editOf(sara), agencyId: 'mfa' })).toEqual({ agencyId: 'mfa' });
    expect(userChange(sara, { ...editOf(sara), role: 'analyst' })).toEqual({ role: 'analyst' });
    const ali: AdminUser = { ...sara, role: 'minister', agencyId: null };
    expect(userChange(ali, { ...editOf(ali), role: 'agency', agencyId: 'ncr' })).toEqual({ role: 'agency', agencyId: 'ncr' });
    // No agency picked: sent as null so the server's refusal says what is missing.
    expect(userChange(ali, { ...editOf(ali), role: 'agency' })).toEqual({ role: 'agency', agencyId: null });
  });
});

describe('audit filter', () => {
  it('reads the filters from the URL and asks one more than a page', () => {
    const f = parseAuditFilter(new URLSearchParams('action=auth.sign_in&actor=admin&from=2026-11-01&to=2026-11-30&before=120'));
    expect(f).toEqual({ action: 'auth.sign_in', actor: 'admin', from: '2026-11-01', to: '2026-11-30', before: 120 });
    expect(auditQuery(f)).toEqual({ limit: AUDIT_PAGE_SIZE + 1, action: 'auth.sign_in', actor: 'admin', from: '2026-11-01', to: '2026-11-30', before: 120 });
  });

  it('drops malformed values instead of sending them', () => {
    const f = parseAuditFilter(new URLSearchParams('action=DROP TABLE&from=yesterday&to=2026-13-40&before=-4'));
    expect(f).toEqual({ action: null, actor: null, from: null, to: null, before: null });
    expect(auditQuery(f)).toEqual({ limit: AUDIT_PAGE_SIZE + 1 });
    expect(parseAuditFilter(new URLSearchParams('from=2026-11-30&to=2026-11-01')).to).toBeNull();
  });

  it('shows a detail object as pairs', () => {
    expect(detailPairs({ name: 'notebook', via: 'session', n: 2 })).toEqual([['name', 'notebook'], ['via', 'session'], ['n', '2']]);
    expect(detailPairs(null)).toEqual([]);
  });
});
