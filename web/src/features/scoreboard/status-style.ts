/**
 * How each status looks, in one place for the cards, the badges and the chart. Every colour holds
 * at least 4.5:1 against white text (WCAG AA), and a status is never shown by colour alone.
 */
import type { AgencyStatus, ScoreboardSummary } from '@hamgam/shared';

/** Display order: from done to worst, the order the cabinet reads the week in. */
export const STATUS_ORDER: readonly AgencyStatus[] = ['joined', 'on_track', 'lagging', 'not_started', 'silent'];

export const STATUS_COLOR: Record<AgencyStatus, string> = {
  joined: '#15803d',
  on_track: '#1d4ed8',
  lagging: '#b45309',
  not_started: '#b91c1c',
  silent: '#4b5563',
};

/** The API's summary names its counts in camelCase; the statuses are snake_case. */
export const SUMMARY_FIELD: Record<AgencyStatus, keyof ScoreboardSummary> = {
  joined: 'joined',
  on_track: 'onTrack',
  lagging: 'lagging',
  not_started: 'notStarted',
  silent: 'silent',
};
