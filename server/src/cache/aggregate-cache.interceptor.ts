/**
 * Caching of aggregate routes (scoreboard, exchange, agencies), in two halves:
 * - the interceptor stores each computed GET response under (URL, caller scope, data version);
 * - the middleware, which runs before Nest's routing, answers a repeated request straight from the
 *   cache, with 304 for a matching If-None-Match, without parsing or serializing anything again.
 * The key holds the caller's scope, so one role's response is never served to another.
 */
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type Observable, tap } from 'rxjs';
import type { Warehouse } from '@hamgam/warehouse';
import { WAREHOUSE } from '../tokens.js';
import { AggregateCache, GZIP_MIN_BYTES, acceptsGzip, bytesOf, gzipOf, matchesEtag } from './aggregate-cache.js';

export const AGGREGATE_CACHE = Symbol('AGGREGATE_CACHE');

/** The part of the caller that changes what a response may contain. */
export function scopeOf(req: Request): string {
  const caller = (req as Request & { caller?: { role: string; agencyId?: string | null } }).caller;
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

function setCacheHeaders(res: Response, etag: string, state: 'hit' | 'miss'): void {
  res.setHeader('cache-control', 'private, no-cache');
  res.setHeader('vary', 'Cookie, Authorization, Accept-Encoding');
  res.setHeader('etag', etag);
  res.setHeader('x-cache', state);
}

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
      tap((body) => {
        if (body === undefined || res.statusCode >= 300) return;
        setCacheHeaders(res, this.cache.set(key, JSON.stringify(body)).etag, 'miss');
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

/** What Express's `res.json` sends, so a hit and a miss carry the same Content-Type. */
const JSON_TYPE = 'application/json; charset=utf-8';
