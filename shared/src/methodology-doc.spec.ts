/**
 * docs/methodology.md is the definition; this test keeps the code to it by running every worked
 * example of the document through the code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AgencyWeekFacts, scoreAgencyWeek } from './methodology.js';
import { CURRENT_METHODOLOGY_VERSION, methodologyByVersion } from './methodology-versions.js';

interface Example {
  name: string;
  weekEnd: string;
  facts: AgencyWeekFacts;
  expected: Omit<ReturnType<typeof scoreAgencyWeek>, 'agencyId'>;
}

const doc = readFileSync(new URL('../../docs/methodology.md', import.meta.url), 'utf8');
const block = /```json methodology-examples\n([\s\S]*?)```/.exec(doc);
const examples: Example[] = block ? JSON.parse(block[1]) : [];

describe('docs/methodology.md', () => {
  it('names the version the code applies, with its parameters', () => {
    const m = methodologyByVersion(CURRENT_METHODOLOGY_VERSION);
    expect(doc).toContain(`version \`${m.version}\``);
    expect(doc).toContain(`| programme start | ${m.programmeStart}`);
    expect(doc).toContain(`| national deadline | ${m.nationalDeadline}`);
    expect(doc).toContain(`| tolerance | ${m.tolerance} points`);
    expect(doc).toContain(
      `coverage ${m.weights.coverage}, identity ${m.weights.identity}, exchange ${m.weights.exchange}, reliability ${m.weights.reliability}, experience ${m.weights.experience}`,
    );
  });

  it('has worked examples covering every status', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(new Set(examples.map((e) => e.expected.status))).toEqual(new Set(['lagging', 'joined', 'silent', 'on_track']));
  });

  for (const example of examples) {
    it(`worked example: ${example.name}`, () => {
      const score = scoreAgencyWeek(methodologyByVersion(CURRENT_METHODOLOGY_VERSION), example.facts, example.weekEnd);
      expect({ ...score, agencyId: undefined }).toEqual({ ...example.expected, agencyId: undefined });
    });
  }

  it('refuses an unknown methodology version', () => {
    expect(() => methodologyByVersion('0.9')).toThrow(/unknown methodology version 0.9/);
  });
});
