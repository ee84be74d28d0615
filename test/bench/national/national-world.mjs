// The national-scale world of the benchmark (issue 8): agencies, services, daily service metrics,
// daily exchange and integration events, deterministic by seed. Every row is a pure function of
// (seed, agency, service or pair, day), so a feed can render any page of any dataset on demand
// without holding 15M rows in memory, and the same seed always gives the same rows.
//
// Full scale: 500 agencies (the 55 of the real registry first, then synthetic ones), 10 services
// each (5,000), 157 Iranian weeks (1,099 days) ending on a Friday: 5,495,000 service-day rows and
// 18–19 exchange pairs per provider agency (10,000,900 exchange-day rows).

const AGENCY_KINDS = ['ministry', 'organization', 'company', 'fund', 'municipality'];
const SECTORS = ['economy', 'welfare', 'transport', 'education', 'administration', 'energy', 'interior', 'ict', 'health', 'justice'];
const STAGES = ['not_started', 'developing', 'testing', 'live'];
const DAY_MS = 86_400_000;

export const FULL_SCALE = Object.freeze({ agencies: 500, servicesPerAgency: 10, weeks: 157, endDay: '2026-11-27', exchangeRows: 10_000_000 });
/** For tests: a world small enough to check row by row. */
export const TINY_SCALE = Object.freeze({ agencies: 4, servicesPerAgency: 3, weeks: 2, endDay: '2026-11-27', exchangeRows: 200 });

/** A 32-bit integer hash of the seed and any integers (murmur3's finaliser over a running mix). */
export function mix(seed, ...ints) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const n of ints) {
    h = Math.imul(h ^ (n >>> 0), 0x85ebca6b) >>> 0;
    h = ((h << 13) | (h >>> 19)) >>> 0;
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) from the seed and the integers naming what it is for. */
export const unit = (seed, ...ints) => mix(seed, ...ints) / 4294967296;

export const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The world: its agencies (registry first), services and the shape of every dataset. `registry`
 * is the real agency registry (loadAgencyRegistry()); synthetic agencies fill up to `agencies`.
 */
export function nationalWorld({ seed = 1405, registry = [], scale = FULL_SCALE } = {}) {
  const { agencies: agencyCount, servicesPerAgency, weeks, endDay, exchangeRows } = scale;
  const days = weeks * 7;
  const firstDay = addDays(endDay, -(days - 1));
  const agencies = [];
  for (let i = 0; i < agencyCount; i++) {
    const real = registry[i];
    if (real) agencies.push({ ...real });
    else {
      const n = String(i + 1).padStart(3, '0');
      agencies.push({
        agencyId: `agency-${n}`,
        nameFa: `دستگاه ${n.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d])}`,
        nameEn: `Agency ${n}`,
        kind: AGENCY_KINDS[mix(seed, 1, i) % AGENCY_KINDS.length],
        sector: SECTORS[mix(seed, 2, i) % SECTORS.length],
        parentId: null,
        deadline: null,
      });
    }
  }
  // Exchange pairs per provider: an equal share of the rows, the remainder spread over the first agencies.
  const perDay = Math.max(agencyCount, Math.round(exchangeRows / days));
  const basePairs = Math.floor(perDay / agencyCount);
  const extra = perDay - basePairs * agencyCount;
  const pairsOf = (a) => Math.min(basePairs + (a < extra ? 1 : 0), (agencyCount - 1) * 4);

  const world = { seed, scale, days, firstDay, endDay, agencies, servicesPerAgency, pairsOf };
  world.services = (a) => services(world, a);
  world.events = (a) => events(world, a);
  world.metricRowCount = (a, sinceDay = 0) => (days - sinceDay) * servicesPerAgency;
  world.exchangeRowCount = (a, sinceDay = 0) => (days - sinceDay) * pairsOf(a);
  return world;
}

/** The day (0-based, from firstDay) a service reaches each stage after not_started; Infinity if never. */
export function stageDays(world, a, s) {
  const { seed, days } = world;
  // Most services start developing in the first year and a half; a few never go live.
  const dev = Math.floor(unit(seed, 10, a, s) * days * 0.5);
  const test = dev + 30 + Math.floor(unit(seed, 11, a, s) * 180);
  const never = unit(seed, 12, a, s) < 0.12 + 0.25 * unit(seed, 13, a); // late agencies have more
  const live = never ? Infinity : test + 20 + Math.floor(unit(seed, 14, a, s) * 200);
  return [dev, test, live];
}

