import { describe, expect, it } from 'vitest';
import { AGENCY_STATUSES, COMPONENTS } from '@hamgam/shared';
import { AGENCY_KINDS, SERVICE_STAGES } from '@hamgam/shared';
import { componentKey, dictionaries, dirOf, inputLabel, kindLabel, parseLang, sectorLabel, stageKey, statusKey, translate } from './dictionary';

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

  it('names every sector of the registry, every kind and every stage in both languages', () => {
    const sectors = ['foreign-affairs', 'interior', 'economy', 'justice', 'education', 'health', 'welfare', 'agriculture', 'transport', 'energy', 'ict', 'culture', 'administration', 'identity', 'environment', 'urban'];
    for (const lang of ['fa', 'en'] as const) {
      for (const s of sectors) expect(sectorLabel(lang, s), s).not.toBe(s);
      for (const k of AGENCY_KINDS) expect(kindLabel(lang, k), k).not.toBe(k);
      for (const st of SERVICE_STAGES) expect(dictionaries[lang][stageKey(st)]).toBeTruthy();
    }
    expect(sectorLabel('fa', 'health')).toBe('سلامت');
    // An id the dictionary does not know yet shows as itself, never as a blank.
    expect(sectorLabel('en', 'space')).toBe('space');
    expect(inputLabel('en', 'servicesLive')).toBe('Services live');
    expect(inputLabel('fa', 'newInput')).toBe('newInput');
  });
});
