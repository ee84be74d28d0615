/**
 * Serves the built dashboard from the same origin as the API. Paths under /api and /health are
 * left to Nest; any other GET that is not a file gets index.html, so the dashboard's own URLs
 * (state in the URL) survive a reload.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

const API_PATH = /^\/(api|health)(\/|$)/;

export function serveWeb(app: INestApplication, webDist: string | null): boolean {
  const index = webDist ? join(webDist, 'index.html') : null;
  if (!webDist || !index || !existsSync(index)) return false;
  const assets = express.static(webDist, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATH.test(req.path)) return next();
    return assets(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PATH.test(req.path)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
