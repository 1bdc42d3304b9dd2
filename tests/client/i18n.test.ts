/** One message table per language, every language complete, with the same placeholders (WD10, WD20). */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CodeTable,
  type CountedKey,
  directionOf,
  LANGUAGE_NAMES,
  LANGUAGES,
  type Language,
  type LanguageTables,
  type MessageKey,
} from '../../client/src/i18n/messages.ts';
import { loadLanguage, ordinal, pickLanguage, plural, translate, translateCode } from '../../client/src/i18n/translate.ts';
import { STAFF_EN, type StaffKey, tsPlural } from '../../client/src/moderator/messages.ts';
import { lang as readerLanguage } from '../../client/src/store.ts';
import { ERROR_CODES } from '../../shared/constants.ts';
import { countryName } from '../../shared/countries.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Every language but the English reference: a language added to LANGUAGES is checked here with no other change. */
const TRANSLATED = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');
/** The words of a text: placeholders, numbers and signs ("{n} / {max}", "+{n} min") are not words. */
const wordCount = (s: string) =>
  s
    .replace(/\{\w+\}/g, '')
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w)).length;
/** The placeholders a translation must keep: the singular of a count may say "one" in words (Arabic "مداخلة واحدة"), so `{n}` is not required there (WD24). */
const placeholdersOf = (key: string, s: string) => (key.endsWith('.one') ? placeholders(s).filter((p) => p !== 'n') : placeholders(s));

// Every language through the loader the page uses: one whose chunk is missing fails here.
const MESSAGES = {} as Record<Language, Record<MessageKey, string>>;
const CODE_MESSAGES = {} as Record<Language, CodeTable>;
const TABLES = {} as Record<Language, LanguageTables>;
beforeAll(async () => {
  for (const lang of LANGUAGES) {
    const tables = await loadLanguage(lang);
    MESSAGES[lang] = tables.messages;
    CODE_MESSAGES[lang] = tables.codes;
    TABLES[lang] = tables;
  }
});

