import { describe, expect, it } from 'vitest';
import type { ApiTokenInfo } from '@hamgam/shared';
import { addDays, expiryDay, tehranToday, tokenState } from './token-expiry';

describe('token expiry', () => {
  it("counts from today in Tehran, which starts three and a half hours before UTC's", () => {
    expect(tehranToday(new Date('2026-12-01T20:29:00Z'))).toBe('2026-12-01');
    expect(tehranToday(new Date('2026-12-01T20:31:00Z'))).toBe('2026-12-02');
    expect(expiryDay('30', new Date('2026-12-01T06:00:00Z'), '')).toBe('2026-12-31');
    expect(expiryDay('365', new Date('2026-12-01T06:00:00Z'), '')).toBe('2027-12-01');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('sends no expiry for never, and the picked day as it is', () => {
    expect(expiryDay('never', new Date(), '2027-01-01')).toBeNull();
    expect(expiryDay('date', new Date(), '2027-01-01')).toBe('2027-01-01');
  });

  it('tells an active token from a revoked and an expired one', () => {
    const base: ApiTokenInfo = { id: 't', name: 'n', createdAt: '2026-11-01T00:00:00Z', lastUsedAt: null, revokedAt: null, expiresAt: null };
    const now = new Date('2026-12-01T00:00:00Z');
    expect(tokenState(base, now)).toBe('active');
    expect(tokenState({ ...base, expiresAt: '2026-12-02T00:00:00Z' }, now)).toBe('active');
    expect(tokenState({ ...base, expiresAt: '2026-11-30T00:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ ...base, expiresAt: '2026-11-30T00:00:00Z', revokedAt: '2026-11-15T00:00:00Z' }, now)).toBe('revoked');
  });
});
