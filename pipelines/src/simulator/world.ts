/**
 * `buildWorld`: a deterministic simulated country of agency feeds. The plan (profiles, services,
 * stage timelines, exchange pairs) is made up front because profiles are shared out across the
 * registry; the dated rows, the bulk of the world, are generated per agency on first use and cached.
 */
import { addDays, isIsoDay, iranWeekOf, tehranDay, type Agency, type Dataset, type FeedRowsByDataset, type IranWeek } from '@hamgam/shared';
import { planAgencies, PROGRAMME_START, type AgencyPlan, type AgencyProfile } from './world-plan.js';
import { dayTable, exchangePairs, exchangeRows, integrationEventRows, serviceMetricRows, type DayInfo, type ExchangePair } from './world-rows.js';

export interface BuildWorldOptions {
  seed: number;
  /** Today in Tehran (YYYY-MM-DD): rows run to the day before, which is the last complete one. */
  today?: string;
  agencies: readonly Agency[];
}

/** Every dataset of one agency's feed, each ordered as served (by date, then id). */
export type AgencyFeed = { [D in Dataset]: FeedRowsByDataset[D][] };

export interface World {
  seed: number;
  today: string;
  /** The last day with rows: yesterday in Tehran. */
  lastDay: string;
  /** The latest complete week at `today`: the week the profiles are tuned for. */
  anchorWeek: IranWeek;
  agencies: readonly Agency[];
  plans: readonly AgencyPlan[];
  exchangePairs: readonly ExchangePair[];
  profileOf(agencyId: string): AgencyProfile | undefined;
  /** The agency's whole feed, generated on first call; undefined for an unknown agency. */
  feed(agencyId: string): AgencyFeed | undefined;
}

/** The week before the one `today` falls in: the same rule as `latestCompleteWeek`, from a day. */
export function latestCompleteWeekOf(today: string): IranWeek {
  return iranWeekOf(addDays(iranWeekOf(today).start, -1));
}

export function buildWorld({ seed, today = tehranDay(), agencies }: BuildWorldOptions): World {
  if (!isIsoDay(today)) throw new Error(`today must be a day YYYY-MM-DD, got ${JSON.stringify(today)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number, got ${seed}`);
  const lastDay = addDays(today, -1);
  const anchorWeek = latestCompleteWeekOf(today);
  const plans = planAgencies(seed, agencies, anchorWeek);
  const byId = new Map(plans.map((p) => [p.agency.agencyId, p]));
  const pairs = exchangePairs(seed, agencies, anchorWeek.end);
  const days: DayInfo[] = lastDay < PROGRAMME_START ? [] : dayTable(lastDay);
  const feeds = new Map<string, AgencyFeed>();

  const generate = (plan: AgencyPlan): AgencyFeed => ({
    services: plan.services.map((s) => ({ ...s.service })),
    'service-metrics': serviceMetricRows(seed, plan, days),
    exchange: exchangeRows(seed, plan, pairs, days),
    'integration-events': integrationEventRows(plan, lastDay),
  });

  return {
    seed,
    today,
    lastDay,
    anchorWeek,
    agencies,
    plans,
    exchangePairs: pairs,
    profileOf: (agencyId) => byId.get(agencyId)?.profile,
    feed(agencyId) {
      const plan = byId.get(agencyId);
      if (!plan) return undefined;
      let feed = feeds.get(agencyId);
      if (!feed) {
        feed = generate(plan);
        feeds.set(agencyId, feed);
      }
      return feed;
    },
  };
}
