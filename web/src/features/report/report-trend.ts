/** The report's view of the national trend, as of the report's week (which may be a past one). */
import { daysBetween, type TrendResponse } from '@hamgam/shared';

/** The printed report tabulates the last weeks only: the chart above it holds the whole history. */
export const REPORT_TREND_WEEKS = 8;

/**
 * Days from the report's week's end to the national deadline. The API gives them for the latest
 * week; a past week's report says what was true then.
 */
export function daysLeftAt(trend: Pick<TrendResponse, 'nationalDeadline'>, weekEnd: string): number {
  return daysBetween(weekEnd, trend.nationalDeadline);
}
