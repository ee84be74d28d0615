/**
 * Caching of aggregate routes (scoreboard, exchange, agencies), in two halves:
 * - the interceptor stores each computed GET response under (URL, caller scope, data version);
 * - the middleware, which runs before Nest's routing, answers a repeated request straight from the
 *   cache, with 304 for a matching If-None-Match, without parsing or serializing anything again.
 * The key holds the caller's scope, so one role's response is never served to another.
 */
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { type Observable, map } from 'rxjs';
import type { Warehouse } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';
import { SECURITY_HEADERS } from '../security/security.middleware.js';
import { AggregateCache, GZIP_MIN_BYTES, acceptsGzip, bytesOf, gzipOf, matchesEtag } from './aggregate-cache.js';

export const AGGREGATE_CACHE = Symbol('AGGREGATE_CACHE');

/** The part of the caller that changes what a response may contain. */
export function scopeOf(req: Request): string {
  return scopeOfCaller((req as Request & { caller?: ScopedCaller }).caller);
}

interface ScopedCaller {
  role: string;
  agencyId?: string | null;
}

export function scopeOfCaller(caller: ScopedCaller | null | undefined): string {
  return caller ? `${caller.role}:${caller.agencyId ?? ''}` : 'public';
}

/**
 * A request sent with `Cache-Control: no-store` is computed afresh and not stored: what a
 * benchmark of the uncached path (or an operator checking a figure) asks for. Without it the
 * cache would answer from memory, and storing every such answer would push useful entries out.
 */
export function bypassesCache(req: Request): boolean {
  const header = req.headers['cache-control'];
  return header !== undefined && /(^|,)\s*no-store\s*(,|$)/i.test(String(header));
}

const CACHE_CONTROL = 'private, no-cache';
const VARY = 'Cookie, Authorization, Accept-Encoding';

function setCacheHeaders(res: Response, etag: string, state: 'hit' | 'miss'): void {
  res.setHeader('cache-control', CACHE_CONTROL);
  res.setHeader('vary', VARY);
  res.setHeader('etag', etag);
  res.setHeader('x-cache', state);
}

/** What Express's `res.json` sends, so a hit and a miss carry the same Content-Type. */
const JSON_TYPE = 'application/json; charset=utf-8';

@Injectable()
export class AggregateCacheInterceptor implements NestInterceptor {
  constructor(
    @Inject(AGGREGATE_CACHE) private readonly cache: AggregateCache,
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    if (req.method !== 'GET' || bypassesCache(req)) return next.handle();
    // The version is read before the work: a load committing meanwhile makes this entry stale at once.
    const key = this.cache.key(req.originalUrl, scopeOf(req), this.warehouse.getDataVersion());
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === undefined || res.statusCode >= 300) return body;
        const text = JSON.stringify(body);
        setCacheHeaders(res, this.cache.set(key, text).etag, 'miss');
        if (body === null || typeof body !== 'object') return body;
        // Serialised once: the stored text is what is sent (Nest sends a string as it is), not
        // the object again through res.json, which made a 215 KB scoreboard miss stringify twice.
        res.setHeader('content-type', JSON_TYPE);
        return text;
      }),
    );
  }
}

/**
 * Serves cache hits before routing; everything else goes on to Nest. A hit is written with the
 * bytes kept in the entry (gzipped or not) and Node's own `end`, not Express's `send`, which would
 * encode the body, look up the content type and check freshness again on every request (issue 8,
 * benchmark 3). The security headers and the caller (whose scope is part of the key) were set by
 * the middleware before this one, exactly as for any other answer.
 */
export function aggregateCacheMiddleware(cache: AggregateCache, warehouse: Warehouse) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || bypassesCache(req)) return next();
    const hit = cache.get(cache.key(req.originalUrl, scopeOf(req), warehouse.getDataVersion()));
    if (!hit) return next();
    setCacheHeaders(res, hit.etag, 'hit');
    if (matchesEtag(req.headers['if-none-match'], hit.etag)) return void res.status(304).end();
    res.statusCode = 200;
    res.setHeader('content-type', JSON_TYPE);
    let body: Buffer;
    if (hit.body.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding'])) {
      res.setHeader('content-encoding', 'gzip');
      body = gzipOf(hit);
    } else body = bytesOf(hit);
    res.setHeader('content-length', body.length);
    res.end(body);
  };
}

/**
 * Cache hits answered before Express, for the common case only: a GET under /api/v1/ with a session
 * cookie whose session the auth service read within the last second (`rememberedCaller`: signature
 * checked, memo fresh, session not expired — what `resolve` would accept without a query), no
 * Origin (CORS decides those), no bearer token (its use is audited), no body, no TLS or forwarded
 * protocol (HSTS), no `Cache-Control: no-store`. The key holds the caller's scope exactly as the
 * middleware's does, and the answer carries the same headers (security headers, cache headers,
 * X-Powered-By as Express sends it). Anything else returns false and goes through Express and the
 * middleware chain unchanged. Express's per-request setup (prototype swaps, the router's layers,
 * the middleware chain and a promise per request) was most of a hit's CPU (issue 8, benchmark 3).
 */
export function cachedHitFastPath(cache: AggregateCache, warehouse: Warehouse, auth: { rememberedCaller(req: Pick<Request, 'headers'>): ScopedCaller | null }, opts: { poweredBy: boolean }) {
  const prefix: string[] = opts.poweredBy ? ['x-powered-by', 'Express'] : [];
  for (const [name, value] of SECURITY_HEADERS) prefix.push(name, value);
  prefix.push('cache-control', CACHE_CONTROL, 'vary', VARY);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET') return false;
    const url = req.url;
    if (url === undefined || !url.startsWith('/api/v1/')) return false;
    const h = req.headers;
    if (h.origin !== undefined || h.authorization !== undefined || h['content-length'] !== undefined || h['transfer-encoding'] !== undefined || h['x-forwarded-proto'] !== undefined) return false;
    if ((req.socket as { encrypted?: boolean }).encrypted || bypassesCache(req as Request)) return false;
    const caller = auth.rememberedCaller(req as Request);
    if (!caller) return false;
    const hit = cache.get(cache.key(url, scopeOfCaller(caller), warehouse.getDataVersion()), false);
    if (!hit) return false;
    const headers = prefix.slice();
    headers.push('etag', hit.etag, 'x-cache', 'hit');
    if (matchesEtag(h['if-none-match'], hit.etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    let body: Buffer;
    if (hit.body.length >= GZIP_MIN_BYTES && acceptsGzip(h['accept-encoding'])) {
      body = gzipOf(hit);
      headers.push('content-type', JSON_TYPE, 'content-encoding', 'gzip', 'content-length', String(body.length));
    } else {
      body = bytesOf(hit);
      headers.push('content-type', JSON_TYPE, 'content-length', String(body.length));
    }
    res.writeHead(200, headers);
    res.end(body);
    return true;
  };
}
