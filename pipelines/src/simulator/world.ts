/**
 * `buildWorld`: a deterministic simulated country of agency feeds that follows the clock. The plan
 * (profiles, services, stage timelines, exchange pairs) is a function of the seed and the registry
 * only, made up front because profiles are shared out across the registry. The dated rows, the bulk
 * of the world, are generated per agency on first use up to yesterday in Tehran, cached, and
 * extended in place when the Tehran day changes: a long-running simulator serves each new day as
 * it completes, and a row once served never changes.
 */
import { addDays, isIsoDay, iranWeekOf, tehranDay, type Agency, type Dataset, type FeedRowsByDataset, type FeedService, type IranWeek } from '@hamgam/shared';
import { planAgencies, PLAN_WEEK, stageOn, type AgencyPlan, type AgencyProfile } from './world-plan.js';
import { AgencyRows, exchangePairs, type ExchangePair } from './world-rows.js';

export interface BuildWorldOptions {
  seed: number;
  /**
   * A fixed today in Tehran (YYYY-MM-DD): rows run to the day before, the last complete one. Wins
   * over `now`. Without either, the world follows the real clock.
   */
  today?: string;
  /** The clock the world follows when `today` is not given (tests advance it); defaults to the real one. */
  now?: () => Date;
  agencies: readonly Agency[];
}

/** Every dataset of one agency's feed, each ordered as served (by date, then id). */
export type AgencyFeed = { [D in Dataset]: FeedRowsByDataset[D][] };

export interface World {
  seed: number;
  /** Today in Tehran, read from the clock (or the fixed `today`). */
  readonly today: string;
  /** The last day with rows: yesterday in Tehran. */
  readonly lastDay: string;
  /** The latest complete week at `today`. */
  readonly anchorWeek: IranWeek;
  /** The fixed week the profiles are tuned for (`PLAN_WEEK`), whatever the day. */
  planWeek: IranWeek;
  agencies: readonly Agency[];
  plans: readonly AgencyPlan[];
  exchangePairs: readonly ExchangePair[];
  /** The status the agency was planned to show on `planWeek`. */
  profileOf(agencyId: string): AgencyProfile | undefined;
  /**
   * The agency's feed up to `lastDay`, generated on first call and extended when the day has moved
   * on since (the arrays grow in place); undefined for an unknown agency.
   */
  feed(agencyId: string): AgencyFeed | undefined;
}

/** The week before the one `today` falls in: the same rule as `latestCompleteWeek`, from a day. */
export function latestCompleteWeekOf(today: string): IranWeek {
  return iranWeekOf(addDays(iranWeekOf(today).start, -1));
}

interface CachedFeed {
  rows: AgencyRows;
  feed: AgencyFeed;
}

/** The catalogue as the agency last reported it: each service at its stage on the last served day. */
function catalogue(plan: AgencyPlan, lastDay: string): FeedService[] {
  const asOf = plan.silentFrom && plan.silentFrom <= lastDay ? addDays(plan.silentFrom, -1) : lastDay;
  return plan.services.map((s) => ({ ...s.service, stage: stageOn(s, asOf) }));
}

export function buildWorld({ seed, today, now = () => new Date(), agencies }: BuildWorldOptions): World {
  if (today !== undefined && !isIsoDay(today)) throw new Error(`today must be a day YYYY-MM-DD, got ${JSON.stringify(today)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number, got ${seed}`);
  const todayNow = today !== undefined ? () => today : () => tehranDay(now());
  const plans = planAgencies(seed, agencies, PLAN_WEEK);
  const byId = new Map(plans.map((p) => [p.agency.agencyId, p]));
  const pairs = exchangePairs(seed, agencies, PLAN_WEEK.end);
  const feeds = new Map<string, CachedFeed>();

  return {
    seed,
    get today() {
      return todayNow();
    },
    get lastDay() {
      return addDays(todayNow(), -1);
    },
    get anchorWeek() {
      return latestCompleteWeekOf(todayNow());
    },
    planWeek: PLAN_WEEK,
    agencies,
    plans,
    exchangePairs: pairs,
    profileOf: (agencyId) => byId.get(agencyId)?.profile,
    feed(agencyId) {
      const plan = byId.get(agencyId);
      if (!plan) return undefined;
      const lastDay = addDays(todayNow(), -1);
      let cached = feeds.get(agencyId);
      if (!cached) {
        const rows = new AgencyRows(seed, plan, pairs);
        rows.extendTo(lastDay);
        cached = {
          rows,
          feed: { services: catalogue(plan, lastDay), 'service-metrics': rows.metrics, exchange: rows.exchange, 'integration-events': rows.events },
        };
        feeds.set(agencyId, cached);
      } else if (lastDay > cached.rows.lastDay) {
        // The clock only moves the world forward: rows already served are never taken back.
        cached.rows.extendTo(lastDay);
        cached.feed.services = catalogue(plan, lastDay);
      }
      return cached.feed;
    },
  };
}
