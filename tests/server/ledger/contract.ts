/**
 * The ledger contract: every backend (memory, file, Redis) runs this suite.
 *
 * L1  seq is contiguous per event, starting at 1; append resolves with the stored entry.
 * L2  events are independent: each has its own seqs and entries.
 * L3  `at` comes from the ledger's clock and never decreases within an event, even when the clock goes back.
 * L4  read(afterSeq, limit) returns the entries after afterSeq, in order, at most limit; paging visits each once.
 * L5  tail from 0 delivers the stored entries, then new ones, each exactly once and in order.
 * L6  tail from the middle, or from the head, starts right after afterSeq.
 * L7  concurrent appends get distinct, contiguous seqs, and a tail sees them all exactly once, in order.
 * L8  an append made from inside a tail callback is delivered too, in order, without gap or repeat.
 * L9  after unsubscribe, a tail receives nothing more.
 * L10 head() is the highest seq (0 for an unknown event); events() lists every event with an entry.
 * L11 after a reopen every entry is still there, and seqs continue where they stopped.
 * L12 append refuses an event id outside EVENT_ID_PATTERN (ids become file names and keys).
 * L13 an append repeating (actor.id, commandId) resolves with the first entry and stores nothing,
 *     also when the repeats run at once, and (persistent backends) after a reopen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryDraft, Ledger } from '../../../server/ledger/types.ts';
import type { Actor, Entry } from '../../../shared/protocol.ts';

export interface LedgerFixture {
  ledger: Ledger;
  /** Close the ledger and open it again on the same storage. */
  reopen?: () => Promise<Ledger>;
  cleanup: () => Promise<void>;
}

export interface LedgerContractOptions {
  /** A backend whose clock can be injected runs the L3 clock test with it. */
  makeLedgerWithClock?: (now: () => number) => Promise<LedgerFixture>;
  /** A backend that keeps nothing across a reopen (memory) does not run L11 at all. */
  volatile?: boolean;
}

export const AMA: Actor = { id: 'p_1', role: 'participant', name: 'Ama', community: 'Ghanaian diaspora', region: 'africa', country: 'Germany' };
export const KOFI: Actor = { id: 'p_2', role: 'participant', name: 'Kofi', community: 'Ghanaian diaspora', region: 'africa', country: 'Canada' };
export const MODERATOR: Actor = { id: 'm_1', role: 'moderator', name: 'Adjoa', community: 'Accra', region: 'africa', country: 'Ghana' };

export function chat(text: string, actor: Actor = AMA): EntryDraft {
  return { actor, command: { type: 'chat.send', payload: { text } } };
}

export function raiseHand(actor: Actor = KOFI, topic = 'land rights'): EntryDraft {
  return { actor, command: { type: 'queue.raise', payload: { topic } } };
}

export function seqsOf(entries: readonly Entry[]): number[] {
  return entries.map((entry) => entry.seq);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Append `count` chat messages one after the other. */
export async function appendChats(ledger: Ledger, eventId: string, count: number, prefix = 'message'): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let i = 1; i <= count; i++) entries.push(await ledger.append(eventId, chat(`${prefix} ${i}`)));
  return entries;
}

/**
 * Tail an event and resolve once the entry `untilSeq` has arrived, with every entry received
 * so far (repeats and gaps included, so the test can see them).
 */
export function collect(ledger: Ledger, eventId: string, afterSeq: number, untilSeq: number): { done: Promise<Entry[]>; received: Entry[]; stop: () => void } {
  const received: Entry[] = [];
  let stop = () => {};
  const done = new Promise<Entry[]>((resolve) => {
    if (afterSeq >= untilSeq) resolve(received); // nothing to wait for
    stop = ledger.tail(eventId, afterSeq, (entries) => {
      received.push(...entries);
      if (entries.some((entry) => entry.seq >= untilSeq)) resolve(received);
    });
  });
  return { done, received, stop: () => stop() };
}

