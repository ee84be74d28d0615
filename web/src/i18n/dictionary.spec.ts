import { describe, expect, it } from 'vitest';
import { AGENCY_STATUSES, COMPONENTS } from '@hamgam/shared';
import { componentKey, dictionaries, dirOf, parseLang, statusKey, translate } from './dictionary';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionary', () => {
  const faKeys = Object.keys(dictionaries.fa).sort();
  const enKeys = Object.keys(dictionaries.en).sort();

  it('has the same keys in Persian and English', () => {
    expect(enKeys).toEqual(faKeys);
  });

  it('has no blank strings and the same placeholders in both languages', () => {
    for (const key of faKeys as (keyof typeof dictionaries.fa)[]) {
      expect(dictionaries.fa[key].trim(), key).not.toBe('');
      expect(dictionaries.en[key].trim(), key).not.toBe('');
      expect(placeholders(dictionaries.en[key]), key).toEqual(placeholders(dictionaries.fa[key]));
    }
  });

  it('writes Persian strings without Latin digits (numbers come from the format module)', () => {
    for (const [key, value] of Object.entries(dictionaries.fa)) {
      if (key === 'lang.switch' || key === 'lang.switchLabel') continue; // written in the other language on purpose
      expect(value, key).not.toMatch(/[0-9]/);
    }
  });

  it('labels every status and component in both languages', () => {
    for (const status of AGENCY_STATUSES) {
      expect(dictionaries.fa[statusKey(status)]).toBeTruthy();
      expect(dictionaries.en[statusKey(status)]).toBeTruthy();
    }
    for (const component of COMPONENTS) {
      expect(dictionaries.fa[componentKey(component)]).toBeTruthy();
      expect(dictionaries.en[componentKey(component)]).toBeTruthy();
    }
    expect(dictionaries.fa['status.lagging']).toBe('عقب‌مانده');
    expect(dictionaries.fa['status.silent']).toBe('بی‌داده');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'table.servicesValue', { live: '3', total: '7' })).toBe('3 of 7');
    expect(translate('en', 'table.servicesValue', { live: '3' })).toBe('3 of {total}');
  });

  it('defaults to Persian unless English is asked for', () => {
    expect(parseLang('en')).toBe('en');
    expect(parseLang(null)).toBe('fa');
    expect(parseLang('de')).toBe('fa');
    expect(dirOf('fa')).toBe('rtl');
    expect(dirOf('en')).toBe('ltr');
  });
});
