/** One message table per language, English and French complete, with the same placeholders. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type CodeTable, LANGUAGES, type Language, type LanguageTables, type MessageKey } from '../../client/src/i18n/messages.ts';
import { loadLanguage, ordinal, pickLanguage, plural, translate, translateCode } from '../../client/src/i18n/translate.ts';
import { STAFF_EN, type StaffKey } from '../../client/src/moderator/messages.ts';
import { ERROR_CODES } from '../../shared/constants.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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
      for (const lang of LANGUAGES) expect(placeholders(MESSAGES[lang][key]), `${lang} ${key}`).toEqual(placeholders(MESSAGES.en[key]));
    }
  });

  it('has every staff screen word (their own chunk) in French, with the same placeholders', () => {
    const french: Partial<Record<StaffKey, string>> = TABLES.fr.staff ?? {};
    expect(Object.keys(french).sort()).toEqual(Object.keys(STAFF_EN).sort());
    for (const [key, text] of Object.entries(STAFF_EN) as Array<[StaffKey, string]>) {
      expect(french[key]?.trim(), `fr ${key}`).not.toBe('');
      expect(placeholders(french[key] ?? ''), `fr ${key}`).toEqual(placeholders(text));
    }
  });

  it('names every error code the server can send, in every language', () => {
    for (const lang of LANGUAGES) {
      expect(Object.keys(CODE_MESSAGES[lang]).sort(), lang).toEqual(Object.keys(ERROR_CODES).sort());
    }
  });

  it('is really translated: a text may read the same in French only when it is a word or two (Organisation, Pause, +1 min)', () => {
    const same = (Object.keys(MESSAGES.en) as MessageKey[]).filter((k) => MESSAGES.fr[k] === MESSAGES.en[k]);
    for (const key of same) expect(MESSAGES.en[key].split(/\s+/).length, `${key} is not translated`).toBeLessThanOrEqual(2);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'queue.youAre', { ordinal: '3rd' })).toBe('You are 3rd in the queue');
    expect(translate('fr', 'queue.youAre', { ordinal: '3e' })).toBe('Vous êtes 3e dans la file');
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
  });

  it('picks the plural form by the language’s rules', () => {
    expect(plural('en', 1, 'speaker.turns.one', 'speaker.turns.other')).toBe('1 turn');
    expect(plural('en', 0, 'speaker.turns.one', 'speaker.turns.other')).toBe('0 turns');
    // French counts zero as singular.
    expect(plural('fr', 0, 'speaker.turns.one', 'speaker.turns.other')).toBe('0 intervention');
    expect(plural('fr', 2, 'speaker.turns.one', 'speaker.turns.other')).toBe('2 interventions');
  });

  it('has no words for an error code it does not know, so the caller falls back', () => {
    expect(translateCode('fr', 'queue_closed')).toBe('La file est fermée');
    expect(translateCode('en', 'a_code_from_the_future')).toBeNull();
  });
});

describe('the language choice', () => {
  it('takes the first browser language Gavel speaks, else English', () => {
    expect(pickLanguage(['fr-CA', 'en-US'])).toBe('fr');
    expect(pickLanguage(['de-DE', 'fr'])).toBe('fr');
    expect(pickLanguage(['EN-gb'])).toBe('en');
    expect(pickLanguage(['de', 'sw'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
