import { expect, it } from 'vitest';
import { statusesExpectedIn } from './expected-statuses.js';

it('expects on track only until the national deadline', () => {
  expect(statusesExpectedIn('2026-11-27')).toContain('on_track');
  expect(statusesExpectedIn('2027-03-19')).toHaveLength(5);
  expect(statusesExpectedIn('2027-03-26')).not.toContain('on_track');
  expect(statusesExpectedIn('2027-03-26')).toHaveLength(4);
});
