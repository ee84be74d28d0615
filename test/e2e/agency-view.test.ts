/**
 * The agency's own view and its annotations through the real server, over data the real pipelines
 * pulled from the simulator: what it takes to improve, the sector median, the trend; a dispute's
 * round trip from the agency to the admin and back, with the scoreboard's marker, the snapshot
 * untouched and the audit log; and nothing of one agency's annotations reaching another agency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AgencyImprovementsResponse,
  AgencyTrendResponse,
  Annotation,
  AnnotationsResponse,
  AuditEntry,
  BreakdownResponse,
  ScoreboardResponse,
  ScoreboardWeeksResponse,
  SectorMedianResponse,
} from '@hamgam/shared';
import { type TestHamgam, startTestHamgam } from '../support/start-hamgam.js';

let t: TestHamgam;
let board: ScoreboardResponse;
/** An agency other than ncr, in another sector. */
let other: string;

beforeAll(async () => {
  t = await startTestHamgam({}, { pulled: true });
  board = (await t.get<ScoreboardResponse>('/api/v1/scoreboard')).body;
  const ncrSector = board.rows.find((r) => r.agencyId === 'ncr')!.sector;
  other = board.rows.find((r) => r.agencyId !== 'ncr' && r.sector !== ncrSector)!.agencyId;
}, 240_000);

afterAll(async () => {
  await t?.stop();
});

describe("an agency user's own view", () => {
  it('gets what it would take to improve each component, consistent with its breakdown', async () => {
    const agency = t.as('agency');
    const { status, body } = await agency.get<AgencyImprovementsResponse>('/api/v1/agencies/ncr/improvements');
    expect(status).toBe(200);
    const breakdown = (await agency.get<BreakdownResponse>('/api/v1/agencies/ncr/breakdown')).body;
    expect(body.week.end).toBe(breakdown.week.end);
    expect(body.components.map((c) => c.kind)).toEqual(['services_not_live', 'live_without_sso', 'documents_asked', 'availability_below_target', 'latency_above_target', 'experience_gaps']);
    const notLive = breakdown.services.filter((s) => s.stage !== 'live').map((s) => s.serviceId).sort();
    expect(body.components[0].items.map((i) => i.serviceId).sort()).toEqual(notLive);
    const withoutSso = breakdown.services.filter((s) => s.stage === 'live' && !s.usesNationalSso).map((s) => s.serviceId).sort();
    expect(body.components[1].items.map((i) => i.serviceId).sort()).toEqual(withoutSso);
    const asking = breakdown.services.filter((s) => s.docsAsked > 0).map((s) => s.serviceId).sort();
    expect(body.components[2].items.map((i) => i.serviceId).sort()).toEqual(asking);
    for (const c of body.components) {
      expect(c.value).toBe(breakdown.components.find((b) => b.name === c.component)!.value);
      for (const i of c.items) expect(i.indexGain).toBeLessThanOrEqual(c.headroom + 0.1);
    }
    // The demo agency has something to do: the page would otherwise show only empty lists.
    expect(body.components.flatMap((c) => c.items).length).toBeGreaterThan(0);
  });

  it('compares with its sector median without naming any other agency', async () => {
    const res = await t.as('agency').fetch('/api/v1/agencies/ncr/sector-median');
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as SectorMedianResponse;
    const ncr = board.rows.find((r) => r.agencyId === 'ncr')!;
    const sector = board.rows.filter((r) => r.sector === ncr.sector);
    expect(body).toMatchObject({ agencyId: 'ncr', sector: ncr.sector, agencies: sector.length, agency: { index: ncr.index, ...ncr.components } });
    if (sector.length >= body.minAgencies) {
      const sorted = sector.map((r) => r.index).sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const expected = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      expect(body.median!.index).toBeCloseTo(expected, 1);
    } else expect(body.median).toBeNull();
    const all = board.rows.map((r) => r.index).sort((a, b) => a - b);
    const half = all.length >> 1;
    expect(body.national.agencies).toBe(board.rows.length);
    expect(body.national.median.index).toBeCloseTo(all.length % 2 ? all[half] : (all[half - 1] + all[half]) / 2, 1);
    const names = sector.filter((r) => r.agencyId !== 'ncr').flatMap((r) => [`"${r.agencyId}"`, r.nameFa, r.nameEn]);
    expect(names.filter((n) => text.includes(n))).toEqual([]);
  });

  it('has its trend over every week and days left to its deadline', async () => {
    const { body } = await t.as('agency').get<AgencyTrendResponse>('/api/v1/agencies/ncr/trend');
    const weeks = (await t.get<ScoreboardWeeksResponse>('/api/v1/scoreboard/weeks')).body.weeks;
    expect(body.points.map((p) => p.week.end)).toEqual(weeks.map((w) => w.end).reverse());
    const last = body.points.at(-1)!;
    const ncr = board.rows.find((r) => r.agencyId === 'ncr')!;
    expect([last.index, last.rank, last.status, last.coverage, last.agencies]).toEqual([ncr.index, ncr.rank, ncr.status, ncr.components.coverage, board.rows.length]);
    expect(typeof body.daysLeft).toBe('number');
    expect(body.stageChanges.length).toBeGreaterThan(0);
  });

  it("gets 404 for another agency's improvements, median and trend, by path and by query", async () => {
    const agency = t.as('agency');
    for (const path of [`/api/v1/agencies/${other}/improvements`, `/api/v1/agencies/${other}/sector-median`, `/api/v1/agencies/${other}/trend`, `/api/v1/agencies/${other}/improvements?week=${board.week.end}`]) {
      expect((await agency.get(path)).status, path).toBe(404);
    }
    // By query: the filter names another agency; nothing of it comes back.
    const listed = await agency.get<AnnotationsResponse>(`/api/v1/annotations?agency=${other}`);
    expect(listed.status).toBe(200);
    expect(listed.body.annotations).toEqual([]);
    // Ministers, analysts and admins open the same pages for any agency.
    for (const who of ['minister', 'analyst', 'admin']) expect((await t.as(who).get(`/api/v1/agencies/${other}/improvements`)).status, who).toBe(200);
  });
});