/** Integration events of an agency's services, ordered by time; ids and instants are stable. */
function events(world, a) {
  const out = [];
  const agency = world.agencies[a];
  for (let s = 0; s < world.servicesPerAgency; s++) {
    const at = stageDays(world, a, s);
    for (let k = 0; k < 3; k++) {
      if (!(at[k] < world.days)) break;
      const hour = 8 + (mix(world.seed, 15, a, s, k) % 8);
      out.push({
        eventId: `${agency.agencyId}-s${s}-e${k + 1}`,
        serviceId: `${agency.agencyId}-s${s}`,
        occurredAt: `${addDays(world.firstDay, at[k])}T${String(hour).padStart(2, '0')}:00:00+03:30`,
        fromStage: STAGES[k],
        toStage: STAGES[k + 1],
      });
    }
  }
  return out.sort((x, y) => (x.occurredAt < y.occurredAt ? -1 : x.occurredAt > y.occurredAt ? 1 : x.eventId < y.eventId ? -1 : 1));
}

/** The catalogue: today's stage is that of the service's last event. */
function services(world, a) {
  const agency = world.agencies[a];
  return Array.from({ length: world.servicesPerAgency }, (_, s) => {
    const at = stageDays(world, a, s);
    const reached = at.filter((d) => d < world.days).length;
    return {
      serviceId: `${agency.agencyId}-s${s}`,
      agencyId: agency.agencyId,
      nameFa: `خدمت ${s + 1} ${agency.nameFa}`,
      nameEn: `Service ${s + 1} of ${agency.nameEn}`,
      isKey: s < 3,
      stage: STAGES[reached],
      usesNationalSso: unit(world.seed, 20, a, s) < 0.7,
      usesExchange: unit(world.seed, 21, a, s) < 0.5,
    };
  });
}

export const METRIC_FIELDS = ['date', 'serviceId', 'requests', 'completed', 'failed', 'availabilityPct', 'latencyP50Ms', 'latencyP95Ms', 'satisfactionSum', 'satisfactionCount', 'docsAsked', 'docsFetched'];
export const EXCHANGE_FIELDS = ['date', 'providerAgencyId', 'consumerAgencyId', 'dataService', 'calls', 'failures', 'latencyP50Ms', 'latencyP95Ms'];
export const SERVICE_FIELDS = ['serviceId', 'agencyId', 'nameFa', 'nameEn', 'isKey', 'stage', 'usesNationalSso', 'usesExchange'];
export const EVENT_FIELDS = ['eventId', 'serviceId', 'occurredAt', 'fromStage', 'toStage'];

/** Friday (weekday 5 from Sunday) is the weekend; Thursday is half a day. */
function weekdayFactor(day) {
  const dow = new Date(Date.parse(`${day}T00:00:00Z`)).getUTCDay();
  return dow === 5 ? 0.25 : dow === 4 ? 0.6 : 1;
}

/**
 * Service-metric row `k` of agency `a` (ordered by day, then service), as an array in
 * METRIC_FIELDS order. The live day lifts traffic and documents fetched from other agencies.
 */
export function metricRow(world, a, k) {
  const S = world.servicesPerAgency;
  const d = Math.floor(k / S);
  const s = k % S;
  const { seed } = world;
  const day = addDays(world.firstDay, d);
  const live = d >= stageDays(world, a, s)[2];
  const base = 200 + (mix(seed, 30, a, s) % 5000);
  const requests = Math.max(1, Math.round(base * weekdayFactor(day) * (live ? 1.6 : 1) * (0.8 + 0.4 * unit(seed, 31, a, s, d))));
  const failed = Math.floor(requests * 0.04 * unit(seed, 32, a, s, d));
  const completed = Math.floor((requests - failed) * (0.85 + 0.15 * unit(seed, 33, a, s, d)));
  const availability = Math.round((97 + 3 * unit(seed, 34, a, s, d)) * 100) / 100;
  const p50 = Math.round((60 + 400 * unit(seed, 35, a, s)) * (0.9 + 0.2 * unit(seed, 36, a, s, d)));
  const p95 = Math.round(p50 * (2 + 2 * unit(seed, 37, a, s, d)));
  const satisfactionCount = Math.floor(requests * 0.05);
  const satisfactionSum = satisfactionCount + Math.floor(satisfactionCount * 4 * (0.5 + 0.5 * unit(seed, 38, a, s, d)));
  const docsNeeded = Math.floor(requests * 0.3);
  const docsFetched = live ? Math.floor(docsNeeded * (0.4 + 0.6 * unit(seed, 39, a, s))) : 0;
  return [day, `${world.agencies[a].agencyId}-s${s}`, requests, completed, failed, availability, p50, p95, satisfactionSum, satisfactionCount, docsNeeded - docsFetched, docsFetched];
}

