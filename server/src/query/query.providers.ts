/** What the app module registers for analyst SQL: one line each there. */
import type { Provider } from '@nestjs/common';
import { AnalysisReplicaService } from './analysis-replica.service.js';
import { loadQueryConfig } from './query.config.js';
import { QueryController } from './query.controller.js';
import { QueryService } from './query.service.js';
import { QUERY_CONFIG } from './query.tokens.js';
import { SavedQueriesController } from './saved-queries.controller.js';
import { SavedQueriesService } from './saved-queries.service.js';

export const QUERY_CONTROLLERS = [QueryController, SavedQueriesController];

export const QUERY_PROVIDERS: Provider[] = [{ provide: QUERY_CONFIG, useFactory: () => loadQueryConfig(process.env) }, AnalysisReplicaService, QueryService, SavedQueriesService];
