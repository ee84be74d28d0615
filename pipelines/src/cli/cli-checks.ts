/**
 * Usage checks that need only the registry, made before the warehouse is opened (and before
 * DuckDB is even loaded), so a mistyped command fails at once with exit 2.
 */
import { DATASETS, type Agency, isIsoDay, tehranDay } from '@hamgam/shared';
import { type OptionValues, UsageError } from './cli-args.js';

/** The registry, limited by --agencies; an unknown id is a usage error. */
export function chosenAgencies(registry: Agency[], values: OptionValues): Agency[] {
  if (typeof values.agencies !== 'string') return registry;
  const ids = values.agencies.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set(registry.map((a) => a.agencyId));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new UsageError(`--agencies: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the registry`);
  if (!ids.length) throw new UsageError('--agencies needs at least one agency id');
  return registry.filter((a) => ids.includes(a.agencyId));
}

/** Checks a target before anything is opened: a source id (agency:dataset) or an agency id. */
export function checkRunTarget(target: string, registry: readonly Agency[], chosen: readonly Agency[]): void {
  const [agencyId, dataset] = target.split(':');
  if (!registry.some((a) => a.agencyId === agencyId)) throw new UsageError(`unknown source or agency "${target}" (a source is agency:dataset, e.g. ncr:service-metrics)`);
  if (!chosen.some((a) => a.agencyId === agencyId)) throw new UsageError(`agency "${agencyId}" is not among --agencies`);
  if (target.includes(':') && !(DATASETS as readonly string[]).includes(dataset)) throw new UsageError(`unknown dataset "${dataset}" in "${target}"; datasets: ${DATASETS.join(', ')}`);
}

export interface BackfillWindow {
  from: string;
  to: string;
}

/** Checked before anything is opened. */
export function checkBackfill(values: OptionValues, knownAgencies: readonly string[]): BackfillWindow {
  const day = (name: 'from' | 'to') => {
    const v = values[name];
    if (typeof v !== 'string') throw new UsageError(`backfill needs --${name} YYYY-MM-DD`);
    if (!isIsoDay(v)) throw new UsageError(`--${name} must be a day as YYYY-MM-DD, got "${v}"`);
    return v;
  };
  const from = day('from');
  const to = day('to');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (from > tehranDay()) throw new UsageError(`--from ${from} is in the future`);
  if (typeof values.dataset === 'string' && !(DATASETS as readonly string[]).includes(values.dataset)) throw new UsageError(`unknown dataset "${values.dataset}"; datasets: ${DATASETS.join(', ')}`);
  if (typeof values.agency === 'string' && !knownAgencies.includes(values.agency)) throw new UsageError(`unknown agency "${values.agency}"`);
  return { from, to };
}

