import type { Annotation } from '@hamgam/shared';

/** The figures of `week` under an open dispute (notes and resolved disputes mark nothing). */
export function disputedFigures(annotations: readonly Annotation[], week: string | null): Set<string> {
  return new Set(annotations.filter((a) => a.kind === 'dispute' && a.status === 'open' && a.week === week).map((a) => a.figure));
}