export function runLedgerContract(name: string, makeLedger: () => Promise<LedgerFixture>, options: LedgerContractOptions = {}): void {
  describe(`${name} ledger contract`, () => {
    let fixture: LedgerFixture | null = null;

    async function open(make: () => Promise<LedgerFixture> = makeLedger): Promise<Ledger> {
      fixture = await make();
      return fixture.ledger;
    }

    afterEach(async () => {
      await fixture?.cleanup();
      fixture = null;
    });

    it('L1: seq is contiguous per event, starting at 1', async () => {
      const ledger = await open();
      const first = await ledger.append('summit', chat('hello'));
      expect(first).toMatchObject({ seq: 1, actor: AMA, command: { type: 'chat.send', payload: { text: 'hello' } } });
      const rest = [
        await ledger.append('summit', raiseHand()),
        await ledger.append('summit', { actor: KOFI, command: { type: 'queue.lower', payload: { kind: 'hand' } } }),
      ];
      expect(seqsOf(rest)).toEqual([2, 3]);
      expect(await ledger.read('summit', 0)).toEqual([first, ...rest]);
    });

    it('L2: events are independent', async () => {
      const ledger = await open();
      await appendChats(ledger, 'summit', 3);
      const other = await ledger.append('plenary-2', chat('elsewhere', KOFI));
      expect(other.seq).toBe(1);
      expect(await ledger.append('summit', chat('four'))).toMatchObject({ seq: 4 });
      expect(await ledger.read('plenary-2', 0)).toEqual([other]);
      expect(seqsOf(await ledger.read('summit', 0))).toEqual([1, 2, 3, 4]);
    });

    it('L3: at never decreases within an event', async () => {
      const ledger = await open();
      const before = Date.now();
      const entries = await Promise.all(range(1, 50).map((i) => ledger.append('summit', chat(`m${i}`))));
      const stored = await ledger.read('summit', 0);
      for (let i = 1; i < stored.length; i++) expect(stored[i]!.at).toBeGreaterThanOrEqual(stored[i - 1]!.at);
      expect(stored[0]!.at).toBeGreaterThanOrEqual(before - 60_000); // a real clock, not a counter
      expect(entries.map((e) => e.at)).toEqual(stored.map((e) => e.at));
    });

    if (options.makeLedgerWithClock) {
      const makeWithClock = options.makeLedgerWithClock;
      it('L3: at is the ledger clock, held at the previous at when the clock goes back', async () => {
        const times = [1_000, 5_000, 3_000, 4_000, 9_000];
        let i = 0;
        const ledger = await open(() => makeWithClock(() => times[i++] ?? 9_999));
        const ats: number[] = [];
        for (let n = 0; n < times.length; n++) ats.push((await ledger.append('summit', chat(`m${n}`))).at);
        expect(ats).toEqual([1_000, 5_000, 5_000, 5_000, 9_000]);
      });
    }

    it('L4: read(afterSeq, limit) pages through the entries in order', async () => {
      const ledger = await open();
      await appendChats(ledger, 'summit', 10);
      expect(seqsOf(await ledger.read('summit', 0))).toEqual(range(1, 10));
      expect(seqsOf(await ledger.read('summit', 3, 2))).toEqual([4, 5]);
      expect(seqsOf(await ledger.read('summit', 8, 5))).toEqual([9, 10]);
      expect(await ledger.read('summit', 10)).toEqual([]);
      expect(await ledger.read('summit', 42)).toEqual([]);
      expect(await ledger.read('summit', 2, 0)).toEqual([]);
      expect(await ledger.read('nobody-here', 0)).toEqual([]);
      const paged: number[] = [];
      for (let after = 0; ; ) {
        const page = await ledger.read('summit', after, 3);
        if (page.length === 0) break;
        paged.push(...seqsOf(page));
        after = page[page.length - 1]!.seq;
      }
      expect(paged).toEqual(range(1, 10));
    });

    it('L5: tail from 0 delivers the stored entries, then new ones, exactly once and in order', async () => {
      const ledger = await open();
      await appendChats(ledger, 'summit', 5);
      const tail = collect(ledger, 'summit', 0, 8);
      await appendChats(ledger, 'summit', 3, 'late');
      const received = await tail.done;
      tail.stop();
      expect(seqsOf(received)).toEqual(range(1, 8));
      expect(received).toEqual(await ledger.read('summit', 0));
    });

    it('L6: tail from the middle starts right after afterSeq', async () => {
      const ledger = await open();
      await appendChats(ledger, 'summit', 6);
      const tail = collect(ledger, 'summit', 4, 7);
      await ledger.append('summit', raiseHand());
      const received = await tail.done;
      tail.stop();
      expect(seqsOf(received)).toEqual([5, 6, 7]);
    });

    it('L6: tail from the head delivers only what is appended afterwards', async () => {
      const ledger = await open();
      await appendChats(ledger, 'summit', 3);
      const tail = collect(ledger, 'summit', await ledger.head('summit'), 5);
      await appendChats(ledger, 'summit', 2, 'new');
      const received = await tail.done;
      tail.stop();
      expect(seqsOf(received)).toEqual([4, 5]);
      expect(received.map((e) => e.command)).toEqual([chat('new 1').command, chat('new 2').command]);
    });

    it('L6: tail of an event that does not exist yet delivers its first entries', async () => {
      const ledger = await open();
      const tail = collect(ledger, 'fresh', 0, 2);
      await appendChats(ledger, 'fresh', 2);
      const received = await tail.done;
      tail.stop();
      expect(seqsOf(received)).toEqual([1, 2]);
    });

    it('L7: 200 concurrent appends get seqs 1..200, and every tail sees each exactly once, in order', async () => {
      const ledger = await open();
      const fromStart = collect(ledger, 'summit', 0, 200);
      const appending = Promise.all(range(1, 200).map((i) => ledger.append('summit', i % 3 === 0 ? raiseHand(KOFI, `topic ${i}`) : chat(`m${i}`))));
      // A tail that joins while the appends are in flight, from wherever the head is now.
      const midway = await ledger.head('summit');
      const joinedLate = collect(ledger, 'summit', midway, 200);
      const appended = await appending;
      expect(seqsOf(appended).sort((a, b) => a - b)).toEqual(range(1, 200));
      const [all, late] = await Promise.all([fromStart.done, joinedLate.done]);
      fromStart.stop();
      joinedLate.stop();
      expect(seqsOf(all)).toEqual(range(1, 200));
      expect(seqsOf(late)).toEqual(range(midway + 1, 200));
      // Each append resolved with exactly the entry that was stored under its seq.
      const stored = await ledger.read('summit', 0);
      for (const entry of appended) expect(stored[entry.seq - 1]).toEqual(entry);
    });

    it('L8: an append made from inside a tail callback is delivered in order, without gap or repeat', async () => {
      const ledger = await open();
      await ledger.append('summit', chat('first'));
      const received: Entry[] = [];
      const done = new Promise<void>((resolve) => {
        const stop = ledger.tail('summit', 0, (entries) => {
          received.push(...entries);
          const last = entries[entries.length - 1]!;
          // Each delivery answers with one more entry, until there are 20.
          if (last.seq < 20) void ledger.append('summit', chat(`reply to ${last.seq}`, KOFI));
          else {
            stop();
            resolve();
          }
        });
      });
      await done;
      expect(seqsOf(received)).toEqual(range(1, 20));
    });

    it('L9: after unsubscribe a tail receives nothing more', async () => {
      const ledger = await open();
      await appendChats(ledger, 'summit', 2);
      const first = collect(ledger, 'summit', 0, 2);
      await first.done;
      first.stop();
      const second = collect(ledger, 'summit', 0, 4);
      await appendChats(ledger, 'summit', 2, 'after');
      // By the time a newer tail has seen 3 and 4, a still-subscribed older one would have too.
      expect(seqsOf(await second.done)).toEqual([1, 2, 3, 4]);
      second.stop();
      expect(seqsOf(first.received)).toEqual([1, 2]);
    });

    it('L10: head() is the highest seq and events() lists every event with an entry', async () => {
      const ledger = await open();
      expect(await ledger.head('summit')).toBe(0);
      expect(await ledger.events()).toEqual([]);
      await appendChats(ledger, 'summit', 3);
      await ledger.append('plenary-2', { actor: MODERATOR, command: { type: 'queue.setOpen', payload: { open: true } } });
      const watched = ledger.tail('only-watched', 0, () => {}); // watching an event does not create it
      await ledger.read('only-read', 0);
      expect(await ledger.head('summit')).toBe(3);
      expect(await ledger.head('plenary-2')).toBe(1);
      expect(await ledger.head('only-watched')).toBe(0);
      expect((await ledger.events()).sort()).toEqual(['plenary-2', 'summit']);
      watched();
    });

    if (!options.volatile) {
      it('L11: after a reopen every entry is still there and seqs continue', async () => {
        const ledger = await open();
        const reopen = fixture?.reopen;
        if (!reopen) throw new Error('a persistent backend must provide reopen(); pass { volatile: true } for one that keeps nothing');
        const summit = await Promise.all(range(1, 30).map((i) => ledger.append('summit', chat(`m${i}`))));
        const plenary = await appendChats(ledger, 'plenary-2', 4);
        const reopened = await reopen();
        expect((await reopened.events()).sort()).toEqual(['plenary-2', 'summit']);
        expect(await reopened.head('summit')).toBe(30);
        expect(await reopened.read('summit', 0)).toEqual([...summit].sort((a, b) => a.seq - b.seq));
        expect(await reopened.read('plenary-2', 0)).toEqual(plenary);
        const next = await reopened.append('summit', raiseHand());
        expect(next.seq).toBe(31);
        expect(next.at).toBeGreaterThanOrEqual(summit.reduce((max, e) => Math.max(max, e.at), 0));
        const tail = collect(reopened, 'summit', 28, 31);
        expect(seqsOf(await tail.done)).toEqual([29, 30, 31]);
        tail.stop();
      });
    }

    it('L13: an append repeating (actor, commandId) returns the first entry and stores nothing', async () => {
      const ledger = await open();
      const first = await ledger.append('summit', { ...chat('only once'), commandId: 'cmd-aaaa-0001' });
      expect(first).toMatchObject({ seq: 1, commandId: 'cmd-aaaa-0001' });
      await ledger.append('summit', chat('without an id'));
      await ledger.append('summit', chat('without an id')); // no id: appended each time, as before
      // The repeat gets the entry stored first, even if the retry were not the same command.
      expect(await ledger.append('summit', { ...chat('only once'), commandId: 'cmd-aaaa-0001' })).toEqual(first);
      expect(await ledger.append('summit', { ...chat('something else'), commandId: 'cmd-aaaa-0001' })).toEqual(first);
      // The same id from another person, or in another event, is another command.
      const kofis = await ledger.append('summit', { ...chat('mine', KOFI), commandId: 'cmd-aaaa-0001' });
      const elsewhere = await ledger.append('plenary-2', { ...chat('only once'), commandId: 'cmd-aaaa-0001' });
      expect([kofis.seq, elsewhere.seq]).toEqual([4, 1]);
      expect(await ledger.head('summit')).toBe(4);
      expect(await ledger.read('summit', 0)).toEqual([first, expect.objectContaining({ seq: 2 }), expect.objectContaining({ seq: 3 }), kofis]);
    });

    it('L13: repeats appended at once are stored once, and each resolves with that entry', async () => {
      const ledger = await open();
      const tail = collect(ledger, 'summit', 0, 21);
      const appended = await Promise.all(
        range(1, 60).map((i) => ledger.append('summit', { ...chat(`m${i % 20}`), commandId: `retry-${String(i % 20).padStart(4, '0')}` })),
      );
      await ledger.append('summit', chat('last'));
      expect(seqsOf(await tail.done)).toEqual(range(1, 21));
      tail.stop();
      const stored = await ledger.read('summit', 0);
      expect(new Set(stored.map((e) => e.commandId)).size).toBe(21); // 20 ids and one entry without
      for (const entry of appended) expect(stored[entry.seq - 1]).toEqual(entry);
    });

    if (!options.volatile) {
      it('L13: after a reopen a repeat still returns the first entry', async () => {
        const ledger = await open();
        const reopen = fixture?.reopen;
        if (!reopen) throw new Error('a persistent backend must provide reopen()');
        const first = await ledger.append('summit', { ...raiseHand(), commandId: 'hand-before-restart' });
        await ledger.append('summit', chat('after it'));
        const reopened = await reopen();
        expect(await reopened.append('summit', { ...raiseHand(), commandId: 'hand-before-restart' })).toEqual(first);
        expect(await reopened.head('summit')).toBe(2);
        expect(await reopened.append('summit', { ...raiseHand(), commandId: 'hand-after-restart' })).toMatchObject({ seq: 3, commandId: 'hand-after-restart' });
      });
    }

    it('L12: append refuses an event id that is not lowercase letters, digits and dashes', async () => {
      const ledger = await open();
      for (const bad of ['', '../escape', 'Summit', '-summit', 'a/b', 'summit.jsonl', 'x'.repeat(65), 'sum mit']) {
        await expect(ledger.append(bad, chat('hi')), bad).rejects.toThrow(/invalid event id/);
      }
      expect(await ledger.events()).toEqual([]);
      await expect(ledger.append('x'.repeat(64), chat('hi'))).resolves.toMatchObject({ seq: 1 });
    });
  });
}
