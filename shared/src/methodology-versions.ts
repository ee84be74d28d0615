/**
 * The methodology file: every published version of the Integration Index parameters. A change of
 * weights, targets, tolerance or dates is a new entry here, never an edit of an old one: stored
 * snapshots name their version and are recomputed with it (docs/methodology.md).
 */
import type { Methodology } from './methodology.js';

export const METHODOLOGY_VERSIONS: Readonly<Record<string, Methodology>> = {
  '1.0.0': {
    version: '1.0.0',
    programmeStart: '2025-03-21', // 1 Farvardin 1404
    nationalDeadline: '2027-03-20', // 29 Esfand 1405
    weights: { coverage: 35, identity: 15, exchange: 20, reliability: 15, experience: 15 },
    targets: { availabilityPct: 99.5, latencyP95Ms: 2000 },
    tolerance: 10,
  },
};

export const CURRENT_METHODOLOGY_VERSION = '1.0.0';

export function methodologyByVersion(version: string): Methodology {
  const m = METHODOLOGY_VERSIONS[version];
  if (!m) throw new Error(`unknown methodology version ${version} (known: ${Object.keys(METHODOLOGY_VERSIONS).join(', ')})`);
  return m;
}
