/**
 * The call link, the announcement and the pinned message through a real node and real sockets
 * (CL1, CL2, AN1, AN2, CP1, CP2): what a moderator sets reaches every screen, the stage never
 * receives the call link on any path, and a pinned message never outlives its deletion or its
 * author's erasure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReply } from '../../shared/protocol.ts';
import { FORMER_PARTICIPANT } from '../../shared/reducer/people.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MODERATOR = 'kemo-camara';
const CALL = 'https://meet.jit.si/gavel-announcements-test';

describe('what a moderator tells everyone, through a node', () => {
  let server: TestServer;
  let moderator: TestClient;
  let stage: TestClient;
  let amina: TestClient;
  let aminaToken: string;
  let ravi: TestClient;
  /** Where the stage's replica started: its `sync` reaches back to there (RC3). */
  let stageStart = 0;
  /** Every packet the stage display received, in order. */
  const toStage: unknown[] = [];

  const everyone = () => [moderator, stage, amina, ravi];
  async function allAt(seq: number): Promise<void> {
    await Promise.all(everyone().map((c) => c.caughtUp(seq)));
  }

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    stage = await server.connect(server.tokenOf('stage'));
    stage.socket.onAny((event: string, ...args: unknown[]) => toStage.push({ event, args }));
    stageStart = stage.state.seq;
    const aminaReg = await server.register({ name: 'Amina Diallo', consentToStage: true });
    aminaToken = aminaReg.token;
    amina = await server.connect(aminaReg.token);
    ravi = await server.connect((await server.register({ name: 'Ravi Patel' })).token);
    await moderator.must('event.start');
  });
  afterAll(() => server.close());

  it('CL1 CL2: the call link reaches participants and the console, never the stage; bad links change nothing', async () => {
    await allAt(await moderator.must('event.setCallLink', { url: CALL }));
    expect(amina.state.callUrl).toBe(CALL);
    expect(moderator.state.callUrl).toBe(CALL);
    expect(stage.state.callUrl).toBe('');
    for (const url of ['http://meet.example.org/room', 'javascript:alert(1)', `https://example.org/${'x'.repeat(600)}`]) {
      expect(await moderator.send('event.setCallLink', { url })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await amina.send('event.setCallLink', { url: 'https://evil.example.org/' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await moderator.send('event.setCallLink', { url: CALL })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A catch-up read back from the ledger and a fresh snapshot: the stage's hold no link either.
    const caughtUp = (await stage.untyped.timeout(10_000).emitWithAck('sync', { sinceSeq: stageStart })) as SyncReply;
    if (!caughtUp.ok || !('entries' in caughtUp)) throw new Error('the stage expected entries');
    expect(caughtUp.entries.find((e) => e.command.type === 'event.setCallLink')?.command.payload).toEqual({ url: null });
    expect(JSON.stringify(caughtUp)).not.toContain('meet.jit.si');
    const resnapshot = (await stage.untyped.timeout(10_000).emitWithAck('sync', { sinceSeq: 0 })) as SyncReply;
    if (!resnapshot.ok || !('snapshot' in resnapshot)) throw new Error('the stage expected a snapshot');
    expect(readPackedState(resnapshot.snapshot.state).callUrl).toBe('');
    const fresh = await server.connect(server.tokenOf('stage'));
    expect(fresh.state.callUrl).toBe('');
    fresh.close();
    expect(JSON.stringify(toStage)).not.toContain('meet.jit.si');
    expect(amina.state.callUrl).toBe(CALL);
  });

  it('AN1 AN2: an announcement reaches every screen, the stage included, until a moderator clears it', async () => {
    const text = 'Coffee break <b>until</b> 15:00';
    await allAt(await moderator.must('announcement.set', { text }));
    for (const client of everyone()) expect(client.state.announcement?.text).toBe(text);
    expect(await ravi.send('announcement.clear')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await allAt(await moderator.must('announcement.clear'));
    for (const client of everyone()) expect(client.state.announcement).toBeNull();
  });

  it('CP1 CP2: a pinned message reaches every screen and leaves with its deletion', async () => {
    const id = await ravi.must('chat.send', { text: 'The slides: https://example.org/slides' });
    await allAt(await moderator.must('chat.pin', { messageId: id }));
    for (const client of everyone()) expect(client.state.chat.pinned?.text).toBe('The slides: https://example.org/slides');
    // Ravi declined the stage: the stage shows his pin as it shows his message.
    expect(stage.state.chat.pinned?.author.name).toBe('A participant');
    await allAt(await moderator.must('chat.delete', { messageId: id }));
    for (const client of everyone()) expect(client.state.chat.pinned).toBeNull();
    expect(await moderator.send('chat.pin', { messageId: id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const late = await server.connect((await server.register({ name: 'Late Comer' })).token);
    expect(JSON.stringify(late.state)).not.toContain('example.org/slides');
    late.close();
  });

  it('CP2: an erased author is a former participant on the pin, for everyone and in every new snapshot', async () => {
    const id = await amina.must('chat.send', { text: 'Pin me please' });
    await allAt(await moderator.must('chat.pin', { messageId: id }));
    expect(stage.state.chat.pinned?.author.name).toBe('Amina Diallo');
    const res = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${aminaToken}` } });
    expect(res.status).toBe(204);
    const others = [moderator, stage, ravi];
    await Promise.all(others.map((c) => c.until(() => c.state.chat.pinned?.author.name === FORMER_PARTICIPANT)));
    const late = await server.connect((await server.register({ name: 'Later Still' })).token);
    expect(late.state.chat.pinned).toMatchObject({ text: 'Pin me please', author: { name: FORMER_PARTICIPANT, community: '', country: '' } });
    expect(JSON.stringify(late.state)).not.toContain('Amina Diallo');
    late.close();
    await Promise.all(others.map((c) => c.caughtUp(moderator.state.seq)));
    await moderator.must('chat.unpin');
  });
});
