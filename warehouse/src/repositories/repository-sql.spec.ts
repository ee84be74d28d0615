/**
 * Every repository query, as the SQL DuckDB receives, kept in `warehouse/sql/repositories.sql` for
 * review (after Immich). A change to a query changes that file: `npx vitest run warehouse -u`
 * rewrites it, and the diff shows the SQL change next to the TypeScript one.
 */
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../connection.js';
import { migrateToLatest } from '../migrate.js';
import type { Db } from './staged-upsert.js';
import { getAgency, listAgencies, listServicesOfAgency, upsertAgencies } from './agency.repository.js';
import { insertIntegrationEvents, upsertExchangeDaily, upsertServiceDaily, upsertServices } from './ingest.repository.js';
import {
  finishPipelineRun,
  getSourceState,
  insertRejectedRows,
  listPipelineRuns,
  listRejectedRows,
  listSourceStates,
  startPipelineRun,
  upsertSourceState,
} from './pipeline.repository.js';
import { appendRawRows, createRawStage, loadRawStage } from './feed-load.repository.js';
import { getPipelineRun, listAgencyFreshness, listRestatements, recordPipelineRun, setSourceBreakerState } from './pipeline.repository.js';
import { getSectorMedian, listAgencyStageChanges, listAgencyWeeks } from './agency-view.repository.js';
import { answerAnnotation, countOpenDisputes, getAnnotation, insertAnnotation, listAnnotations, resolveAnnotation, withdrawAnnotation } from './annotation.repository.js';
import { clusterFactTables, getFactTableLayout } from './fact-layout.repository.js';
import { getAgencyWeekFacts, getAgencyWeekFactsForWeeks, getScoreboardStandings, getScoreboardWeek, latestScoreboardWeek, listScoreboardWeeks, replaceScoreboardWeek, replaceScoreboardWeeks } from './scoreboard.repository.js';

const day = '2026-03-21';
const at = '2026-03-21T00:00:00Z';
const run = { run_id: 'r1', source_id: 's', agency_id: 'a', dataset: 'd', started_at: at, status: 'running', received: 0, loaded: 0, rejected: 0, duplicate: 0, finished_at: null, watermark_before: null, watermark_after: null, error: null };