describe('the message table', () => {
  it('has every key in every language, none empty', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(MESSAGES[lang]).sort()).toEqual(keys);
      for (const [key, text] of Object.entries(MESSAGES[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    for (const key of Object.keys(MESSAGES.en) as MessageKey[]) {
      for (const lang of LANGUAGES) expect(placeholdersOf(key, MESSAGES[lang][key]), `${lang} ${key}`).toEqual(placeholdersOf(key, MESSAGES.en[key]));
    }
  });

  it.each(TRANSLATED)('has every staff screen word (their own chunk) in %s, with the same placeholders', (lang) => {
    const staff: Partial<Record<StaffKey, string>> = TABLES[lang].staff ?? {};
    expect(Object.keys(staff).sort()).toEqual(Object.keys(STAFF_EN).sort());
    for (const [key, text] of Object.entries(STAFF_EN) as Array<[StaffKey, string]>) {
      expect(staff[key]?.trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholdersOf(key, staff[key] ?? ''), `${lang} ${key}`).toEqual(placeholdersOf(key, text));
    }
  });

  it.each(TRANSLATED)('gives every error code a title in %s, none empty, none left in English', (lang) => {
    for (const code of Object.keys(ERROR_CODES) as Array<keyof typeof ERROR_CODES>) {
      expect(CODE_MESSAGES[lang][code]?.trim(), `${lang} ${code}`).toBeTruthy();
      expect(CODE_MESSAGES[lang][code], `${lang} ${code}`).not.toBe(CODE_MESSAGES.en[code]);
    }
  });

  it('WD24: an extra plural form (zero, two, few, many) says no more than its message, and every count but zero is in it', () => {
    for (const lang of LANGUAGES) {
      const extras = [
        ...Object.entries(TABLES[lang].plurals ?? {}).map(([key, forms]) => [MESSAGES.en[key as CountedKey], forms] as const),
        ...Object.entries(TABLES[lang].staffPlurals ?? {}).map(([key, forms]) => [STAFF_EN[key as StaffKey], forms] as const),
      ];
      for (const [english, forms] of extras) {
        const names = placeholders(english);
        for (const [category, text] of Object.entries(forms ?? {})) {
          expect(text.trim(), `${lang} ${english} ${category}`).not.toBe('');
          // The count may be said in words ("two" is a word of its own in Arabic); every other placeholder stays.
          expect(
            placeholders(text).filter((p) => p !== 'n'),
            `${lang} ${english} ${category}`,
          ).toEqual(names.filter((p) => p !== 'n'));
          if (category === 'few' || category === 'many') expect(placeholders(text), `${lang} ${english} ${category}`).toContain('n');
        }
      }
    }
  });

  it('names every error code the server can send, in every language', () => {
    for (const lang of LANGUAGES) {
      expect(Object.keys(CODE_MESSAGES[lang]).sort(), lang).toEqual(Object.keys(ERROR_CODES).sort());
    }
  });

  it.each(TRANSLATED)('is really translated into %s: a text may read as in English only when it is a word or two (Organisation, Chat, +1 min)', (lang) => {
    const same = (Object.keys(MESSAGES.en) as MessageKey[]).filter((k) => MESSAGES[lang][k] === MESSAGES.en[k]);
    for (const key of same) expect(wordCount(MESSAGES.en[key]), `${lang}: ${key} is not translated`).toBeLessThanOrEqual(2);
    const staffSame = (Object.keys(STAFF_EN) as StaffKey[]).filter((k) => TABLES[lang].staff?.[k] === STAFF_EN[k]);
    for (const key of staffSame) expect(wordCount(STAFF_EN[key]), `${lang}: staff ${key} is not translated`).toBeLessThanOrEqual(2);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'queue.youAre', { ordinal: '3rd' })).toBe('You are 3rd in the queue');
    expect(translate('fr', 'queue.youAre', { ordinal: '3e' })).toBe('Vous êtes 3e dans la file');
    expect(translate('es', 'queue.youAre', { ordinal: ordinal('es', 3) })).toBe('Ocupa el 3.º lugar en la lista');
    expect(translate('pt', 'queue.youAre', { ordinal: ordinal('pt', 3) })).toBe('Está em 3.º lugar na lista');
    expect(translate('en', 'queue.youAre')).toBe('You are {ordinal} in the queue');
  });

  it('writes ordinals in each language', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((n) => ordinal('en', n))).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
    ]);
    expect([1, 2, 3, 10].map((n) => ordinal('fr', n))).toEqual(['1er', '2e', '3e', '10e']);
    expect([1, 2, 3, 10].map((n) => ordinal('es', n))).toEqual(['1.º', '2.º', '3.º', '10.º']);
    expect([1, 2, 3, 10].map((n) => ordinal('pt', n))).toEqual(['1.º', '2.º', '3.º', '10.º']);
  });

  it('picks the plural form by the language’s rules', () => {
    expect(plural('en', 1, 'speaker.turns.one', 'speaker.turns.other')).toBe('1 turn');
    expect(plural('en', 0, 'speaker.turns.one', 'speaker.turns.other')).toBe('0 turns');
    // French counts zero as singular.
    expect(plural('fr', 0, 'speaker.turns.one', 'speaker.turns.other')).toBe('0 intervention');
    expect(plural('fr', 2, 'speaker.turns.one', 'speaker.turns.other')).toBe('2 interventions');
    // Spanish counts zero as plural.
    expect(plural('es', 0, 'speaker.turns.one', 'speaker.turns.other')).toBe('0 intervenciones');
    expect(plural('es', 1, 'speaker.turns.one', 'speaker.turns.other')).toBe('1 intervención');
    expect(plural('pt', 2, 'speaker.turns.one', 'speaker.turns.other')).toBe('2 intervenções');
  });

  it('WD24: counts in Arabic in its six forms: zero, one, two, few (3–10), many (11–99) and other (100)', () => {
    const turns = [0, 1, 2, 3, 10, 11, 99, 100, 103, 111].map((n) => plural('ar', n, 'speaker.turns.one', 'speaker.turns.other'));
    expect(turns).toEqual([
      'لا مداخلات',
      'مداخلة واحدة',
      'مداخلتان',
      '3 مداخلات',
      '10 مداخلات',
      '11 مداخلةً',
      '99 مداخلةً',
      '100 مداخلة',
      '103 مداخلات',
      '111 مداخلةً',
    ]);
    // The other placeholders of a form are filled too.
    expect(plural('ar', 2, 'vote.turnout.one', 'vote.turnout.other', { online: 40 })).toBe('أجاب شخصان من بين المتصلين (40)');
    expect(plural('ar', 5, 'vote.turnout.one', 'vote.turnout.other', { online: 40 })).toBe('أجاب 5 أشخاص من بين المتصلين (40)');
    // English and French have no extra forms: two is still `other`.
    expect(plural('en', 2, 'vote.turnout.one', 'vote.turnout.other', { online: 40 })).toBe('2 of 40 online have answered');
    expect(plural('fr', 2, 'speaker.turns.one', 'speaker.turns.other')).toBe('2 interventions');
  });

  it('WD24: the staff screens count in Arabic in its six forms too, and in English in two', () => {
    readerLanguage.value = 'ar';
    const waiting = [0, 1, 2, 7, 42, 100].map((n) => tsPlural(n, 'staffLobby.count.one', 'staffLobby.count.other'));
    expect(waiting).toEqual([
      'لا أحد ينتظر الإذن بالدخول',
      'شخص واحد ينتظر الإذن بالدخول',
      'شخصان ينتظران الإذن بالدخول',
      '7 أشخاص ينتظرون الإذن بالدخول',
      '42 شخصًا ينتظرون الإذن بالدخول',
      '100 شخص ينتظرون الإذن بالدخول',
    ]);
    readerLanguage.value = 'en';
    expect([1, 2].map((n) => tsPlural(n, 'staffLobby.count.one', 'staffLobby.count.other'))).toEqual([
      '1 person waiting to be let in',
      '2 people waiting to be let in',
    ]);
  });

  it('WD21: Arabic is written right to left, English and French left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
    expect(directionOf('fr')).toBe('ltr');
  });

  it('has no words for an error code it does not know, so the caller falls back', () => {
    expect(translateCode('fr', 'queue_closed')).toBe('La file est fermée');
    expect(translateCode('es', 'queue_closed')).toBe('La lista de oradores está cerrada');
    expect(translateCode('pt', 'queue_closed')).toBe('A lista de oradores está fechada');
    expect(translateCode('ar', 'queue_closed')).toBe('قائمة الانتظار مغلقة');
    expect(translateCode('en', 'a_code_from_the_future')).toBeNull();
  });
});

