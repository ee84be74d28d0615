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
}

/** The token's secret is in this answer only: it is stored hashed. */
export interface CreatedApiToken extends ApiTokenInfo {
  token: string;
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

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
}
