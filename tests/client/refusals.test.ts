/** WD1: a refusal reads in the reader's language, from its code alone; the server's English never shows. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeRefusal, refusalText } from '../../client/src/i18n/index.ts';
import { loadLanguage } from '../../client/src/i18n/translate.ts';
import { lang } from '../../client/src/store.ts';

const serverEnglish = 'slow down: too many requests, try again in 1 s';

beforeAll(async () => {
  await loadLanguage('fr');
});
afterEach(() => {
  lang.value = 'en';
});

describe('describeRefusal', () => {
  it('WD1: a French reader reads rate_limited in French, with when to try again, and none of the server message', () => {
    lang.value = 'fr';
    const refusal = { code: 'rate_limited', message: serverEnglish, retryAfterMs: 1200 };
    const words = describeRefusal(refusal);
    expect(words.title).toBe('Doucement');
    expect(words.detail).toBe('Trop de demandes\u202f: réessayez dans 2\u00a0s.');
    expect(`${words.title} ${words.detail}`).not.toContain('slow down');
    expect(refusalText({ code: 'rate_limited' })).toBe('Doucement. Trop de demandes\u202f: patientez un instant et réessayez.');
  });

  it('WD1: an English reader gets the same words from the code, never the server message', () => {
    const words = describeRefusal({ code: 'rate_limited', retryAfterMs: 1000 });
    expect(words).toEqual({ title: 'Slow down', detail: 'Too many requests: try again in 1 s.' });
    expect(describeRefusal({ code: 'queue_closed' })).toEqual({ title: 'The queue is closed' });
    expect(describeRefusal({ code: 'unavailable' }).detail).toBe('Nothing was changed: try again in a moment.');
  });

  it('WD1: a code this build does not know reads as a generic refusal', () => {
    lang.value = 'fr';
    expect(describeRefusal({ code: 'a_code_from_the_future' })).toEqual({ title: 'Non effectué' });
  });
});
