import { describe, expect, it } from 'vitest';
import { chooseLang, langCookie, langFromCookie } from './lang-cookie';

describe('language cookie', () => {
  it('reads the remembered language among other cookies, ignoring anything else', () => {
    expect(langFromCookie('a=1; hamgam_lang=en; b=2')).toBe('en');
    expect(langFromCookie('hamgam_lang=fa')).toBe('fa');
    expect(langFromCookie('hamgam_lang=de')).toBeNull();
    expect(langFromCookie('')).toBeNull();
  });

  it('lets the URL win, then the cookie, then Persian', () => {
    expect(chooseLang('fa', 'hamgam_lang=en')).toBe('fa');
    expect(chooseLang('en', '')).toBe('en');
    expect(chooseLang(null, 'hamgam_lang=en')).toBe('en');
    expect(chooseLang('xx', 'hamgam_lang=en')).toBe('en');
    expect(chooseLang(null, '')).toBe('fa');
  });

  it('writes a site-wide cookie that lasts', () => {
    expect(langCookie('en')).toMatch(/^hamgam_lang=en; Path=\/; Max-Age=\d+; SameSite=Lax$/);
  });
});
