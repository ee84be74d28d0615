/** Medium tests: annotations and the agency view's reads on a real, migrated DuckDB. */
import type { Insertable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../connection.js';
import type { ScoreboardWeeklyTable } from '../schema.js';
import { openMigratedWarehouse } from '../testing.js';
import { upsertAgencies } from './agency.repository.js';
import { getSectorMedian, listAgencyStageChanges, listAgencyWeeks } from './agency-view.repository.js';
import { answerAnnotation, countOpenDisputes, getAnnotation, insertAnnotation, listAnnotations, resolveAnnotation, withdrawAnnotation } from './annotation.repository.js';
import { insertIntegrationEvents, upsertServices } from './ingest.repository.js';
import { replaceScoreboardWeek } from './scoreboard.repository.js';

let wh: Warehouse;

const agency = (agencyId: string, sector: string) => ({ agency_id: agencyId, name_fa: `دستگاه ${agencyId}`, name_en: `Agency ${agencyId}`, kind: 'ministry', sector, parent_id: null, deadline: null });

function row(weekEnd: string, agencyId: string, rank: number, index: number): Insertable<ScoreboardWeeklyTable> {
  return {
    week_end: weekEnd, agency_id: agencyId, methodology_version: '1.0.0', coverage: index, identity: index / 2, exchange: 10, reliability: 20, experience: 30,
    index, rank, status: 'on_track', expected_coverage: 40, services_total: 4, services_live: 2, computed_at: '2026-03-28T00:00:00Z',
  };
}

const note = (id: string, agencyId: string, kind: string, figure = 'index', week = '2026-03-27') => ({
  annotation_id: id, agency_id: agencyId, week_end: week, figure, kind, body: `text ${id}`, status: 'open', created_by: `${agencyId}.user`, created_at: new Date(`2026-03-28T0${id.length}:00:00Z`),
});

beforeEach(async () => {
  wh = await openMigratedWarehouse();
  await upsertAgencies(wh.db, [agency('a1', 'health'), agency('a2', 'health'), agency('a3', 'health'), agency('b1', 'energy')]);
  await replaceScoreboardWeek(wh.db, '2026-03-20', [row('2026-03-20', 'a1', 2, 40), row('2026-03-20', 'a2', 1, 50)]);
  await replaceScoreboardWeek(wh.db, '2026-03-27', [row('2026-03-27', 'a1', 3, 30), row('2026-03-27', 'a2', 2, 60), row('2026-03-27', 'a3', 4, 20), row('2026-03-27', 'b1', 1, 90)]);
});

afterEach(async () => {
  await wh.close();
});

describe('annotation repository', () => {
  it('stores, answers and resolves; a resolved one cannot be resolved twice', async () => {
    await insertAnnotation(wh.db, note('n1', 'a1', 'dispute', 'reliability'));
    expect(await answerAnnotation(wh.db, 'n1', { text: 'seen', by: 'admin', at: new Date('2026-03-29T10:00:00Z') })).toBe(true);
    expect(await resolveAnnotation(wh.db, 'n1', 'admin', new Date('2026-03-29T11:00:00Z'))).toBe(true);
    expect(await resolveAnnotation(wh.db, 'n1', 'admin', new Date())).toBe(false);
    expect(await answerAnnotation(wh.db, 'nope', { text: 'x', by: 'admin', at: new Date() })).toBe(false);
    const got = await getAnnotation(wh.db, 'n1');
    expect(got).toMatchObject({ agency_id: 'a1', week_end: '2026-03-27', figure: 'reliability', kind: 'dispute', status: 'resolved', answer: 'seen', answered_by: 'admin', resolved_by: 'admin', name_en: 'Agency a1' });
    expect(new Date(got!.resolved_at!).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });

  it('withdraws an open one only; a withdrawn dispute no longer counts, and lists after the open ones', async () => {
    await insertAnnotation(wh.db, note('n1', 'a1', 'dispute'));
    await insertAnnotation(wh.db, note('n22', 'a1', 'dispute'));
    await insertAnnotation(wh.db, note('n333', 'a1', 'dispute'));
    await resolveAnnotation(wh.db, 'n333', 'admin', new Date());
    expect(await withdrawAnnotation(wh.db, 'n333', 'a1.user', new Date())).toBe(false);
    expect(await withdrawAnnotation(wh.db, 'n22', 'a1.user', new Date('2026-03-30T08:00:00Z'))).toBe(true);
    expect(await withdrawAnnotation(wh.db, 'n22', 'a1.user', new Date())).toBe(false);
    expect(await withdrawAnnotation(wh.db, 'nope', 'a1.user', new Date())).toBe(false);
    // An answer no longer lands on a withdrawn one (the update checks); a resolved one still takes one.
    expect(await answerAnnotation(wh.db, 'n22', { text: 'late', by: 'admin', at: new Date() })).toBe(false);
    expect(await answerAnnotation(wh.db, 'n333', { text: 'amended', by: 'admin', at: new Date() })).toBe(true);
    const got = await getAnnotation(wh.db, 'n22');
    expect(got).toMatchObject({ status: 'withdrawn', withdrawn_by: 'a1.user', resolved_by: null, answer: null });
    expect(new Date(got!.withdrawn_at!).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(await countOpenDisputes(wh.db, '2026-03-27')).toEqual([{ agency_id: 'a1', figure: 'index', disputes: 1 }]);
    expect((await listAnnotations(wh.db, { limit: 10 })).map((r) => r.annotation_id)[0]).toBe('n1');
  });

  it("keeps the scope in the query: another agency's annotation is not found, an empty scope finds none", async () => {
    await insertAnnotation(wh.db, note('n1', 'a1', 'note'));
    await insertAnnotation(wh.db, note('n22', 'a2', 'dispute'));
    expect(await getAnnotation(wh.db, 'n22', ['a1'])).toBeUndefined();
    expect((await getAnnotation(wh.db, 'n22', ['a2']))?.annotation_id).toBe('n22');
    expect((await listAnnotations(wh.db, { agencyIds: ['a1'], limit: 10 })).map((r) => r.annotation_id)).toEqual(['n1']);
    expect(await listAnnotations(wh.db, { agencyIds: ['a1'], agencyId: 'a2', limit: 10 })).toEqual([]);
    expect(await listAnnotations(wh.db, { agencyIds: [], limit: 10 })).toEqual([]);
    expect(await getAnnotation(wh.db, 'n1', [])).toBeUndefined();
  });

  it('lists open ones first, newest first, with filters', async () => {
    await insertAnnotation(wh.db, note('n1', 'a1', 'note'));
    await insertAnnotation(wh.db, note('n22', 'a2', 'dispute'));
    await insertAnnotation(wh.db, note('n333', 'a1', 'dispute', 'coverage', '2026-03-20'));
    await resolveAnnotation(wh.db, 'n333', 'admin', new Date());
    expect((await listAnnotations(wh.db, { limit: 10 })).map((r) => r.annotation_id)).toEqual(['n22', 'n1', 'n333']);
    expect((await listAnnotations(wh.db, { status: 'open', kind: 'dispute', limit: 10 })).map((r) => r.annotation_id)).toEqual(['n22']);
    expect((await listAnnotations(wh.db, { week: '2026-03-20', limit: 10 })).map((r) => r.annotation_id)).toEqual(['n333']);
    expect(await listAnnotations(wh.db, { limit: 1 })).toHaveLength(1);
  });

  it('counts the open disputes of a week per agency and figure, not notes nor resolved ones', async () => {
    await insertAnnotation(wh.db, note('n1', 'a1', 'dispute', 'index'));
    await insertAnnotation(wh.db, note('n22', 'a1', 'dispute', 'index'));
    await insertAnnotation(wh.db, note('n333', 'a1', 'dispute', 'coverage'));
    await insertAnnotation(wh.db, note('n4444', 'a2', 'note', 'index'));
    await insertAnnotation(wh.db, note('n55555', 'a2', 'dispute', 'index'));
    await insertAnnotation(wh.db, note('n666666', 'a3', 'dispute', 'index', '2026-03-20'));
    await resolveAnnotation(wh.db, 'n55555', 'admin', new Date());
    expect(await countOpenDisputes(wh.db, '2026-03-27')).toEqual([
      { agency_id: 'a1', figure: 'coverage', disputes: 1 },
      { agency_id: 'a1', figure: 'index', disputes: 2 },
    ]);
  });
});

describe('agency view reads', () => {
  it("lists one agency's weeks, oldest first, with how many agencies were ranked", async () => {
    expect(await listAgencyWeeks(wh.db, 'a1')).toEqual([
      { week_end: '2026-03-20', methodology_version: '1.0.0', index: 40, rank: 2, agencies: 2, status: 'on_track', coverage: 40, expected_coverage: 40 },
      { week_end: '2026-03-27', methodology_version: '1.0.0', index: 30, rank: 3, agencies: 4, status: 'on_track', coverage: 30, expected_coverage: 40 },
    ]);
    expect(await listAgencyWeeks(wh.db, 'nobody')).toEqual([]);
  });

  it("gives the median of the sector's agencies that week, other sectors left out", async () => {
    // health: indexes 30, 60, 20 → 30; identity 15, 30, 10 → 15. energy's 90 is not in it.
    expect(await getSectorMedian(wh.db, '2026-03-27', 'health')).toEqual({ agencies: 3, index: 30, coverage: 30, identity: 15, exchange: 10, reliability: 20, experience: 30 });
    // an even count: the mean of the middle two
    expect(await getSectorMedian(wh.db, '2026-03-20', 'health')).toMatchObject({ agencies: 2, index: 45 });
    expect(await getSectorMedian(wh.db, '2026-03-27', 'none')).toMatchObject({ agencies: 0, index: null });
    // every agency: 20, 30, 60, 90 → 45
    expect(await getSectorMedian(wh.db, '2026-03-27', null)).toMatchObject({ agencies: 4, index: 45 });
  });

  it("lists one agency's stage changes, newest first", async () => {
    const svc = (id: string, agencyId: string) => ({ service_id: id, agency_id: agencyId, name_fa: id, name_en: id, is_key: false, stage: 'live', uses_national_sso: false, uses_exchange: false, updated_at: '2026-03-01T00:00:00Z', run_id: 'r0' });
    await upsertServices(wh.db, [svc('s1', 'a1'), svc('s2', 'a2')]);
    const ev = (id: string, service: string, agencyId: string, at: string, from: string, to: string) => ({ event_id: id, service_id: service, agency_id: agencyId, occurred_at: at, from_stage: from, to_stage: to, source_id: 's', run_id: 'r0' });
    await insertIntegrationEvents(wh.db, [ev('e1', 's1', 'a1', '2026-03-01T08:00:00Z', 'not_started', 'developing'), ev('e2', 's1', 'a1', '2026-03-10T08:00:00Z', 'developing', 'live'), ev('e3', 's2', 'a2', '2026-03-05T08:00:00Z', 'testing', 'live')]);
    const changes = await listAgencyStageChanges(wh.db, 'a1');
    expect(changes.map((c) => [c.service_id, c.from_stage, c.to_stage])).toEqual([
      ['s1', 'developing', 'live'],
      ['s1', 'not_started', 'developing'],
    ]);
  });
});
