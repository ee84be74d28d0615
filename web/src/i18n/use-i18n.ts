import { createContext, useContext } from 'react';
import { translate, type Lang, type MessageKey, type MessageVars } from './dictionary';

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, vars?: MessageVars) => string;
}

export const makeI18n = (lang: Lang): I18n => ({ lang, t: (key, vars) => translate(lang, key, vars) });

export const I18nContext = createContext<I18n>(makeI18n('fa'));

export const useI18n = (): I18n => useContext(I18nContext);
