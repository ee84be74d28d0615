/** The role rules of annotations, on a real in-memory warehouse (no mocks: the rules live partly in the queries). */
import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Warehouse, listAudit, openMigratedWarehouse, replaceScoreboardWeek, upsertAgencies } from '@hamgam/warehouse';
import { AggregateCache } from '../cache/aggregate-cache.js';
import { AuditService } from '../auth/audit.service.js';
import type { AuthCaller } from '../auth/caller.js';
import { AnnotationsService } from './annotations.service.js';

const WEEK = '2026-03-27';
const caller = (role: AuthCaller['role'], agencyId: string | null = null, username = `${role}.${agencyId ?? 'x'}`) => ({ username, role, agencyId, via: 'session' as const });
const ncr = caller('agency', 'ncr');
const other = caller('agency', 'sso');
const admin = caller('admin');

let wh: Warehouse;
let cache: AggregateCache;
let service: AnnotationsService;

beforeEach(async () => {
  wh = await openMigratedWarehouse();
  const a = (id: string) => ({ agency_id: id, name_fa: id, name_en: id, kind: 'organization', sector: 'civil', parent_id: null, deadline: null });
  await upsertAgencies(wh.db, [a('ncr'), a('sso')]);
  const row = (id: string, rank: number) => ({ week_end: WEEK, agency_id: id, methodology_version: '1.0.0', coverage: 1, identity: 1, exchange: 1, reliability: 1, experience: 1, index: 1, rank, status: 'lagging', expected_coverage: 1, services_total: 1, services_live: 1, computed_at: new Date() });
  await replaceScoreboardWeek(wh.db, WEEK, [row('ncr', 1), row('sso', 2)]);
  cache = new AggregateCache();
  service = new AnnotationsService(wh, cache, new AuditService(wh));
});

afterEach(async () => {
  await wh.close();
});

const dispute = (agencyId = 'ncr', extra: object = {}) => ({ agencyId, week: WEEK, figure: 'reliability', kind: 'dispute', text: 'Planned outage on Tuesday', ...extra });

