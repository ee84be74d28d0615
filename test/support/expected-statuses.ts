/**
 * The statuses the simulated registry must show in a week. Every one of the methodology's five
 * until the national deadline; after it, "on track" can no longer occur for an agency without a
 * later deadline of its own (the methodology calls it lagging), so the large tests that check the
 * mix stay true after 20 March 2027 instead of failing on the calendar.
 */
import { AGENCY_STATUSES, type AgencyStatus, METHODOLOGY_V1 } from '@hamgam/shared';

export function statusesExpectedIn(weekEnd: string): AgencyStatus[] {
  return weekEnd <= METHODOLOGY_V1.nationalDeadline ? [...AGENCY_STATUSES] : AGENCY_STATUSES.filter((s) => s !== 'on_track');
}
