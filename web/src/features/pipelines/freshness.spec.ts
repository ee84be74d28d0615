import { describe, expect, it } from 'vitest';
import { FRESHNESS_STATUSES } from '@hamgam/shared';
import { dictionaries, freshnessKey } from '../../i18n/dictionary';
import { FRESHNESS_COLOR, agencyName, datasetLabel, formatDaysBehind, formatLastDataDay, shortRunId } from './freshness';

describe('freshness formatting', () => {
  it('writes the last data day in Solar Hijri with Persian digits in Persian, Gregorian in English', () => {
    expect(formatLastDataDay('2026-11-27', 'fa')).toBe('۶ آذر ۱۴۰۵');
    expect(formatLastDataDay('2026-11-27', 'en')).toBe('27 Nov 2026');
    expect(formatLastDataDay(null, 'fa')).toBe('بدون داده');
    expect(formatLastDataDay(null, 'en')).toBe('No data');
  });

  it('counts days behind in words, with the right digits and number', () => {
    expect(formatDaysBehind(0, 'en')).toBe('today');
    expect(formatDaysBehind(1, 'en')).toBe('1 day');
    expect(formatDaysBehind(12, 'en')).toBe('12 days');
    expect(formatDaysBehind(12, 'fa')).toBe('۱۲ روز');
    expect(formatDaysBehind(null, 'fa')).toBe('—');
  });

  it('labels and colours every freshness status', () => {
    for (const s of FRESHNESS_STATUSES) {
      expect(dictionaries.fa[freshnessKey(s)]).toBeTruthy();
      expect(dictionaries.en[freshnessKey(s)]).toBeTruthy();
      expect(FRESHNESS_COLOR[s]).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(dictionaries.fa['freshness.status.silent']).toBe('بی‌داده'); // the scoreboard's word for the same thing
  });

  it('names agencies and datasets in the language, falling back to the id', () => {
    expect(agencyName({ agencyId: 'ncr', nameFa: 'ثبت احوال', nameEn: 'Civil Registration' }, 'fa')).toBe('ثبت احوال');
    expect(agencyName({ agencyId: 'gone', nameFa: null, nameEn: null }, 'en')).toBe('gone');
    expect(datasetLabel('service-metrics', 'en')).toBe('Daily metrics');
    expect(datasetLabel('payroll', 'fa')).toBe('payroll');
    expect(shortRunId('0f8e2c1a-1111-2222-3333-444455556666')).toBe('0f8e2c1a');
  });
});
