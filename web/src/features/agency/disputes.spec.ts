import { describe, expect, it } from 'vitest';
import type { Annotation } from '@hamgam/shared';
import { disputedFigures } from './disputes';

const a = (id: string, over: Partial<Annotation>): Annotation => ({
  id, agencyId: 'ncr', nameFa: 'x', nameEn: 'x', week: '2026-11-27', figure: 'index', kind: 'dispute', text: 't', status: 'open', createdBy: 'ncr',
  createdAt: '2026-11-28T10:00:00Z', answer: null, answeredBy: null, answeredAt: null, resolvedBy: null, resolvedAt: null, withdrawnBy: null, withdrawnAt: null, ...over,
});

describe('disputedFigures', () => {
  it("marks the week's figures under open disputes only (not notes, resolved or withdrawn ones)", () => {
    const list = [
      a('1', { figure: 'reliability' }),
      a('2', { figure: 'index', kind: 'note' }),
      a('3', { figure: 'coverage', status: 'resolved' }),
      a('4', { figure: 'exchange', week: '2026-11-20' }),
      a('5', { figure: 'reliability' }),
      a('6', { figure: 'identity', status: 'withdrawn', withdrawnBy: 'ncr', withdrawnAt: '2026-11-29T10:00:00Z' }),
    ];
    expect([...disputedFigures(list, '2026-11-27')]).toEqual(['reliability']);
    expect([...disputedFigures(list, '2026-11-20')]).toEqual(['exchange']);
    expect(disputedFigures(list, null).size).toBe(0);
  });
});