describe('annotations: who may do what', () => {
  it('lets an agency user annotate its own agency only; another agency answers 404 like an unknown one', async () => {
    const created = await service.create(null, ncr, dispute());
    expect(created).toMatchObject({ agencyId: 'ncr', week: WEEK, figure: 'reliability', kind: 'dispute', status: 'open', createdBy: ncr.username, answer: null });
    await expect(service.create(null, ncr, dispute('sso'))).rejects.toBeInstanceOf(NotFoundException);
    await expect(service.create(null, ncr, dispute('no-such'))).rejects.toBeInstanceOf(NotFoundException);
    // a week without a snapshot row for it
    await expect(service.create(null, ncr, dispute('ncr', { week: '2026-03-20' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('refuses writes from ministers, analysts and admins, and answers from anyone but an admin', async () => {
    for (const who of [caller('minister'), caller('analyst'), admin]) await expect(service.create(null, who, dispute())).rejects.toBeInstanceOf(ForbiddenException);
    const { id } = await service.create(null, ncr, dispute());
    for (const who of [ncr, caller('minister'), caller('analyst')]) {
      await expect(service.answer(null, who, id, { text: 'x' })).rejects.toBeInstanceOf(ForbiddenException);
      await expect(service.resolve(null, who, id, {})).rejects.toBeInstanceOf(ForbiddenException);
    }
  });

  it("hides one agency's annotations from another agency's user, and shows them to ministers, analysts and admins", async () => {
    const { id } = await service.create(null, ncr, dispute());
    await expect(service.get(other, id)).rejects.toBeInstanceOf(NotFoundException);
    expect((await service.list(other, {})).annotations).toEqual([]);
    expect((await service.list(other, { agency: 'ncr' })).annotations).toEqual([]);
    for (const who of [ncr, caller('minister'), caller('analyst'), admin]) {
      expect((await service.list(who, { status: 'open' })).annotations.map((a) => a.id), who.role).toEqual([id]);
      expect((await service.get(who, id)).id).toBe(id);
    }
  });

  it('lets an admin answer, then resolve; the agency sees who answered and when; twice resolved is a conflict', async () => {
    const { id } = await service.create(null, ncr, dispute());
    const answered = await service.answer(null, admin, id, { text: 'Noted: the outage was announced.' });
    expect(answered).toMatchObject({ status: 'open', answer: 'Noted: the outage was announced.', answeredBy: admin.username });
    const resolved = await service.resolve(null, admin, id, {});
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: admin.username, answer: 'Noted: the outage was announced.' });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(await service.get(ncr, id)).toEqual(resolved);
    await expect(service.resolve(null, admin, id, {})).rejects.toBeInstanceOf(ConflictException);
    await expect(service.answer(null, admin, 'no-such-id', { text: 'x' })).rejects.toBeInstanceOf(NotFoundException);
  });

  it('lets its agency withdraw an open one, audited and the cache made stale; not another agency, not twice, not once resolved', async () => {
    const { id } = await service.create(null, ncr, dispute());
    const key = () => cache.key('/api/v1/scoreboard', 'minister:', wh.getDataVersion());
    const before = key();
    await expect(service.withdraw(null, other, id)).rejects.toBeInstanceOf(NotFoundException);
    for (const who of [admin, caller('minister'), caller('analyst')]) await expect(service.withdraw(null, who, id)).rejects.toBeInstanceOf(ForbiddenException);
    // Another user of the same agency speaks for it too.
    const colleague = caller('agency', 'ncr', 'ncr.second');
    const withdrawn = await service.withdraw(null, colleague, id);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnBy: 'ncr.second', resolvedBy: null });
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(key()).not.toBe(before);
    await expect(service.withdraw(null, ncr, id)).rejects.toThrow(/already withdrawn/);
    // An admin can no longer answer or resolve it.
    await expect(service.answer(null, admin, id, { text: 'x' })).rejects.toBeInstanceOf(ConflictException);
    await expect(service.resolve(null, admin, id, {})).rejects.toBeInstanceOf(ConflictException);
    expect((await service.list(admin, { status: 'withdrawn' })).annotations.map((a) => a.id)).toEqual([id]);
    expect((await service.list(admin, { status: 'open' })).annotations).toEqual([]);

    const resolved = await service.create(null, ncr, dispute());
    await service.resolve(null, admin, resolved.id, { text: 'closed' });
    await expect(service.withdraw(null, ncr, resolved.id)).rejects.toThrow(/already resolved/);
    await expect(service.withdraw(null, ncr, 'no-such-id')).rejects.toBeInstanceOf(NotFoundException);
    const audit = await listAudit(wh.db, { limit: 10, action: 'annotation.withdraw', actor: undefined });
    expect(audit.map((a) => [a.action, a.actor, a.target])).toEqual([['annotation.withdraw', 'ncr.second', id]]);
  });

  it('validates the body with 400s that name the field', async () => {
    for (const [body, word] of [
      [dispute('ncr', { figure: 'mood' }), 'figure'],
      [dispute('ncr', { kind: 'complaint' }), 'kind'],
      [dispute('ncr', { text: '  ' }), 'text'],
      [dispute('ncr', { text: 'x'.repeat(2001) }), 'text'],
      [dispute('ncr', { week: '2026-03-26' }), 'Friday'],
      [dispute('ncr', { week: undefined }), 'week'],
      [dispute("x' or 1=1"), 'agencyId'],
      [[], 'object'],
    ] as const) {
      const err = await service.create(null, ncr, body).catch((e: unknown) => e);
      expect(err, JSON.stringify(body)).toBeInstanceOf(BadRequestException);
      expect((err as Error).message).toContain(word);
    }
  });

  it('audits create, answer and resolve, and makes cached responses stale after each', async () => {
    const key = () => cache.key('/api/v1/scoreboard', 'minister:', wh.getDataVersion());
    const k0 = key();
    const { id } = await service.create(null, ncr, dispute());
    const k1 = key();
    await service.answer(null, admin, id, { text: 'ok' });
    const k2 = key();
    await service.resolve(null, admin, id, { text: 'closed' });
    expect(new Set([k0, k1, k2, key()]).size).toBe(4);
    const audit = await listAudit(wh.db, { limit: 10, action: undefined, actor: undefined });
    expect(audit.map((a) => [a.action, a.actor, a.target]).reverse()).toEqual([
      ['annotation.create', ncr.username, id],
      ['annotation.answer', admin.username, id],
      ['annotation.resolve', admin.username, id],
    ]);
  });
});
