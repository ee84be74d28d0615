/**
 * The dashboard's one HTTP client. Same origin as the server (`/api/v1`), JSON only; response
 * types come from `@hamgam/shared` so a change to the API shape breaks the web's typecheck.
 */
import type {
  AdminAgencyOption,
  AdminUser,
  AgencyDetailResponse,
  AgencyExchangeResponse,
  ApiTokenInfo,
  AuditEntry,
  AuditQuery,
  CreateApiTokenRequest,
  CreatedApiToken,
  AgencyImprovementsResponse,
  AgencyTrendResponse,
  Annotation,
  AnnotationsResponse,
  AnnotationStatus,
  CreateAnnotationRequest,
  MeResponse,
  SectorMedianResponse,
  BreakdownResponse,
  ExchangeNetworkResponse,
  MoversResponse,
  OnceOnlyResponse,
  PipelineRunStatus,
  PipelineRunsResponse,
  PipelineSourcesResponse,
  RejectedRowsResponse,
  ScoreboardResponse,
  ScoreboardWeeksResponse,
  TrendResponse,
} from '@hamgam/shared';

export const API_BASE = '/api/v1';

/** An HTTP answer other than 2xx; `status` 0 means the request never got an answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function requestJson<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, path, err instanceof Error ? err.message : String(err));
  }
  return readJson<T>(res, path);
}

/** A response's JSON, or an ApiError with the server's message (`path` names it in the error). */
export async function readJson<T>(res: Response, path: string): Promise<T> {
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const answer = (await res.json()) as { message?: unknown };
      if (typeof answer.message === 'string') detail = answer.message;
      else if (Array.isArray(answer.message)) detail = answer.message.join('; ');
    } catch {
      // a non-JSON error page: the status line is all we have
    }
    throw new ApiError(res.status, path, detail || `HTTP ${res.status}`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => requestJson<T>('GET', path, undefined, signal);

/** A JSON request that changes something; the answer as JSON, or an ApiError with the server's message. */
const sendJson = <T>(method: string, path: string, body: unknown): Promise<T> => requestJson<T>(method, path, body);

/** The signed-in caller: role and, for an agency user, its agency. */
export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return getJson<MeResponse>('/auth/me', signal);
}

export function fetchImprovements(agencyId: string, week: string | null, signal?: AbortSignal): Promise<AgencyImprovementsResponse> {
  return getJson<AgencyImprovementsResponse>(`/agencies/${encodeURIComponent(agencyId)}/improvements${queryString({ week })}`, signal);
}

export function fetchSectorMedian(agencyId: string, week: string | null, signal?: AbortSignal): Promise<SectorMedianResponse> {
  return getJson<SectorMedianResponse>(`/agencies/${encodeURIComponent(agencyId)}/sector-median${queryString({ week })}`, signal);
}

export function fetchAgencyTrend(agencyId: string, signal?: AbortSignal): Promise<AgencyTrendResponse> {
  return getJson<AgencyTrendResponse>(`/agencies/${encodeURIComponent(agencyId)}/trend`, signal);
}

export interface AnnotationsFilter {
  agency?: string;
  week?: string;
  status?: AnnotationStatus;
  limit?: number;
}

export function fetchAnnotations(filter: AnnotationsFilter, signal?: AbortSignal): Promise<AnnotationsResponse> {
  return getJson<AnnotationsResponse>(`/annotations${queryString(filter)}`, signal);
}

export function createAnnotation(body: CreateAnnotationRequest): Promise<Annotation> {
  return sendJson<Annotation>('POST', '/annotations', body);
}

export function answerAnnotation(id: string, text: string): Promise<Annotation> {
  return sendJson<Annotation>('POST', `/annotations/${encodeURIComponent(id)}/answer`, { text });
}

export function resolveAnnotation(id: string, text?: string): Promise<Annotation> {
  return sendJson<Annotation>('POST', `/annotations/${encodeURIComponent(id)}/resolve`, text ? { text } : {});
}

/** Its agency takes an open note or dispute back. */
export function withdrawAnnotation(id: string): Promise<Annotation> {
  return sendJson<Annotation>('POST', `/annotations/${encodeURIComponent(id)}/withdraw`, {});
}

/** `week` is the week's Friday, `YYYY-MM-DD`; without it the server answers the latest week. */
export function fetchScoreboard(week: string | null, signal?: AbortSignal): Promise<ScoreboardResponse> {
  const query = week ? `?${new URLSearchParams({ week })}` : '';
  return getJson<ScoreboardResponse>(`/scoreboard${query}`, signal);
}

export interface RunsFilter {
  limit?: number;
  status?: PipelineRunStatus;
  agency?: string;
  dataset?: string;
}

