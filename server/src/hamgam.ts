/**
 * Starts Hamgam in one process: the warehouse (single writer), the built-in agency simulator, the
 * pipelines on their schedules, the API and the built dashboard.
 */
import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type Agency } from '@hamgam/shared';
import { type SourceConfig, applySourceOverrides, loadAgencyRegistry, loadSourcesFile, sourcesForFeedServer, startSimulator, syncRegistry } from '@hamgam/pipelines';
import { type Warehouse, migrateToLatest, openWarehouse } from '@hamgam/warehouse';
import express from 'express';
import { AppModule } from './app.module.js';
import { authMiddleware } from './auth/auth.middleware.js';
import { AuthService } from './auth/auth.service.js';
import { bodyErrors, securityHeaders, strictCors } from './security/security.middleware.js';
import { AggregateCache } from './cache/aggregate-cache.js';
import { aggregateCacheMiddleware, cachedHitFastPath } from './cache/aggregate-cache.interceptor.js';
import type { HamgamConfig } from './config.js';
import { PipelinesService } from './pipelines/pipelines.service.js';
import { serveWeb } from './web/serve-web.js';

export interface RunningHamgam {
  app: INestApplication;
  url: string;
  warehouse: Warehouse;
  agencies: Agency[];
  sources: SourceConfig[];
  simulatorUrl: string | null;
  pipelines: PipelinesService;
  close(): Promise<void>;
}

export async function startHamgam(config: HamgamConfig, opts: { logLevels?: LogLevel[] } = {}): Promise<RunningHamgam> {
  const logger = new Logger('Hamgam');
  // Loads take one connection each while they commit: leave room for the API's readers.
  const warehouse = await openWarehouse({ path: config.warehousePath, maxConnections: config.pipelineConcurrency + 4,
    memoryLimit: config.duckdbMemoryLimit ?? undefined,
    threads: config.duckdbThreads ?? undefined,
  });
  await migrateToLatest(warehouse.db);

  const agencies = loadAgencyRegistry();
  await syncRegistry(warehouse, agencies);

  let simulator: Awaited<ReturnType<typeof startSimulator>> | null = null;
  let sources: SourceConfig[] = [];
  if (config.feedUrl) {
    sources = sourcesForFeedServer(config.feedUrl, agencies, () => process.env.HAMGAM_FEED_TOKEN ?? null, config.pullSchedule);
  } else if (config.simulator.enabled) {
    simulator = await startSimulator({ port: config.simulator.port, seed: config.simulator.seed });
    sources = sourcesForFeedServer(simulator.url, agencies, simulator.tokenFor, config.pullSchedule);
  }
  if (config.sourcesFile) {
    sources = applySourceOverrides(sources, loadSourcesFile(config.sourcesFile, new Set(agencies.map((a) => a.agencyId))));
    logger.log(`sources configured by ${config.sourcesFile}`);
  }

  const cache = new AggregateCache();
  const app = await NestFactory.create(AppModule.forRoot({ config, warehouse, sources, cache }), {
    logger: opts.logLevels ?? ['log', 'warn', 'error'],
    bodyParser: false,
  });
  const auth = app.get(AuthService);
  await auth.bootstrap();
  const openapi = new DocumentBuilder()
    .setTitle('Hamgam API')
    .setDescription('Integration scoreboard of agencies on the national window of e-services.')
    .setVersion('1')
    .build();
  // Order matters: headers and CORS first, then the body (size-limited), then the caller, then the
  // cache, whose key is the caller's scope.
  app.use(securityHeaders());
  app.use(strictCors(config.corsOrigins));
  app.use(express.json({ limit: config.bodyLimit }), bodyErrors());
  app.use('/api/v1', authMiddleware(auth));
  app.use('/api/v1', aggregateCacheMiddleware(cache, warehouse));
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'api/docs/openapi.json' });
  if (!serveWeb(app, config.webDist)) logger.warn(`no built dashboard at ${config.webDist}: run the build to serve it at /`);

  // Cache hits of signed-in sessions are answered before Express (same headers, same scope, same
  // session check; see cachedHitFastPath); every other request goes to Express as before.
  const httpServer = app.getHttpServer() as import('node:http').Server;
  const handlers = httpServer.listeners('request') as ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void)[];
  if (handlers.length === 1) {
    const [expressApp] = handlers;
    const fastHit = cachedHitFastPath(cache, warehouse, auth, { poweredBy: app.getHttpAdapter().getInstance().enabled('x-powered-by') });
    httpServer.removeAllListeners('request');
    httpServer.on('request', (req, res) => {
      if (!fastHit(req, res)) expressApp.call(httpServer, req, res);
    });
  } else logger.warn(`the HTTP server has ${handlers.length} request listeners: cache hits go through Express`);

  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  if (simulator) logger.log(`agency simulator at ${simulator.url} (seed ${config.simulator.seed})`);
  logger.log(`warehouse ${config.warehousePath}`);
  logger.log(`Hamgam at http://localhost:${address.port}/ (API docs at /api/docs)`);

  return {
    app,
    url,
    warehouse,
    agencies,
    sources,
    simulatorUrl: simulator?.url ?? null,
    pipelines: app.get(PipelinesService),
    async close() {
      // Keep-alive connections would hold the HTTP server open: let requests in flight finish
      // for a moment, then drop whatever is left.
      const server = app.getHttpServer() as import('node:http').Server;
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 3_000);
      await app.close();
      clearTimeout(grace);
      await simulator?.close();
      await warehouse.close();
    },
  };
}