describe('the language choice', () => {
  it('takes the first browser language Gavel speaks, else English', () => {
    expect(pickLanguage(['fr-CA', 'en-US'])).toBe('fr');
    expect(pickLanguage(['de-DE', 'fr'])).toBe('fr');
    expect(pickLanguage(['EN-gb'])).toBe('en');
    expect(pickLanguage(['de', 'sw'])).toBe('en');
    expect(pickLanguage(['es-MX', 'en'])).toBe('es');
    expect(pickLanguage(['pt-BR', 'pt'])).toBe('pt');
    expect(pickLanguage(['de-DE', 'pt-PT', 'es'])).toBe('pt');
    expect(pickLanguage(['ar-EG', 'en'])).toBe('ar');
    expect(pickLanguage([])).toBe('en');
  });
});

describe('each language names countries and writes times through Intl (J5, WD12)', () => {
  it('names a country in Spanish and Portuguese', () => {
    expect(countryName('DE', 'es')).toBe('Alemania');
    expect(countryName('ZA', 'es-MX')).toBe('Sudáfrica');
    expect(countryName('DE', 'pt')).toBe('Alemanha');
    expect(countryName('ZA', 'pt-BR')).toBe('África do Sul');
  });

  it('calls each language by its own name in the picker', () => {
    expect(LANGUAGE_NAMES).toEqual({ en: 'English', fr: 'Français', es: 'Español', pt: 'Português', ar: 'العربية' });
  });
});
