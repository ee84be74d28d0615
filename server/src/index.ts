export * from './config.js';
export * from './hamgam.js';
export { AppModule } from './app.module.js';
export { PipelinesService } from './pipelines/pipelines.service.js';
export { QueryService } from './query/query.service.js';
export { AuthService, DEMO_ACCOUNTS, SESSION_COOKIE, hashPassword } from './auth/auth.service.js';
