/**
 * Every migration, in order, imported in code: a file-system provider would look for `.ts` in
 * `src` and `.js` in `dist` and break in one of them.
 */
import type { Migration } from 'kysely';
import * as schemaV1 from './1795861295824-SchemaV1.js';
import * as pipelineReliability from './1795862536692-PipelineReliability.js';
import * as analystWorkbench from './1795863129810-AnalystWorkbench.js';
import * as accounts from './1795865417232-Accounts.js';
import * as tokenExpiry from './1796106007782-TokenExpiry.js';
import * as annotations from './1796106110361-Annotations.js';
import * as annotationWithdrawal from './1796135476090-AnnotationWithdrawal.js';

export const migrations: Record<string, Migration> = {
  '1795861295824-SchemaV1': schemaV1,
  '1795862536692-PipelineReliability': pipelineReliability,
  '1795863129810-AnalystWorkbench': analystWorkbench,
  '1795865417232-Accounts': accounts,
  '1796106007782-TokenExpiry': tokenExpiry,
  '1796106110361-Annotations': annotations,
  '1796135476090-AnnotationWithdrawal': annotationWithdrawal,
};