describe('a dispute, from the agency to the admin and back', () => {
  it('shows a marker on the scoreboard while open, never changes the snapshot, and is audited', async () => {
    const agency = t.as('agency');
    const admin = t.as('admin');
    const week = board.week.end;
    const before = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body; // cached now
    const rowOf = (b: ScoreboardResponse) => b.rows.find((r) => r.agencyId === 'ncr')!;
    expect(rowOf(before)).toMatchObject({ openDisputes: 0, disputedFigures: [] });

    const created = await agency.send<Annotation>('POST', '/api/v1/annotations', { agencyId: 'ncr', week, figure: 'reliability', kind: 'dispute', text: 'Planned outage on Tuesday, announced two weeks ahead.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ agencyId: 'ncr', week, figure: 'reliability', status: 'open', answer: null });

    // The cached scoreboard is not served stale: the marker appears at once, for every role.
    for (const who of ['minister', 'agency', 'analyst']) {
      const during = (await t.as(who).get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body;
      expect(rowOf(during), who).toMatchObject({ openDisputes: 1, disputedFigures: ['reliability'] });
    }
    const during = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body;
    expect(during.rows.filter((r) => r.agencyId !== 'ncr').every((r) => r.openDisputes === 0)).toBe(true);
    // The week's export says so too, in its last column.
    const csvLine = async () => (await t.as('minister').get<string>(`/api/v1/reports/weekly?week=${week}&format=csv&lang=en`)).body.split('\r\n').find((l) => l.split(',')[2] === 'ncr')!;
    expect((await csvLine()).endsWith(',Reliability')).toBe(true);

    // The admin sees it among the open ones, answers, then resolves.
    const open = (await admin.get<AnnotationsResponse>('/api/v1/annotations?status=open')).body.annotations;
    expect(open.map((a) => a.id)).toContain(created.body.id);
    const answered = await admin.send<Annotation>('POST', `/api/v1/annotations/${created.body.id}/answer`, { text: 'Confirmed with the operator; the figure stands, the outage is noted.' });
    expect(answered.status).toBe(200);
    expect(rowOf((await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body).openDisputes).toBe(1); // answered, still open
    const resolved = await admin.send<Annotation>('POST', `/api/v1/annotations/${created.body.id}/resolve`, {});
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'admin', answeredBy: 'admin' });
    expect((await admin.send('POST', `/api/v1/annotations/${created.body.id}/resolve`, {})).status).toBe(409);

    // The agency sees the answer; the marker is gone; every figure is as it was.
    const seen = await agency.get<Annotation>(`/api/v1/annotations/${created.body.id}`);
    expect(seen.body).toMatchObject({ status: 'resolved', answer: 'Confirmed with the operator; the figure stands, the outage is noted.', resolvedBy: 'admin' });
    expect(seen.body.resolvedAt).not.toBeNull();
    const after = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body;
    expect(rowOf(after)).toMatchObject({ openDisputes: 0, disputedFigures: [] });
    expect((await csvLine()).endsWith(',')).toBe(true);
    const figures = (b: ScoreboardResponse) => b.rows.map((r) => [r.agencyId, r.rank, r.index, r.status, r.components]);
    expect(figures(after)).toEqual(figures(before));
    expect(figures(during)).toEqual(figures(before));
    expect(after.computedAt).toBe(before.computedAt);

    const audit = (await admin.get<AuditEntry[]>('/api/v1/admin/audit?limit=1000')).body.filter((a) => a.target === created.body.id);
    expect(audit.map((a) => `${a.action} ${a.actor}`).sort()).toEqual(['annotation.answer admin', 'annotation.create ncr', 'annotation.resolve admin']);
  });

  it('is withdrawn by its agency: the marker goes at once, the figures stay, the admin can no longer act, audited', async () => {
    const agency = t.as('agency');
    const week = board.week.end;
    const rowOf = (b: ScoreboardResponse) => b.rows.find((r) => r.agencyId === 'ncr')!;
    const before = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body;
    const created = await agency.send<Annotation>('POST', '/api/v1/annotations', { agencyId: 'ncr', week, figure: 'exchange', kind: 'dispute', text: 'Filed against the wrong week.' });
    expect(created.status).toBe(201);
    expect(rowOf((await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body).disputedFigures).toContain('exchange');
    // Another agency's user: 404, as for an unknown id; ministers, analysts and admins: 403.
    expect((await t.as(`agency:${other}@officer`).send('POST', `/api/v1/annotations/${created.body.id}/withdraw`, {})).status).toBe(404);
    for (const who of ['minister', 'analyst', 'admin']) expect((await t.as(who).send('POST', `/api/v1/annotations/${created.body.id}/withdraw`, {})).status, who).toBe(403);

    const withdrawn = await agency.send<Annotation>('POST', `/api/v1/annotations/${created.body.id}/withdraw`, {});
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnBy: 'ncr', resolvedBy: null });
    const after = (await t.get<ScoreboardResponse>(`/api/v1/scoreboard?week=${week}`)).body;
    expect(rowOf(after).disputedFigures).not.toContain('exchange');
    expect(rowOf(after).openDisputes).toBe(rowOf(before).openDisputes);
    expect(after.rows.map((r) => [r.agencyId, r.rank, r.index, r.components])).toEqual(before.rows.map((r) => [r.agencyId, r.rank, r.index, r.components]));
    for (const [path, body] of [['withdraw', {}], ['answer', { text: 'too late' }], ['resolve', {}]] as const) {
      const who = path === 'withdraw' ? agency : t.as('admin');
      expect((await who.send('POST', `/api/v1/annotations/${created.body.id}/${path}`, body)).status, path).toBe(409);
    }
    expect((await t.as('admin').get<AnnotationsResponse>('/api/v1/annotations?status=withdrawn')).body.annotations.map((a) => a.id)).toEqual([created.body.id]);
    const audit = (await t.as('admin').get<AuditEntry[]>('/api/v1/admin/audit?limit=1000')).body.filter((a) => a.target === created.body.id);
    expect(audit.map((a) => `${a.action} ${a.actor}`).sort()).toEqual(['annotation.create ncr', 'annotation.withdraw ncr']);
  });

  it("is out of reach of another agency's user: not listed, not readable, not answerable", async () => {
    const created = await t.as('agency').send<Annotation>('POST', '/api/v1/annotations', { agencyId: 'ncr', week: board.week.end, figure: 'index', kind: 'note', text: 'A note for the record.' });
    expect(created.status).toBe(201);
    const stranger = t.as(`agency:${other}@officer`);
    expect((await stranger.get<AnnotationsResponse>('/api/v1/annotations')).body.annotations).toEqual([]);
    expect((await stranger.get<AnnotationsResponse>('/api/v1/annotations?agency=ncr')).body.annotations).toEqual([]);
    const read = await stranger.fetch(`/api/v1/annotations/${created.body.id}`);
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain('A note for the record.');
    expect((await stranger.send('POST', `/api/v1/annotations/${created.body.id}/answer`, { text: 'mine now' })).status).toBe(403);
    expect((await stranger.send('POST', `/api/v1/annotations/${created.body.id}/resolve`, {})).status).toBe(403);
    expect((await stranger.send('POST', `/api/v1/annotations/${created.body.id}/withdraw`, {})).status).toBe(404);
    // Nor may it annotate ncr's figures, by body.
    expect((await stranger.send('POST', '/api/v1/annotations', { agencyId: 'ncr', week: board.week.end, figure: 'index', kind: 'dispute', text: 'x' })).status).toBe(404);
    // The note is still open and unanswered.
    expect((await t.as('admin').get<Annotation>(`/api/v1/annotations/${created.body.id}`)).body).toMatchObject({ status: 'open', answer: null });
  });
});
