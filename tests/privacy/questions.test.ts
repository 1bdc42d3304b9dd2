/**
 * Moderated and anonymous questions (QA7, QA8, B11) through a real node and real sockets: a
 * question waiting for approval reaches moderators and its asker only, and an anonymous asker
 * is nobody to everyone else, on every path: live entries, the snapshot, `sync`, the catch-up of
 * a reconnection (RC1) and the stage. Moderators see the text and who asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReply } from '../../shared/protocol.ts';
import { ANONYMOUS } from '../../shared/reducer/questions.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { projectedFor } from '../support/projected.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MODERATOR = 'kemo-camara';
const HELD = 'Held-question-text-7f3a';
const ANONYMOUS_TEXT = 'Anonymous-question-text-91bc';
const ASKER = 'Asker-Name-5d2e';

describe('moderated and anonymous questions (QA7, QA8, B11)', () => {
  let server: TestServer;
  let moderator: TestClient;
  let asker: TestClient;
  let askerAgain: TestClient;
  let askerId: string;
  let other: TestClient;
  let stage: TestClient;
  let heldId: number;
  let anonymousId: number;
  /** Every packet the other participant and the stage received, in order. */
  const received: unknown[] = [];
  /** Every packet the moderator received. */
  const staff: unknown[] = [];

  const record = (client: TestClient, into: unknown[]) => client.socket.onAny((event: string, ...args: unknown[]) => into.push({ event, args }));
  const question = (client: TestClient, id: number) => client.state.questions.items.find((q) => q.id === id);
  const host = () => server.app.registry.get(server.eventId)!;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    const a = await server.register({ name: ASKER, community: 'Asker-Community-1', country: 'Asker-Country-1' });
    askerId = a.personId;
    asker = await server.connect(a.token);
    askerAgain = await server.connect(a.token);
    other = await server.connect((await server.register({ name: 'Other Person' })).token);
    stage = await server.connect(server.tokenOf('stage'));
    record(other, received);
    record(stage, received);
    record(moderator, staff);
    await moderator.must('event.start');
    await moderator.must('agenda.next');
    await moderator.must('questions.moderate', { moderated: true });
    heldId = await asker.must('questions.ask', { text: HELD });
    anonymousId = await asker.must('questions.ask', { text: ANONYMOUS_TEXT, anonymous: true });
    await Promise.all([moderator, asker, askerAgain, other, stage].map((c) => c.caughtUp(anonymousId)));
  });
  afterAll(() => server.close());

  it('QA7 B11: a held question reaches moderators and its asker only; the others receive nothing of it, not even that it exists', () => {
    expect(question(moderator, heldId)).toMatchObject({ status: 'pending', text: HELD, author: { id: askerId, name: ASKER } });
    expect(question(moderator, anonymousId)).toMatchObject({ status: 'pending', anonymous: true, author: { id: askerId, name: ASKER } });
    for (const client of [asker, askerAgain]) {
      expect(question(client, heldId)).toMatchObject({ status: 'pending', text: HELD, author: { id: askerId } });
      expect(question(client, anonymousId)).toMatchObject({ status: 'pending', anonymous: true, author: { id: askerId } });
    }
    expect(other.state.questions.items).toEqual([]);
    expect(stage.state.questions.items).toEqual([]);
    const json = JSON.stringify(received);
    for (const secret of [HELD, ANONYMOUS_TEXT, askerId, ASKER]) expect(json).not.toContain(secret);
    expect(json).not.toContain('"questions.ask"');
    // Every browser holds the node's state as projected for it (B6).
    for (const client of [moderator, asker, askerAgain, other]) expect(client.state).toEqual(projectedFor(host(), client));
  });

  it('B11: a fresh snapshot and a sync keep a held question from the others; its asker and moderators get it back', async () => {
    const late = await server.connect((await server.register()).token);
    expect(late.state.questions.items).toEqual([]);
    const since = other.state.seq - 3;
    const theirs: SyncReply = await other.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: since });
    expect(theirs.ok && 'entries' in theirs).toBe(true);
    for (const secret of [HELD, ANONYMOUS_TEXT, askerId]) expect(JSON.stringify(theirs)).not.toContain(secret);
    const mine: SyncReply = await asker.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: since });
    expect(JSON.stringify(mine)).toContain(HELD);
    const snapshot: SyncReply = await asker.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: 0 });
    expect(snapshot.ok && 'snapshot' in snapshot && readPackedState(snapshot.snapshot.state).questions.items.map((q) => q.text)).toEqual([
      HELD,
      ANONYMOUS_TEXT,
    ]);
    const chair = await server.connect(server.tokenOf(MODERATOR));
    expect(chair.state.questions.items.map((q) => [q.text, q.author.id])).toEqual([
      [HELD, askerId],
      [ANONYMOUS_TEXT, askerId],
    ]);
    late.close();
    chair.close();
  });

  it('QA7 QA8 B11: approved, an anonymous question reaches everyone with no asker; moderators and the asker still see who asked', async () => {
    const seq = await moderator.must('questions.approve', { questionId: anonymousId });
    await Promise.all([moderator, asker, askerAgain, other, stage].map((c) => c.caughtUp(seq)));
    expect(question(other, anonymousId)).toMatchObject({ status: 'open', text: ANONYMOUS_TEXT, anonymous: true, author: ANONYMOUS });
    expect(question(stage, anonymousId)).toMatchObject({ status: 'open', text: ANONYMOUS_TEXT, anonymous: true });
    expect(question(stage, anonymousId)!.author.id).toBe(ANONYMOUS.id);
    expect(question(moderator, anonymousId)).toMatchObject({ status: 'open', author: { id: askerId, name: ASKER } });
    expect(question(asker, anonymousId)).toMatchObject({ status: 'open', author: { id: askerId } });
    // Open for everyone's votes, now.
    const upvote = await other.must('questions.upvote', { questionId: anonymousId });
    await asker.caughtUp(upvote);
    expect(question(asker, anonymousId)!.votes).toBe(1);
    const json = JSON.stringify(received);
    expect(json).toContain(ANONYMOUS_TEXT);
    for (const secret of [HELD, askerId, ASKER, 'Asker-Community-1', 'Asker-Country-1']) expect(json).not.toContain(secret);
    expect(JSON.stringify(staff)).toContain(askerId);
    for (const client of [moderator, asker, other]) expect(client.state).toEqual(projectedFor(host(), client));
  });

  it('QA7 B11: a declined question stays the moderators’ and its asker’s; a reconnection’s catch-up carries nothing of it', async () => {
    const seq = await moderator.must('questions.dismiss', { questionId: heldId });
    await Promise.all([moderator, asker, other].map((c) => c.caughtUp(seq)));
    expect(question(asker, heldId)).toMatchObject({ status: 'declined' });
    expect(question(moderator, heldId)).toMatchObject({ status: 'declined' });
    expect(question(other, heldId)).toBeUndefined();
    // RC1: a reconnection that resumes from where its replica stood, with what it missed.
    const before = other.state.seq;
    other.socket.disconnect();
    const more = await asker.must('questions.ask', { text: `${HELD}-again` });
    other.socket.connect();
    await other.caughtUp(more);
    expect(other.snapshots).toBe(1);
    expect(other.state.seq).toBeGreaterThan(before);
    expect(JSON.stringify(received)).not.toContain(HELD);
    expect(other.state).toEqual(projectedFor(host(), other));
  });

  it('QA8: anonymous questions asked while not moderated: others see no asker; the outcome document names no asker', async () => {
    await moderator.must('questions.moderate', { moderated: false });
    const id = await asker.must('questions.ask', { text: 'Open and anonymous', anonymous: true });
    await moderator.must('questions.answer', { questionId: id });
    const answered = await moderator.must('questions.answer', { questionId: anonymousId });
    await other.caughtUp(answered);
    expect(question(other, id)).toMatchObject({ anonymous: true, author: ANONYMOUS });
    expect(JSON.stringify(received)).not.toContain(askerId);
    for (const auth of [server.tokenOf(MODERATOR), null]) {
      if (auth === null) await moderator.must('outcome.setPublic', { public: true });
      const url = `${server.url}/api/events/${server.eventId}/outcome.md${auth ? '' : '?version=public'}`;
      const res = await fetch(url, auth ? { headers: { authorization: `Bearer ${auth}` } } : {});
      const md = await res.text();
      expect(md).toContain(ANONYMOUS_TEXT);
      expect(md).not.toContain(ASKER);
      expect(md).not.toContain(HELD);
    }
  });
});