/** Exchange row `k` of provider agency `a` (ordered by day, then pair), in EXCHANGE_FIELDS order. */
export function exchangeRow(world, a, k) {
  const P = world.pairsOf(a);
  const d = Math.floor(k / P);
  const j = k % P;
  const { seed, agencies } = world;
  const n = agencies.length;
  // Pair j's consumer: a fixed other agency; four data services per consumer keep keys unique.
  const consumer = (a + 1 + (Math.floor(j / 4) * 7 + (mix(seed, 40, a) % n)) % (n - 1)) % n;
  const calls = Math.round((50 + (mix(seed, 41, a, j) % 3000)) * weekdayFactor(addDays(world.firstDay, d)) * (0.7 + 0.6 * unit(seed, 42, a, j, d)));
  const failures = Math.floor(calls * 0.03 * unit(seed, 43, a, j, d));
  const p50 = 20 + (mix(seed, 44, a, j, d) % 200);
  const p95 = p50 * 3 + (mix(seed, 45, a, j, d) % 100);
  return [addDays(world.firstDay, d), agencies[a].agencyId, agencies[consumer === a ? (a + 1) % n : consumer].agencyId, `ds-${j % 4}-${Math.floor(j / 4)}`, calls, failures, p50, p95];
}

/** The 0-based day index of `since` (rows dated on or after it are served), clamped to the world. */
export function sinceIndex(world, since) {
  if (!since) return 0;
  const d = Math.round((Date.parse(`${since}T00:00:00Z`) - Date.parse(`${world.firstDay}T00:00:00Z`)) / DAY_MS);
  return Math.min(world.days, Math.max(0, d));
}

function csvCell(v) {
  if (v === null || v === undefined) return '';
  const t = String(v);
  return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

/**
 * One page of a dataset as CSV (the feed contract's header row, then rows), and the next cursor.
 * `cursor` is an offset into the rows on or after `since`.
 */
export function renderPage(world, a, dataset, { since = null, cursor = 0, limit = 5000 } = {}) {
  let fields;
  let total;
  let rowAt;
  if (dataset === 'service-metrics' || dataset === 'exchange') {
    const first = sinceIndex(world, since);
    const per = dataset === 'exchange' ? world.pairsOf(a) : world.servicesPerAgency;
    fields = dataset === 'exchange' ? EXCHANGE_FIELDS : METRIC_FIELDS;
    total = (world.days - first) * per;
    const make = dataset === 'exchange' ? exchangeRow : metricRow;
    rowAt = (k) => make(world, a, first * per + k);
  } else {
    const rows = dataset === 'services' ? world.services(a) : world.events(a).filter((e) => !since || e.occurredAt.slice(0, 10) >= since);
    fields = dataset === 'services' ? SERVICE_FIELDS : EVENT_FIELDS;
    total = rows.length;
    rowAt = (k) => fields.map((f) => rows[k][f]);
  }
  const end = Math.min(total, cursor + limit);
  const lines = [fields.join(',')];
  for (let k = cursor; k < end; k++) lines.push(rowAt(k).map(csvCell).join(','));
  return { body: `${lines.join('\n')}\n`, rows: end - cursor, nextCursor: end < total ? String(end) : null };
}

/** Every row a world holds, per dataset (what a full load must end with). */
export function worldTotals(world) {
  let exchange = 0;
  let events = 0;
  for (let a = 0; a < world.agencies.length; a++) {
    exchange += world.exchangeRowCount(a);
    events += world.events(a).length;
  }
  return { agencies: world.agencies.length, services: world.agencies.length * world.servicesPerAgency, serviceDaily: world.agencies.length * world.metricRowCount(0), exchangeDaily: exchange, integrationEvents: events, weeks: world.scale.weeks };
}
