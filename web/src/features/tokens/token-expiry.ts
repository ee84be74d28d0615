/**
 * A new token's expiry as the owner picks it (never, in 30 or 90 days, in a year, or on a day),
 * sent to the server as a Tehran day `YYYY-MM-DD`, which the server reads as the end of that day.
 */
import type { ApiTokenInfo } from '@hamgam/shared';

export const EXPIRY_CHOICES = ['never', '30', '90', '365', 'date'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

const TEHRAN_OFFSET_MS = 3.5 * 3_600_000;
const DAY_MS = 86_400_000;

/** Today in Tehran (Iran keeps +03:30 all year since 2022), `YYYY-MM-DD`. */
export const tehranToday = (now: Date): string => new Date(now.getTime() + TEHRAN_OFFSET_MS).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The `expiresAt` to send: null for never; the chosen day (or '' when none was picked yet). */
export function expiryDay(choice: ExpiryChoice, now: Date, pickedDay: string): string | null {
  if (choice === 'never') return null;
  if (choice === 'date') return pickedDay;
  return addDays(tehranToday(now), Number(choice));
}

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(token: ApiTokenInfo, now: Date): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
