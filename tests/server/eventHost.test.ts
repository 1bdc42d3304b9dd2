/** An event host started from a snapshot rebuilds the chat history older than its window (B5, S50); it holds the latest entries for sockets catching up. */
import { describe, expect, it } from 'vitest';
import { ENTRIES_HELD, EventHost } from '../../server/eventHost.ts';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import { EVERYONE } from '../../shared/projection.ts';
import type { Actor, Command } from '../../shared/protocol.ts';
import { replay } from '../../shared/reducer/index.ts';
import { emptyState } from '../../shared/state.ts';
import { PEOPLE, SETUP } from '../support/eventDriver.ts';

const EVENT = 'snapshot-host';

describe('a host started from a snapshot', () => {
  it('S50 B5: a removal with everything posted, or a delete, between the window’s oldest message and the snapshot still reaches older messages', async () => {
    const ledger = new MemoryLedger();
    const append = (actor: Actor, command: Command) => ledger.append(EVENT, { actor, command });
    await append(PEOPLE.system, { type: 'event.create', payload: { ...SETUP, scheduledStartAt: null } });
    const spam = await append(PEOPLE.amara, { type: 'chat.send', payload: { text: 'BUY PILLS' } });
    const rude = await append(PEOPLE.ravi, { type: 'chat.send', payload: { text: 'a rude remark' } });
    for (let i = 0; i < 250; i++) await append(PEOPLE.mod, { type: 'chat.send', payload: { text: `welcome ${i}` } });
    // Both after the window's oldest message, both before the snapshot.
    await append(PEOPLE.mod, { type: 'people.remove', payload: { personId: 'amara', reason: 'Spam', purge: true } });
    await append(PEOPLE.mod, { type: 'chat.delete', payload: { messageId: rude.seq } });
    const snapshot = replay(emptyState(EVENT), await ledger.read(EVENT, 0, 1_000));

    const host = new EventHost(EVENT, ledger, snapshot);
    await host.start();
    await host.chatHistory;
    const { messages } = host.chatPage(snapshot.chat.messages[0]!.id, 200, EVERYONE);
    expect(messages.slice(0, 2)).toMatchObject([
      { id: spam.seq, text: '', deleted: true },
      { id: rude.seq, text: '', deleted: true },
    ]);
    expect(messages.slice(2).every((m) => !m.deleted)).toBe(true);
    host.stop();
  });
});

describe('the entries a host holds for catching up (RC1, issue 14)', () => {
  it('holds the latest ENTRIES_HELD entries as the ledger has them; older ones are read from the ledger', async () => {
    const ledger = new MemoryLedger();
    const append = (actor: Actor, command: Command) => ledger.append(EVENT, { actor, command });
    await append(PEOPLE.system, { type: 'event.create', payload: { ...SETUP, scheduledStartAt: null } });
    const host = new EventHost(EVENT, ledger);
    await host.start();
    const total = 2 * ENTRIES_HELD + 345;
    for (let i = 2; i <= total; i++) await append(PEOPLE.mod, { type: 'chat.send', payload: { text: `message ${i}` } });
    await host.whenApplied(total);

    const from = total - ENTRIES_HELD;
    expect(host.heldEntries(from, total)).toEqual(await ledger.read(EVENT, from, ENTRIES_HELD));
    expect(host.heldEntries(total - 10, total - 3)).toEqual(await ledger.read(EVENT, total - 10, 7));
    expect(host.heldEntries(total, total)).toEqual([]);
    // Further back than it holds, or past what it applied: not here.
    expect(host.heldEntries(1, total)).toBeNull();
    expect(host.heldEntries(total - 5, total + 1)).toBeNull();
    host.stop();
  });
});
