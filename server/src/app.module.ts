import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { APP_GUARD } from '@nestjs/core';
import type { SourceConfig } from '@hamgam/pipelines';
import type { Warehouse } from '@hamgam/warehouse';
import { AdminController } from './auth/admin.controller.js';
import { AdminUsersService } from './auth/admin-users.service.js';
import { AuditService } from './auth/audit.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { RolesGuard } from './auth/roles.guard.js';
import { AgenciesController } from './agencies/agencies.controller.js';
import { AgenciesService } from './agencies/agencies.service.js';
import { AnnotationsController } from './annotations/annotations.controller.js';
import { AnnotationsService } from './annotations/annotations.service.js';
import type { HamgamConfig } from './config.js';
import { ExchangeController } from './exchange/exchange.controller.js';
import { ExchangeService } from './exchange/exchange.service.js';
import { AggregateCache } from './cache/aggregate-cache.js';
import { AGGREGATE_CACHE, AggregateCacheInterceptor } from './cache/aggregate-cache.interceptor.js';
import { HealthController } from './health/health.controller.js';
import { PipelinesAdminService } from './pipelines/pipelines-admin.service.js';
import { PipelinesController } from './pipelines/pipelines.controller.js';
import { PipelinesScheduler } from './pipelines/pipelines.scheduler.js';
import { PipelinesService } from './pipelines/pipelines.service.js';
import { QUERY_CONTROLLERS, QUERY_PROVIDERS } from './query/query.providers.js';
import { ReportsController } from './reports/reports.controller.js';
import { ScoreboardController } from './scoreboard/scoreboard.controller.js';
import { ScoreboardService } from './scoreboard/scoreboard.service.js';
import { HAMGAM_CONFIG, SOURCES, WAREHOUSE } from './tokens.js';

export interface AppDeps {
  config: HamgamConfig;
  warehouse: Warehouse;
  sources: SourceConfig[];
  cache: AggregateCache;
}

@Module({})
export class AppModule {
  static forRoot(deps: AppDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [ScheduleModule.forRoot()],
      controllers: [HealthController, AuthController, AdminController, ScoreboardController, AgenciesController, ExchangeController, ReportsController, PipelinesController, AnnotationsController, ...QUERY_CONTROLLERS],
      providers: [
        { provide: HAMGAM_CONFIG, useValue: deps.config },
        { provide: WAREHOUSE, useValue: deps.warehouse },
        { provide: AGGREGATE_CACHE, useValue: deps.cache },
        AggregateCacheInterceptor,
        { provide: APP_GUARD, useClass: RolesGuard },
        AuditService,
        AuthService,
        AdminUsersService,
        { provide: SOURCES, useValue: deps.sources },
        ScoreboardService,
        AgenciesService,
        AnnotationsService,
        ExchangeService,
        PipelinesService,
        PipelinesScheduler,
        PipelinesAdminService,
        ...QUERY_PROVIDERS,
      ],
    };
  }
}
