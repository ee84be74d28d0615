/**
 * Response headers and CORS for every request. The CSP fits the built dashboard: Vite emits only
 * external module scripts and stylesheets (no inline script), the fonts are bundled, charts draw
 * on canvas; style-src keeps 'unsafe-inline' for the style attributes ECharts and React set.
 * Swagger UI (/api/docs) gets the same policy with inline styles and scripts it needs.
 */
import type { NextFunction, Request, Response } from 'express';
import { overTls } from '../auth/caller.js';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("img-src 'self' data: blob:", "img-src 'self' data: blob: https:");

/** Sent with every answer but the API docs (which get DOCS_CSP), in this order; HSTS besides over TLS. */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['content-security-policy', CSP],
  ['x-frame-options', 'DENY'],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'same-origin'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=()'],
];
export const HSTS: readonly [string, string] = ['strict-transport-security', 'max-age=31536000; includeSubDomains'];

export function securityHeaders() {
  return (req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    if (req.path.startsWith('/api/docs')) res.setHeader('content-security-policy', DOCS_CSP);
    if (overTls(req)) res.setHeader(HSTS[0], HSTS[1]);
    next();
  };
}

function sameOrigin(req: Request, origin: string): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * No cross-origin use unless the origin is on HAMGAM_CORS_ORIGINS. Browsers already keep other
 * sites from reading answers; a state-changing request from another origin is refused outright,
 * on top of the SameSite=Lax cookie, so no form or fetch elsewhere can act as a signed-in user.
 */
export function strictCors(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (!origin || sameOrigin(req, origin)) return next();
    if (allowed.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.append('vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, DELETE');
        res.setHeader('access-control-allow-headers', 'content-type, authorization, accept');
        res.setHeader('access-control-max-age', '600');
        return void res.status(204).end();
      }
      return next();
    }
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.status(403).json({ statusCode: 403, message: 'Cross-origin requests are not allowed.', error: 'Forbidden' });
  };
}

/** Body parser errors (too large, malformed JSON) as JSON answers with their status. */
export function bodyErrors() {
  return (error: { status?: number; type?: string; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!error?.status) return next(error);
    const message = error.type === 'entity.too.large' ? 'The request body is too large.' : error.type === 'entity.parse.failed' ? 'The request body is not valid JSON.' : (error.message ?? 'Bad request');
    res.status(error.status).json({ statusCode: error.status, message, error: error.status === 413 ? 'Payload Too Large' : 'Bad Request' });
  };
}
