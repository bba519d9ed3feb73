import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './resources';

export type Lang = 'zh' | 'en';
const KEY = 'techmatch.lang';

/** Chinese first; the user's choice of language (only that) is remembered in the browser. */
export function initialLang(): Lang {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLang(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initialLang() === 'zh' ? 'zh-CN' : 'en';

export default i18n;
