/**
 * Results hidden until the vote closes (V8, B10) through a real node and real sockets: while
 * such a vote is open no browser — a participant, the stage, a moderator — receives its
 * distribution on any path (live entries, a snapshot, `sync`, the outcome document), only how
 * many have answered; each voter keeps their own answer; the close brings the tally to all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReply } from '../../shared/protocol.ts';
import type { Tally } from '../../shared/state.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MODERATOR = 'kemo-camara';
const NO_ANSWERS: Tally = { agree: 0, disagree: 0, abstain: 0 };

/** Every tally anywhere in what a browser received (proposals are not packed as tables). */
function talliesIn(received: unknown): Tally[] {
  const found: Tally[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) for (const item of x) walk(item);
    else if (x && typeof x === 'object') {
      if ('agree' in x && 'disagree' in x && 'abstain' in x) found.push(x as Tally);
      for (const value of Object.values(x)) walk(value);
    }
  };
  walk(received);
  return found;
}

describe('results hidden until the vote closes (V8, B10)', () => {
  let server: TestServer;
  let moderator: TestClient;
  let stage: TestClient;
  let watcher: TestClient;
  let ama: TestClient;
  let amaId: string;
  let bo: TestClient;
  let boId: string;
  /** Every packet the watcher, the stage and the moderator received, by who received it. */
  const received = new Map<string, unknown[]>();
  let proposalId: number;

  const listen = (name: string, client: TestClient) => {
    const packets: unknown[] = [];
    received.set(name, packets);
    client.socket.onAny((event: string, ...args: unknown[]) => packets.push({ event, args }));
  };
  const proposal = (client: TestClient) => client.state.proposals.items.find((p) => p.id === proposalId)!;
  const outcome = async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/outcome.md`, { headers: { authorization: `Bearer ${server.tokenOf(MODERATOR)}` } });
    return res.text();
  };

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    stage = await server.connect(server.tokenOf('stage'));
    const a = await server.register({ name: 'Ama Voter' });
    const b = await server.register({ name: 'Bo Voter' });
    amaId = a.personId;
    boId = b.personId;
    ama = await server.connect(a.token);
    bo = await server.connect(b.token);
    watcher = await server.connect((await server.register()).token);
    listen('watcher', watcher);
    listen('stage', stage);
    listen('moderator', moderator);
    await moderator.must('event.start');
    proposalId = await moderator.must('proposals.add', { text: 'Set up a diaspora health fund' });
    await moderator.must('proposals.show', { proposalId, hideResults: true });
    await ama.must('proposals.vote', { proposalId, answer: 'agree' });
    await bo.must('proposals.vote', { proposalId, answer: 'agree' });
    const last = await bo.must('proposals.vote', { proposalId, answer: 'disagree' });
    await Promise.all([moderator, stage, ama, bo, watcher].map((c) => c.caughtUp(last)));
  });
  afterAll(() => server.close());

  it('V8 B10: while it is open, every browser holds how many answered and no distribution; each voter holds their own answer', () => {
    for (const client of [moderator, stage, ama, bo, watcher])
      expect(proposal(client)).toMatchObject({ status: 'open', hideResults: true, answered: 2, tally: NO_ANSWERS });
    expect(proposal(ama).ballots).toEqual({ [amaId]: 'agree' });
    expect(proposal(bo).ballots).toEqual({ [boId]: 'disagree' });
    for (const client of [moderator, stage, watcher]) expect(proposal(client).ballots).toEqual({});
  });

  it('B10: live entries to a participant, the stage and a moderator carry counts, never a tally or a vote', () => {
    for (const [name, packets] of received) {
      const json = JSON.stringify(packets);
      expect(
        talliesIn(packets).filter((t) => t.agree + t.disagree + t.abstain > 0),
        name,
      ).toEqual([]);
      expect(json, name).not.toContain('"proposals.vote"');
      expect(json, name).not.toContain('"proposals.tally"');
      expect(json, name).not.toContain(amaId);
      expect(json, name).toContain('"proposals.answered"');
    }
  });

  it('B10: sync and a fresh snapshot, for a participant, the stage and a moderator, carry no distribution', async () => {
    const since = watcher.state.seq - 4;
    for (const client of [watcher, stage, moderator]) {
      const entries: SyncReply = await client.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: since });
      const snapshot: SyncReply = await client.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: 0 });
      expect(entries.ok && 'entries' in entries).toBe(true);
      expect(snapshot.ok && 'snapshot' in snapshot).toBe(true);
      for (const reply of [entries, snapshot]) {
        expect(talliesIn(reply).filter((t) => t.agree + t.disagree + t.abstain > 0)).toEqual([]);
        expect(JSON.stringify(reply)).not.toContain('"proposals.vote"');
      }
      if (snapshot.ok && 'snapshot' in snapshot)
        expect(readPackedState(snapshot.snapshot.state).proposals.items[0]).toMatchObject({ answered: 2, tally: NO_ANSWERS, ballots: {} });
    }
    for (const late of [await server.connect((await server.register()).token), await server.connect(server.tokenOf('stage'))])
      expect(proposal(late)).toMatchObject({ answered: 2, tally: NO_ANSWERS, ballots: {} });
  });

  it('V8: the outcome document gives the count of answers only while the vote is open', async () => {
    const md = await outcome();
    expect(md).toContain('Results are shown when the vote closes (2 answers so far, secret ballot)');
    expect(md).not.toMatch(/Agree 1/);
  });

  it('V8 X1: the moderators’ export holds no vote and no ballot of it while it is open', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/export.json`, { headers: { authorization: `Bearer ${server.tokenOf(MODERATOR)}` } });
    const exported = (await res.json()) as { state: { proposals: { items: Array<{ ballots: object }> } }; ledger: Array<{ command: { type: string } }> };
    expect(exported.ledger.filter((e) => e.command.type === 'proposals.vote')).toEqual([]);
    expect(exported.ledger.filter((e) => e.command.type === 'proposals.answered')).toHaveLength(3);
    expect(exported.state.proposals.items[0]!.ballots).toEqual({});
    expect(talliesIn(exported).filter((t) => t.agree + t.disagree + t.abstain > 0)).toEqual([]);
  });

  it('V8 B10: the close brings the tally the node counted to every browser, live, by sync and in a snapshot', async () => {
    const closed = await moderator.must('proposals.close', { proposalId });
    await Promise.all([moderator, stage, ama, bo, watcher].map((c) => c.caughtUp(closed)));
    const counted = { agree: 1, disagree: 1, abstain: 0 };
    for (const client of [moderator, stage, ama, bo, watcher]) expect(proposal(client)).toMatchObject({ status: 'closed', tally: counted, ballots: {} });
    for (const [name, packets] of received) expect(JSON.stringify(packets), name).toContain('"proposals.revealed"');
    const reply: SyncReply = await watcher.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: closed - 1 });
    expect(reply.ok && 'entries' in reply && reply.entries.map((e) => e.command)).toEqual([
      { type: 'proposals.revealed', payload: { tally: counted, of: { type: 'proposals.close', payload: { proposalId } } } },
    ]);
    expect(proposal(await server.connect(server.tokenOf('stage')))).toMatchObject({ tally: counted });
    expect(await outcome()).toContain('Agree 1 · Disagree 1 · Abstain 0 (2 answers, secret ballot)');
  });

  it('V8: a named vote cannot hide its results; a socket can never send the server-only forms', async () => {
    const namedId = await moderator.must('proposals.add', { text: 'Meet again in three months' });
    expect(await moderator.send('proposals.show', { proposalId: namedId, ballot: 'named', hideResults: true })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await moderator.send('proposals.answered', { proposalId, answered: 9 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await moderator.send('proposals.revealed', { tally: { agree: 9, disagree: 0, abstain: 0 }, of: { type: 'proposals.close', payload: { proposalId } } }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
