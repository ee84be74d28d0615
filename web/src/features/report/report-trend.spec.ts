import { describe, expect, it } from 'vitest';
import { daysLeftAt } from './report-trend';

describe('the report as of its week', () => {
  it('counts the days left from that week’s Friday to the national deadline', () => {
    expect(daysLeftAt({ nationalDeadline: '2027-03-20' }, '2026-11-27')).toBe(113);
    expect(daysLeftAt({ nationalDeadline: '2027-03-20' }, '2027-03-26')).toBe(-6);
  });
});
