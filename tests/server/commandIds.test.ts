/**
 * Command ids through a real node and real sockets: a command sent again with the same id is
 * applied once and answered as it was the first time, whatever became of the first answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import { type EntryDraft, LedgerUnavailableError } from '../../server/ledger/types.ts';
import type { Entry } from '../../shared/protocol.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * A ledger that stores an append and then says it could not confirm it, as a Redis that
 * stalls past the command timeout does: the case where `unavailable` did not mean "not stored".
 */
class UnconfirmingLedger extends MemoryLedger {
  unconfirmNext = 0;

  override async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    const entry = await super.append(eventId, draft);
    if (this.unconfirmNext > 0) {
      this.unconfirmNext--;
      throw new LedgerUnavailableError('redis append failed: Command timed out');
    }
    return entry;
  }
}

describe('command ids', () => {
  let server: TestServer;
  let ledger: UnconfirmingLedger;
  let moderator: TestClient;
  let amara: TestClient;
  let amaraId: string;
  let ravi: TestClient;
  let counter = 0;

  /** A fresh id, as the browser makes one per command. */
  const freshId = () => `test-command-${++counter}`;

  beforeAll(async () => {
    ledger = new UnconfirmingLedger();
    server = await startServer({ ledger });
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    const registered = await server.register({ name: 'Amara' });
    amaraId = registered.personId;
    amara = await server.connect(registered.token);
    ravi = await server.connect((await server.register({ name: 'Ravi' })).token);
    await moderator.must('event.start');
  });
  afterAll(() => server.close());

  const stored = () => ledger.read(server.eventId, 0);
  const messagesSaying = (client: TestClient, text: string) => client.state.chat.messages.filter((m) => m.text === text);

  it('ID2: the same chat.send sent twice is one message, and both acks carry the same seq', async () => {
    const id = freshId();
    const first = await amara.send('chat.send', { text: 'Hello from Accra' }, id);
    const again = await amara.send('chat.send', { text: 'Hello from Accra' }, id);
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    await ravi.caughtUp(server.app.registry.get(server.eventId)!.state.seq);
    expect(messagesSaying(ravi, 'Hello from Accra')).toHaveLength(1);
    expect((await stored()).filter((e) => e.commandId === id)).toHaveLength(1);
    // Without an id nothing tells a retry from a second message: both are posted, as before.
    await amara.must('chat.send', { text: 'said twice' });
    const seq = await amara.must('chat.send', { text: 'said twice' });
    await ravi.caughtUp(seq);
    expect(messagesSaying(ravi, 'said twice')).toHaveLength(2);
  });

  it('ID2: copies sent at once are one message, each answered with its seq', async () => {
    const id = freshId();
    const acks = await Promise.all([1, 2, 3, 4].map(() => amara.send('chat.send', { text: 'all at once' }, id)));
    expect(acks[0]).toMatchObject({ ok: true });
    for (const ack of acks) expect(ack).toEqual(acks[0]);
    expect((await stored()).filter((e) => e.command.type === 'chat.send' && e.command.payload.text === 'all at once')).toHaveLength(1);
  });

  it('ID2: a retry of queue.raise answers the original seq and position, not already_in_queue', async () => {
    const amaraRaise = freshId();
    const first = await amara.send('queue.raise', { topic: 'vaccines' }, amaraRaise);
    const behind = await ravi.send('queue.raise', { topic: 'remittances' }, freshId());
    expect(first).toMatchObject({ ok: true, position: 1 });
    expect(behind).toMatchObject({ ok: true, position: 2 });
    expect(await amara.send('queue.raise', { topic: 'vaccines' }, amaraRaise)).toEqual(first);
    // A new id is a new command: that one the reducer refuses (Q1).
    expect(await amara.send('queue.raise', { topic: 'vaccines' }, freshId())).toMatchObject({ ok: false, error: { code: 'already_in_queue' } });
    // A retry arriving after the hand went down does not raise it again.
    const removed = await moderator.must('queue.remove', { personId: amaraId });
    expect(await amara.send('queue.raise', { topic: 'vaccines' }, amaraRaise)).toEqual(first);
    await amara.caughtUp(removed);
    expect(amara.state.queue.hands.some((h) => h.person.id === amaraId)).toBe(false);
    await ravi.must('queue.lower', {});
  });

  it('ID2: a command answered unavailable that was stored anyway: its retry gets that entry, and the message shows once', async () => {
    const id = freshId();
    ledger.unconfirmNext = 1;
    const first = await amara.send('chat.send', { text: 'sent during a stall' }, id);
    expect(first).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!first.ok) expect(first.error.message).toMatch(/same id is safe/);
    const [entry] = (await stored()).filter((e) => e.commandId === id);
    const retry = await amara.send('chat.send', { text: 'sent during a stall' }, id);
    expect(retry).toEqual({ ok: true, seq: entry!.seq });
    await ravi.caughtUp(entry!.seq);
    expect(messagesSaying(ravi, 'sent during a stall')).toHaveLength(1);
    expect((await stored()).filter((e) => e.commandId === id)).toHaveLength(1);
  });

  it('ID2: the same id from another person is their own command', async () => {
    const id = freshId();
    const mine = await amara.send('chat.send', { text: 'same id, two people' }, id);
    const theirs = await ravi.send('chat.send', { text: 'same id, two people' }, id);
    expect(mine.ok && theirs.ok && theirs.seq !== mine.seq).toBe(true);
  });

  it('ID1: a malformed id is refused with bad_request, and nothing is stored', async () => {
    const head = await ledger.head(server.eventId);
    for (const id of ['short', 'x'.repeat(65), 'has a space', 'slash/not-allowed', 'ünïcödé-id', 42, null, { id: 'nested-id-1' }, ['array-id-1']]) {
      const ack = await amara.send('chat.send', { text: 'with a bad id' }, id);
      expect(ack, JSON.stringify(id)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!ack.ok) expect(ack.error.message).toContain('id');
    }
    expect(await ledger.head(server.eventId)).toBe(head);
    // The role is still checked first: a sender who may not use a command learns nothing more.
    expect(await amara.send('event.end', {}, 'short')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('S5, ID2: a repeated people.remove is answered as the first was, and removes once', async () => {
    const { personId, token } = await server.register({ name: 'Leaving soon' });
    const leaving = await server.connect(token);
    const id = freshId();
    const first = await moderator.send('people.remove', { personId, reason: 'spam' }, id);
    expect(first).toMatchObject({ ok: true });
    await leaving.until(() => leaving.notices.some((n) => n.code === 'removed'));
    expect(await moderator.send('people.remove', { personId, reason: 'spam' }, id)).toEqual(first);
    expect((await stored()).filter((e) => e.command.type === 'people.remove' && e.command.payload.personId === personId)).toHaveLength(1);
  });
});
