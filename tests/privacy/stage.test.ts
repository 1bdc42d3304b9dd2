/**
 * The stage and the livestream show only what the public may see (S17, O2), through a real
 * node and real sockets: whoever did not agree to be named there is "A participant" with their
 * region; a community and country appear only where at least k registrants share both; and no
 * packet to the stage display, on any path, says more. Inside the event, people still see each
 * other's names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncReply } from '../../shared/protocol.ts';
import { UNNAMED } from '../../shared/public.ts';
import { readPackedState } from '../../shared/wire.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const MODERATOR = 'kemo-camara';
/** Declined the stage; the only Senegalese registrant in France. */
const SHY = { name: 'Awa Shy', community: 'Senegalese diaspora', region: 'africa', country: 'France', consentToBeNamed: true, consentToStage: false } as const;
/** Agreed to the stage; one of five Ghanaians in Germany. */
const OPEN = {
  name: 'Kofi Open',
  community: 'Ghanaian diaspora',
  region: 'africa',
  country: 'Germany',
  consentToBeNamed: false,
  consentToStage: true,
} as const;

describe('the stage shows what the public may see (S17, O2)', () => {
  let server: TestServer;
  let moderator: TestClient;
  let stage: TestClient;
  let shy: TestClient;
  let open: TestClient;
  let ghanaians: Array<{ token: string; personId: string }>;
  /** Every packet the stage display received, in order. */
  const toStage: unknown[] = [];

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf(MODERATOR));
    stage = await server.connect(server.tokenOf('stage'));
    stage.socket.onAny((event: string, ...args: unknown[]) => toStage.push({ event, args }));
    const shyReg = await server.register(SHY);
    const openReg = await server.register(OPEN);
    // Four more Ghanaians in Germany, spelled their own way: Kofi's group is five.
    ghanaians = [];
    for (let i = 0; i < 4; i++)
      ghanaians.push(await server.register({ name: `Ghanaian ${i}`, community: 'ghanaian  Diaspora', region: 'africa', country: 'germany' }));
    shy = await server.connect(shyReg.token);
    open = await server.connect(openReg.token);
    await moderator.must('event.start');
    await shy.must('queue.raise', {});
    await open.must('queue.raise', {});
    await shy.must('chat.send', { text: 'Hello from Dakar via Lyon' });
    const seq = await moderator.must('floor.giveNext', {});
    await Promise.all([stage, shy, open, moderator].map((c) => c.caughtUp(seq)));
  });
  afterAll(() => server.close());

  it('S17: someone who declined is "A participant" with their region on the stage, on the floor and in the queue; inside the event everyone sees their name', () => {
    expect(stage.state.floor.current!.person).toMatchObject({ name: UNNAMED, community: '', country: '', region: 'africa' });
    expect(stage.state.queue.hands.map((h) => h.person.name)).toEqual(['Kofi Open']);
    expect(stage.state.chat.messages.at(-1)!.author.name).toBe(UNNAMED);
    for (const client of [moderator, open]) expect(client.state.floor.current!.person.name).toBe('Awa Shy');
  });

  it('O2: a community and country shared by k (5) registrants are shown; one shared by fewer is not', () => {
    expect(stage.state.queue.hands[0]!.person).toMatchObject({ name: 'Kofi Open', community: 'Ghanaian diaspora', country: 'Germany' });
    // Awa's group is one person: her community would name her even without her name.
    expect(JSON.stringify(stage.state)).not.toContain('Senegalese');
  });

  it('S17 B1: no packet to the stage, on any path (snapshot, entries, sync, chat history), names someone who declined', async () => {
    const sync: SyncReply = await stage.socket.timeout(5_000).emitWithAck('sync', { sinceSeq: stage.state.seq - 6 });
    expect(sync.ok && 'entries' in sync).toBe(true);
    const fresh = await server.connect(server.tokenOf('stage'));
    const history = await fetch(`${server.url}/api/events/${server.eventId}/chat?before=${Number.MAX_SAFE_INTEGER}&limit=50`, {
      headers: { authorization: `Bearer ${server.tokenOf('stage')}` },
    });
    expect(history.status).toBe(200);
    const everything = JSON.stringify([toStage, sync, fresh.state, await history.json()]);
    // (Her country is in the registration figures by country, which name no one: J2.)
    for (const secret of ['Awa Shy', 'Senegalese']) expect(everything).not.toContain(secret);
    expect(everything).toContain('Kofi Open');
    // The node keeps the groups by community: no browser receives them (B4).
    expect(JSON.stringify(moderator.state.privacy)).toBe(JSON.stringify({ k: 5, groups: {} }));
    fresh.close();
  });

  it('S17: the stage display has no directory of registrations', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/people`, { headers: { authorization: `Bearer ${server.tokenOf('stage')}` } });
    expect(res.status).toBe(403);
  });

  it('B6: the stage that followed the event holds what a fresh stage gets, the projection of the node state for the stage', async () => {
    const host = server.app.registry.get(server.eventId)!;
    const expected = host.projectedState({ role: 'stage', personId: 'stage' });
    expect(stage.state).toEqual(expected);
    const fresh = await server.connect(server.tokenOf('stage'));
    expect(fresh.state).toEqual(expected);
    fresh.close();
  });

  it('O2: the published outcome document names only who agreed to it, with a community and country only for a group of k', async () => {
    await shy.must('contributions.post', { kind: 'practice', title: 'Mobile clinics', text: 'Two vans, four towns.' });
    const seq = await open.must('contributions.post', { kind: 'need', title: 'Oxygen', text: 'Concentrators for Kumasi.' });
    await moderator.must('outcome.setPublic', { public: true });
    await moderator.caughtUp(seq);
    const res = await fetch(`${server.url}/api/events/${server.eventId}/outcome.md?version=public`);
    expect(res.status).toBe(200);
    const md = await res.text();
    // Awa agreed to the document, not to the stage; Kofi the other way round.
    expect(md).toContain('Awa Shy (Africa)');
    expect(md).not.toContain('Senegalese');
    expect(md).toContain(`${UNNAMED} (Ghanaian diaspora, Germany)`);
    expect(md).not.toContain('Kofi Open');
  });

  it('O2: when a group falls below k (an erasure), the stage gets a new snapshot without its community', async () => {
    const snapshotsBefore = toStage.filter((p) => (p as { event: string }).event === 'snapshot').length;
    const leaving = ghanaians[0]!;
    const res = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${leaving.token}` } });
    expect(res.status).toBe(204);
    await stage.until(() => toStage.filter((p) => (p as { event: string }).event === 'snapshot').length > snapshotsBefore);
    await stage.until(() => stage.state.queue.hands[0]?.person.community === '');
    expect(stage.state.queue.hands[0]!.person).toMatchObject({ name: 'Kofi Open', community: '', country: '', region: 'africa' });
    const host = server.app.registry.get(server.eventId)!;
    await stage.caughtUp(host.state.seq);
    expect(stage.state).toEqual(host.projectedState({ role: 'stage', personId: 'stage' }));
    // Inside the event, nothing changed for anyone else.
    expect(moderator.state.queue.hands[0]!.person.community).toBe('Ghanaian diaspora');
    const snapshot = toStage.filter((p) => (p as { event: string }).event === 'snapshot').at(-1) as { args: [{ state: never }] };
    expect(JSON.stringify(readPackedState(snapshot.args[0].state))).not.toContain('Ghanaian');
  });
});