export interface RejectsFilter {
  limit?: number;
  runId?: string;
  agency?: string;
  dataset?: string;
}

/** `?a=1&b=2` from the filter's set values; empty when none is set. */
export function queryString(filter: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `?${q}` : '';
}

export function fetchPipelineRuns(filter: RunsFilter, signal?: AbortSignal): Promise<PipelineRunsResponse> {
  return getJson<PipelineRunsResponse>(`/pipelines/runs${queryString(filter)}`, signal);
}

export function fetchPipelineRejects(filter: RejectsFilter, signal?: AbortSignal): Promise<RejectedRowsResponse> {
  return getJson<RejectedRowsResponse>(`/pipelines/rejects${queryString(filter)}`, signal);
}

export function fetchPipelineSources(signal?: AbortSignal): Promise<PipelineSourcesResponse> {
  return getJson<PipelineSourcesResponse>('/pipelines/sources', signal);
}

export function fetchScoreboardWeeks(signal?: AbortSignal): Promise<ScoreboardWeeksResponse> {
  return getJson<ScoreboardWeeksResponse>('/scoreboard/weeks', signal);
}

export function fetchTrend(signal?: AbortSignal): Promise<TrendResponse> {
  return getJson<TrendResponse>('/scoreboard/trend', signal);
}

export function fetchMovers(week: string | null, signal?: AbortSignal): Promise<MoversResponse> {
  return getJson<MoversResponse>(`/scoreboard/movers${queryString({ week })}`, signal);
}

export function fetchBreakdown(agencyId: string, week: string | null, signal?: AbortSignal): Promise<BreakdownResponse> {
  return getJson<BreakdownResponse>(`/agencies/${encodeURIComponent(agencyId)}/breakdown${queryString({ week })}`, signal);
}

export function fetchOnceOnly(from: string, to: string, signal?: AbortSignal): Promise<OnceOnlyResponse> {
  return getJson<OnceOnlyResponse>(`/exchange/once-only${queryString({ from, to })}`, signal);
}

/** The exchange network of `from`–`to` (default: the server's four weeks), optionally the pairs touching one sector. */
export function fetchExchangeNetwork(range: { from: string | null; to: string | null; sector: string | null }, signal?: AbortSignal): Promise<ExchangeNetworkResponse> {
  return getJson<ExchangeNetworkResponse>(`/exchange/network${queryString(range)}`, signal);
}

export function fetchAgencyExchange(agencyId: string, range: { from: string; to: string }, signal?: AbortSignal): Promise<AgencyExchangeResponse> {
  return getJson<AgencyExchangeResponse>(`/exchange/agencies/${encodeURIComponent(agencyId)}${queryString(range)}`, signal);
}

/** The download link of the week's table (the server writes the file: UTF-8 CSV with BOM, or XLSX). */
export function weeklyReportHref(week: string, format: 'csv' | 'xlsx', lang: string): string {
  return `${API_BASE}/reports/weekly${queryString({ week, format, lang })}`;
}

// ---- accounts (issue 5)

export function fetchAgency(agencyId: string, signal?: AbortSignal): Promise<AgencyDetailResponse> {
  return getJson<AgencyDetailResponse>(`/agencies/${encodeURIComponent(agencyId)}`, signal);
}

export function fetchTokens(signal?: AbortSignal): Promise<ApiTokenInfo[]> {
  return getJson<ApiTokenInfo[]>('/auth/tokens', signal);
}

export function createToken(request: CreateApiTokenRequest): Promise<CreatedApiToken> {
  return requestJson<CreatedApiToken>('POST', '/auth/tokens', request);
}

export function revokeToken(tokenId: string): Promise<void> {
  return requestJson<void>('DELETE', `/auth/tokens/${encodeURIComponent(tokenId)}`, undefined);
}

export function fetchUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  return getJson<AdminUser[]>('/admin/users', signal);
}

export function fetchAdminAgencies(signal?: AbortSignal): Promise<AdminAgencyOption[]> {
  return getJson<AdminAgencyOption[]>('/admin/agencies', signal);
}

export interface UserChange {
  username?: string;
  displayName?: string;
  role?: AdminUser['role'];
  agencyId?: string | null;
  password?: string;
  disabled?: boolean;
}

export function createUser(user: UserChange): Promise<AdminUser> {
  return requestJson<AdminUser>('POST', '/admin/users', user);
}

export function updateUser(userId: string, change: UserChange): Promise<AdminUser> {
  return requestJson<AdminUser>('PATCH', `/admin/users/${encodeURIComponent(userId)}`, change);
}

export function fetchAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
  return getJson<AuditEntry[]>(`/admin/audit${queryString(query)}`, signal);
}
