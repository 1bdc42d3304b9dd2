/**
 * "No text node in another language": the English a page in another language must not show.
 * Used by every language's walk through the participant's flow (WD1).
 */
import type { Page } from 'playwright-core';
import type { LanguageTables } from '../../../client/src/i18n/messages.ts';
import { ENGLISH } from '../../../client/src/i18n/messages.ts';
import { STAFF_EN } from '../../../client/src/moderator/messages.ts';

export interface EnglishWords {
  phrases: string[];
  words: Set<string>;
}

/**
 * The English the page must not show: every catalog text that `tables` words differently. A
 * text with placeholders is cut at them; a piece is looked for inside the page's texts when it
 * has two words or more, else only as a whole text (a button "Send").
 */
export function englishWords(tables: LanguageTables): EnglishWords {
  const words = foreignWords(ENGLISH, tables);
  // What the server writes in its own messages (never to be shown, WD1).
  for (const said of ['slow down', 'too many requests', 'try again in', 'must be', 'something went wrong', 'not valid']) words.phrases.push(said);
  return words;
}

/**
 * The words of `foreign` a page in `tables`' language must not show, cut as `englishWords`
 * cuts English: after a switch from Spanish to Portuguese, no Spanish is left (WD10).
 */
export function foreignWords(foreign: LanguageTables, tables: LanguageTables): EnglishWords {
  const phrases = new Set<string>();
  const words = new Set<string>();
  const add = (en: string, theirs: string | undefined) => {
    if (en === theirs) return;
    for (const piece of en.split(/\{\w+\}/)) {
      const text = piece.trim().replace(/[.:,;]$/, '');
      if (!/[a-z]/i.test(text)) continue;
      if (text.split(/\s+/).length >= 2) phrases.add(text);
      else if (text.length >= 3) words.add(text);
    }
  };
  for (const [key, theirs] of Object.entries(foreign.messages)) add(theirs, tables.messages[key as keyof typeof tables.messages]);
  for (const [code, theirs] of Object.entries(foreign.codes)) add(theirs, tables.codes[code as keyof typeof tables.codes]);
  for (const [key, theirs] of Object.entries(foreign.staff ?? STAFF_EN)) add(theirs, tables.staff?.[key as keyof typeof STAFF_EN]);
  // Words of the language that happen to be spelt like a foreign one in the list, and phrases its own texts hold ("A favor", «Former participant»).
  const own = Object.values(tables.messages);
  for (const same of own) words.delete(same);
  const ownLower = own.map((text) => text.toLowerCase());
  return { phrases: [...phrases].filter((p) => !ownLower.some((text) => text.includes(p.toLowerCase()))), words };
}

/**
 * Every text of Gavel's own a reader meets on the page: the rendered text nodes, and the labels,
 * titles and placeholders read aloud or shown on hover. What people and organisers typed (a
 * name, an agenda title, the event's description) is in a `bdi` (UserText), and is theirs.
 */
export function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('bdi, script, style')) continue;
      if (!parent.checkVisibility() && !parent.closest('option')) continue;
      texts.push(node.textContent ?? '');
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const attr of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(attr);
        if (value) texts.push(value);
      }
    }
    return texts.map((t) => t.trim()).filter(Boolean);
  });
}

/** The English found among the page's texts, with where. */
export async function englishOn(page: Page, english: EnglishWords): Promise<string[]> {
  const found: string[] = [];
  for (const text of await pageTexts(page)) {
    const lower = text.toLowerCase();
    if (english.words.has(text)) found.push(text);
    for (const phrase of english.phrases) if (lower.includes(phrase.toLowerCase())) found.push(`${phrase} (in "${text.slice(0, 80)}")`);
  }
  return found;
}