/** One call per repository function, with just enough data for each query to run. */
const calls: [string, (db: Db) => Promise<unknown>][] = [
  ['upsertAgencies', (db) => upsertAgencies(db, [{ agency_id: 'a', name_fa: 'ا', name_en: 'A', kind: 'ministry', sector: 's', parent_id: null, deadline: null }])],
  ['listAgencies', (db) => listAgencies(db)],
  ['getAgency', (db) => getAgency(db, 'a')],
  ['listServicesOfAgency', (db) => listServicesOfAgency(db, 'a')],
  ['upsertServices', (db) => upsertServices(db, [{ service_id: 'x', agency_id: 'a', name_fa: 'x', name_en: 'x', is_key: true, stage: 'live', uses_national_sso: true, uses_exchange: false, updated_at: at, run_id: 'r1' }])],
  ['upsertServiceDaily', (db) => upsertServiceDaily(db, [{ date: day, service_id: 'x', agency_id: 'a', requests: 1, completed: 1, failed: 0, availability_pct: 100, latency_p50_ms: 1, latency_p95_ms: 2, satisfaction_sum: 5, satisfaction_count: 1, docs_asked: 0, docs_fetched: 1, run_id: 'r1' }])],
  // Again, the key now stored: the update of changed rows and the insert that skips stored keys.
  ['upsertServiceDaily (a stored key)', (db) => upsertServiceDaily(db, [{ date: day, service_id: 'x', agency_id: 'a', requests: 2, completed: 1, failed: 0, availability_pct: 100, latency_p50_ms: 1, latency_p95_ms: 2, satisfaction_sum: 5, satisfaction_count: 1, docs_asked: 0, docs_fetched: 1, run_id: 'r1' }])],
  ['upsertExchangeDaily', (db) => upsertExchangeDaily(db, [{ date: day, provider_agency_id: 'a', consumer_agency_id: 'b', data_service: 'd', calls: 1, failures: 0, latency_p50_ms: 1, latency_p95_ms: 2, run_id: 'r1' }])],
  ['insertIntegrationEvents', (db) => insertIntegrationEvents(db, [{ event_id: 'e', service_id: 'x', agency_id: 'a', occurred_at: at, from_stage: 'testing', to_stage: 'live', source_id: 's', run_id: 'r1' }])],
  ['startPipelineRun', (db) => startPipelineRun(db, run)],
  ['finishPipelineRun', (db) => finishPipelineRun(db, 'r1', { status: 'succeeded', finished_at: at })],
  ['insertRejectedRows', (db) => insertRejectedRows(db, [{ run_id: 'r1', source_id: 's', dataset: 'd', row_number: 1, reason: 'r', raw: '{}', rejected_at: at }])],
  ['listRejectedRows', (db) => listRejectedRows(db, { runId: 'r1', limit: 10 })],
  ['listPipelineRuns', (db) => listPipelineRuns(db, { limit: 10 })],
  ['upsertSourceState', (db) => upsertSourceState(db, { source_id: 's', agency_id: 'a', dataset: 'd', base_url: 'u', format: 'json', token: null, schedule: '* * * * *', enabled: true, watermark: null, last_run_id: null, last_success_at: null, last_error: null })],
  ['getSourceState', (db) => getSourceState(db, 's')],
  ['listSourceStates', (db) => listSourceStates(db)],
  ['recordPipelineRun', (db) => recordPipelineRun(db, { ...run, run_id: 'r2', status: 'succeeded' })],
  ['getPipelineRun', (db) => getPipelineRun(db, 'r2')],
  ['setSourceBreakerState', (db) => setSourceBreakerState(db, 's', 'half_open')],
  ['listRestatements', (db) => listRestatements(db, { runId: 'r1', limit: 10 })],
  ['listAgencyFreshness', (db) => listAgencyFreshness(db)],
  [
    'loadRawStage (service-metrics)',
    (db) =>
      db.transaction().execute(async (tx) => {
        await createRawStage(tx, 'service-metrics');
        await appendRawRows(tx, [[1n], ['{}'], [null], [day], ['x'], ['2'], ['1'], ['0'], ['100'], ['1'], ['2'], ['5'], ['1'], ['0'], ['1']]);
        return loadRawStage(tx, { runId: 'r3', sourceId: 's', dataset: 'service-metrics', agencyId: 'a', today: day, now: new Date(at) });
      }),
  ],
  ['getAgencyWeekFacts', (db) => getAgencyWeekFacts(db, { weekStart: day, weekEnd: '2026-03-27' })],
  ['getAgencyWeekFacts (one agency)', (db) => getAgencyWeekFacts(db, { weekStart: day, weekEnd: '2026-03-27' }, 'a')],
  ['replaceScoreboardWeek', (db) => replaceScoreboardWeek(db, '2026-03-27', [{ week_end: '2026-03-27', agency_id: 'a', methodology_version: '1.0.0', coverage: 1, identity: 1, exchange: 1, reliability: 1, experience: 1, index: 1, rank: 1, status: 'joined', expected_coverage: 1, services_total: 1, services_live: 1, computed_at: at }])],
  ['getAgencyWeekFactsForWeeks', (db) => getAgencyWeekFactsForWeeks(db, ['2026-03-27', '2026-04-03'])],
  ['replaceScoreboardWeeks', (db) => replaceScoreboardWeeks(db, ['2026-04-03'], [{ week_end: '2026-04-03', agency_id: 'a', methodology_version: '1.0.0', coverage: 1, identity: 1, exchange: 1, reliability: 1, experience: 1, index: 1, rank: 1, status: 'joined', expected_coverage: 1, services_total: 1, services_live: 1, computed_at: at }])],
  ['getScoreboardWeek', (db) => getScoreboardWeek(db, '2026-03-27')],
  ['getFactTableLayout', (db) => getFactTableLayout(db)],
  ['clusterFactTables', (db) => clusterFactTables(db)],
  ['getScoreboardStandings', (db) => getScoreboardStandings(db, '2026-03-20')],
  ['latestScoreboardWeek', (db) => latestScoreboardWeek(db)],
  ['listScoreboardWeeks', (db) => listScoreboardWeeks(db)],
  ['listAgencyWeeks', (db) => listAgencyWeeks(db, 'a')],
  ['getSectorMedian', (db) => getSectorMedian(db, '2026-03-27', 's')],
  ['getSectorMedian (every agency)', (db) => getSectorMedian(db, '2026-03-27', null)],
  ['listAgencyStageChanges', (db) => listAgencyStageChanges(db, 'a')],
  ['insertAnnotation', (db) => insertAnnotation(db, { annotation_id: 'n1', agency_id: 'a', week_end: '2026-03-27', figure: 'index', kind: 'dispute', body: 'b', status: 'open', created_by: 'u', created_at: at })],
  ['getAnnotation', (db) => getAnnotation(db, 'n1', ['a'])],
  ['listAnnotations', (db) => listAnnotations(db, { agencyIds: ['a'], agencyId: 'a', week: '2026-03-27', status: 'open', kind: 'dispute', limit: 10 })],
  ['answerAnnotation', (db) => answerAnnotation(db, 'n1', { text: 't', by: 'admin', at: new Date(at) })],
  ['resolveAnnotation', (db) => resolveAnnotation(db, 'n1', 'admin', new Date(at))],
  ['withdrawAnnotation', (db) => withdrawAnnotation(db, 'n1', 'u', new Date(at))],
  ['countOpenDisputes', (db) => countOpenDisputes(db, '2026-03-27')],
];

/** Trims the indentation template literals carry, so the file reads as plain SQL. */
function tidy(text: string): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const indent = Math.min(...lines.slice(1).map((l) => l.length - l.trimStart().length), Infinity);
  return [lines[0].trim(), ...lines.slice(1).map((l) => (Number.isFinite(indent) ? l.slice(indent) : l))].join('\n');
}

describe('repository SQL', () => {
  it('matches warehouse/sql/repositories.sql', async () => {
    let recorded: string[] = [];
    const warehouse = await openWarehouse({ path: ':memory:', log: (e) => {
        if (e.level === 'query') recorded.push(tidy(e.query.sql));
      },
    });
    try {
      await migrateToLatest(warehouse.db);
      const sections: string[] = [];
      for (const [name, call] of calls) {
        recorded = [];
        await call(warehouse.db);
        sections.push(`-- ${name}\n${recorded.map((q) => `${q};`).join('\n\n')}`);
      }
      await expect(`${sections.join('\n\n')}\n`).toMatchFileSnapshot('../../sql/repositories.sql');
    } finally {
      await warehouse.close();
    }
  });
});
