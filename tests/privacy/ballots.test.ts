/**
 * Secret ballots by default (V6, B7) through a real node and real sockets: while a secret
 * ballot is open every browser sees the tally and its own answer only, on every path (live
 * entries, `sync`, snapshot); a named vote shows who answered what; the outcome says which.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry, SyncReply } from '../../shared/protocol.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MODERATOR = 'kemo-camara';

describe('secret ballots by default (V6, B7)', () => {
  let server: TestServer;
  let moderator: TestClient;
  let amaId: string;
  let ama: TestClient;
  let amaAgain: TestClient;
  let bo: TestClient;
  let boId: string;
  let watcher: TestClient;
  /** Every packet the watcher and the moderator received, in order. */
  const received: unknown[] = [];
  let secretId: number;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    const a = await server.register({ name: 'Ama Voter' });
    const b = await server.register({ name: 'Bo Voter' });
    amaId = a.personId;
    boId = b.personId;
    ama = await server.connect(a.token);
    amaAgain = await server.connect(a.token);
    bo = await server.connect(b.token);
    watcher = await server.connect((await server.register()).token);
    for (const client of [watcher, moderator]) client.socket.onAny((event: string, ...args: unknown[]) => received.push({ event, args }));
    await moderator.must('event.start');
    secretId = await moderator.must('proposals.add', { text: 'Set up a diaspora health fund' });
    await moderator.must('proposals.show', { proposalId: secretId });
    await ama.must('proposals.vote', { proposalId: secretId, answer: 'agree' });
    await bo.must('proposals.vote', { proposalId: secretId, answer: 'disagree' });
    const last = await ama.must('proposals.vote', { proposalId: secretId, answer: 'disagree' });
    await Promise.all([moderator, ama, amaAgain, bo, watcher].map((c) => c.caughtUp(last)));
  });
  afterAll(() => server.close());

  const proposal = (client: TestClient) => client.state.proposals.items.find((p) => p.id === secretId)!;

  it('V6 B7: a proposal opens as a secret ballot: every browser holds the live tally and only its own answer, moderators included', () => {
    for (const client of [moderator, ama, amaAgain, bo, watcher])
      expect(proposal(client)).toMatchObject({ ballot: 'secret', tally: { agree: 0, disagree: 2, abstain: 0 } });
    expect(proposal(ama).ballots).toEqual({ [amaId]: 'disagree' });
    expect(proposal(amaAgain).ballots).toEqual({ [amaId]: 'disagree' });
    expect(proposal(bo).ballots).toEqual({ [boId]: 'disagree' });
    expect(proposal(watcher).ballots).toEqual({});
    expect(proposal(moderator).ballots).toEqual({});
    // The node keeps them: it needs them to replace a changed answer.
    expect(server.app.registry.get(server.eventId)!.state.proposals.items.find((p) => p.id === secretId)!.ballots).toEqual({
      [amaId]: 'disagree',
      [boId]: 'disagree',
    });
  });

  it('B7: no packet to another browser says who voted, or how: votes arrive as tallies from nobody', () => {
    const json = JSON.stringify(received);
    expect(json).not.toContain(amaId);
    expect(json).not.toContain(boId);
    expect(json).not.toContain('"proposals.vote"');
    expect(json).toContain('"proposals.tally"');
  });

  it('B7: sync and a fresh snapshot keep the ballot secret; the voter gets its own answer back', async () => {
    const since = watcher.state.seq - 4;
    const theirs: SyncReply = await watcher.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: since });
    const mine: SyncReply = await ama.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: since });
    expect(JSON.stringify(theirs)).not.toContain(amaId);
    const own = mine.ok && 'entries' in mine ? mine.entries : [];
    expect(own.filter((e: Entry) => e.command.type === 'proposals.vote').map((e) => e.actor.id)).toEqual([amaId, amaId]);
    expect(own.filter((e: Entry) => e.command.type === 'proposals.tally')).toHaveLength(1);
    const late = await server.connect((await server.register()).token);
    expect(JSON.stringify(late.state.proposals)).not.toContain(amaId);
    const back = await server.connect(server.tokenOf(MODERATOR));
    expect(back.state.proposals.items[0]!.ballots).toEqual({});
    const reply: SyncReply = await ama.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: 0 });
    expect(reply.ok && 'snapshot' in reply && readPackedState(reply.snapshot.state).proposals.items[0]!.ballots).toEqual({ [amaId]: 'disagree' });
  });

  it('V6: a moderator may open a named vote instead: everyone sees who answered what while it is open', async () => {
    await moderator.must('proposals.close', { proposalId: secretId });
    const namedId = await moderator.must('proposals.add', { text: 'Meet again in three months' });
    await moderator.must('proposals.show', { proposalId: namedId, ballot: 'named' });
    const seq = await ama.must('proposals.vote', { proposalId: namedId, answer: 'agree' });
    await watcher.caughtUp(seq);
    expect(watcher.state.proposals.items.find((p) => p.id === namedId)).toMatchObject({ ballot: 'named', ballots: { [amaId]: 'agree' } });
    expect(JSON.stringify(received)).toContain('"proposals.vote"');
  });

  it('V6 O6: the outcome document says which kind each vote was', async () => {
    await moderator.must('proposals.decide', { proposalId: secretId, result: 'dropped' });
    const res = await fetch(`${server.url}/api/events/${server.eventId}/outcome.md`, { headers: { authorization: `Bearer ${server.tokenOf(MODERATOR)}` } });
    const md = await res.text();
    expect(md).toContain('(2 answers, secret ballot)');
    expect(md).toContain('(1 answer, named vote)');
  });

  it('B7: a socket can never send the tally form', async () => {
    const ack = await moderator.send('proposals.tally', { proposalId: secretId, tally: { agree: 99, disagree: 0, abstain: 0 } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
