import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { cs } from './locales/cs';
import { en } from './locales/en';

export const LANGUAGES = ['cs', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const CHOICE_KEY = 'atime.language';

/** The language the user picked with the switch (not sensitive, so it may live in storage). */
export const chosenLanguage = (): Language | undefined => {
  const value = localStorage.getItem(CHOICE_KEY);
  return value === 'cs' || value === 'en' ? value : undefined;
};

export function chooseLanguage(language: Language): void {
  localStorage.setItem(CHOICE_KEY, language);
  void i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { cs: { translation: cs }, en: { translation: en } },
  lng: chosenLanguage() ?? 'cs',
  fallbackLng: 'cs',
  interpolation: { escapeValue: false },
});

export default i18n;
