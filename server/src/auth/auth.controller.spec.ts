import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { tokenExpiry } from './auth.controller.js';

const now = new Date('2026-12-01T06:00:00Z');

describe('tokenExpiry', () => {
  it('has none unless one is asked for', () => {
    expect(tokenExpiry({ name: 'x' }, now)).toBeNull();
    expect(tokenExpiry({ name: 'x', expiresAt: null }, now)).toBeNull();
    expect(tokenExpiry({ name: 'x', expiresAt: '' }, now)).toBeNull();
  });

  it('reads a day as the end of that day in Tehran, and an instant as itself', () => {
    expect(tokenExpiry({ expiresAt: '2026-12-31' }, now)?.toISOString()).toBe('2026-12-31T20:29:59.999Z');
    expect(tokenExpiry({ expiresAt: '2027-01-01T00:00:00Z' }, now)?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('refuses a past, far-off or unreadable expiry with a 400 that says why', () => {
    expect(() => tokenExpiry({ expiresAt: '2026-11-30' }, now)).toThrow(/in the future/);
    expect(() => tokenExpiry({ expiresAt: '2030-01-01' }, now)).toThrow(/within two years/);
    expect(() => tokenExpiry({ expiresAt: 'next week' }, now)).toThrow(BadRequestException);
    expect(() => tokenExpiry({ expiresAt: 7 }, now)).toThrow(/YYYY-MM-DD/);
  });
});
