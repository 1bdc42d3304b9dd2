/**
 * The link book contract: every backend (memory, file, Redis) runs this suite.
 *
 * LB1 put adds a link; get lists an event's links in the order they were put; events are independent.
 * LB2 a put for a person who has a link replaces it (a re-issued link): one link per person and event.
 * LB3 all lists every event's links.
 * LB4 (durable backends) a book opened again on the same storage holds every link put before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InviteLink, LinkBook } from '../../../server/links/types.ts';

export interface LinkBookFixture {
  book: LinkBook;
  /** Another book on the same storage, once every put so far is stored. */
  reopen?: () => Promise<LinkBook>;
  cleanup: () => Promise<void>;
}

export function link(personId: string, token = `token-of-${personId}`, eventId = 'summit'): InviteLink {
  return { eventId, personId, role: 'speaker', name: personId, title: '', token };
}

export function runLinkBookContract(name: string, open: () => Promise<LinkBookFixture>): void {
  describe(`${name} link book contract`, () => {
    let fixture: LinkBookFixture | null = null;
    async function fresh(): Promise<LinkBookFixture> {
      fixture = await open();
      return fixture;
    }
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = null;
    });

    it('LB1: get lists an event’s links in the order they were put, and nothing of another event', async () => {
      const { book } = await fresh();
      expect(book.get('summit')).toEqual([]);
      book.put(link('amara'));
      book.put(link('bilal'));
      book.put(link('chidi', 'token-of-chidi', 'plenary'));
      expect(book.get('summit')).toEqual([link('amara'), link('bilal')]);
      expect(book.get('plenary')).toEqual([link('chidi', 'token-of-chidi', 'plenary')]);
    });

    it('LB2: a re-issued link replaces the person’s old one', async () => {
      const { book } = await fresh();
      book.put(link('amara'));
      book.put(link('bilal'));
      book.put(link('amara', 'new-token'));
      expect(book.get('summit')).toEqual([link('bilal'), link('amara', 'new-token')]);
    });

    it('LB3: all lists every event’s links', async () => {
      const { book } = await fresh();
      book.put(link('amara'));
      book.put(link('chidi', 'token-of-chidi', 'plenary'));
      expect(book.all()).toEqual([link('amara'), link('chidi', 'token-of-chidi', 'plenary')]);
    });

    it('LB4: a book opened again on the same storage holds every link', async () => {
      const { book, reopen } = await fresh();
      if (!reopen) return; // memory keeps nothing across a reopen
      book.put(link('amara'));
      book.put(link('bilal'));
      book.put(link('amara', 'new-token'));
      book.put(link('chidi', 'token-of-chidi', 'plenary'));
      const again = await reopen();
      expect(again.get('summit')).toEqual(expect.arrayContaining([link('bilal'), link('amara', 'new-token')]));
      expect(again.get('summit')).toHaveLength(2);
      expect(again.get('plenary')).toEqual([link('chidi', 'token-of-chidi', 'plenary')]);
    });
  });
}
