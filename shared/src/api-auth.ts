/** Sign-in, API tokens and administration (`/api/v1/auth`, `/api/v1/admin`). */
import type { CallerRole } from './api-query.js';

/** `POST /api/v1/auth/sign-in` body. */
export interface SignInRequest {
  username: string;
  password: string;
}

/** `GET /api/v1/auth/me` and the sign-in answer. */
export interface MeResponse {
  userId: string;
  username: string;
  displayName: string;
  role: CallerRole;
  agencyId: string | null;
  /** How the caller authenticated. */
  via: 'session' | 'token';
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** When the token stops working by itself; null: valid until revoked. */
  expiresAt: string | null;
}

/** `POST /api/v1/auth/tokens` body. */
export interface CreateApiTokenRequest {
  name: string;
  /** Optional: an instant (ISO 8601) or a day (`YYYY-MM-DD`, valid through that Tehran day), in the future and within two years. */
  expiresAt?: string | null;
}

/** The token's secret is in this answer only: it is stored hashed. */
export interface CreatedApiToken extends ApiTokenInfo {
  token: string;
}

/** `GET /api/v1/admin/agencies`: the registry, to bind an agency user to its agency. */
export interface AdminAgencyOption {
  agencyId: string;
  nameFa: string;
  nameEn: string;
  sector: string;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: CallerRole;
  agencyId: string | null;
  createdAt: string;
  disabled: boolean;
}

/**
 * `GET /api/v1/admin/audit` query: `limit` (1–1000, default 200), `action`, `actor` (a username),
 * `from` / `to` (Tehran days `YYYY-MM-DD`, both inclusive), `before` (an entry id: the next page,
 * older than it). The answer is the entries newest first.
 */
export interface AuditQuery {
  limit?: number;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  before?: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
}
