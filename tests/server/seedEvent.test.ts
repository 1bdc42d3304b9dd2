/** The whole seed event, run end to end through a real node and real sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultQuestionsMs, panelistShareMs } from '../../shared/panel.ts';
import { scheduleReading, segmentClock, turnClock } from '../../shared/time.ts';
import type { TestClient } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

const PANELISTS = ['adel-karoui', 'charles-senessie', 'mark-kosmo', 'niloufar-rahim', 'peter-kwok', 'sihana-bejtullahu', 'yohannes-assefa'];

describe('the Global Diaspora Virtual Exchange, scripted', () => {
  let server: TestServer;
  let moderator: TestClient;
  let welcome: TestClient;
  const participants: TestClient[] = [];
  const regions = ['africa', 'asia', 'europe', 'other', 'africa', 'asia'] as const;

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    welcome = await server.connect(server.tokenOf('antonio-vitorino'));
    for (const [i, region] of regions.entries()) {
      const { token } = await server.register({ name: `Person ${i}`, region, community: `${region} diaspora`, country: 'France' });
      participants.push(await server.connect(token));
    }
  });
  afterAll(() => server.close());

  it('E1: the default event is the seed brief, with its four segments, moderator, welcome speaker and seven panelists', () => {
    const { state } = moderator;
    expect(state.title).toBe('Global Diaspora Virtual Exchange on COVID-19 Response');
    expect(state.agenda.segments.map((s) => [s.title, s.plannedMs / 60_000])).toEqual([
      ['Introduction', 10],
      ['Sharing Successes and case studies', 50],
      ['Exploring Best Practices', 40],
      ['Agreeing on a Way Forward', 20],
    ]);
    expect(state.roster.filter((p) => p.role === 'moderator').map((p) => p.name)).toEqual(['Kemo Camara']);
    expect(state.agenda.segments[1]!.panel.map((p) => p.personId)).toEqual(PANELISTS);
    expect(moderator.self?.role).toBe('moderator');
    expect(welcome.self?.role).toBe('speaker');
  });

  it('runs the whole event: remarks, seven timed panel turns, two plenaries with hands, chat throughout, end', async () => {
    // Chat before the start.
    await participants[0]!.must('chat.send', { text: 'Hello from Dakar!' });
    await moderator.must('event.start');
    expect(moderator.state.status).toBe('live');
    const intro = moderator.state.agenda.segments[0]!;
    expect(intro.startedAt).not.toBeNull();

    // Welcome remarks: the moderator invites the welcome speaker, who yields.
    await moderator.must('floor.give', { personId: 'antonio-vitorino' });
    expect(moderator.state.floor.current?.person.name).toBe('António Vitorino');
    expect(moderator.state.floor.current?.kind).toBe('invited');
    let seq = await welcome.must('floor.end');
    await moderator.caughtUp(seq);
    expect(moderator.state.floor.history).toHaveLength(1);

    // The panel: each panelist takes a turn with their even share of the 50 minutes less the 10 kept for questions (P4).
    await moderator.must('agenda.next');
    const panel = moderator.state.agenda.segments[1]!;
    expect(moderator.state.agenda.current).toBe(1);
    for (const id of PANELISTS) {
      await moderator.must('floor.give', { personId: id });
      const turn = moderator.state.floor.current!;
      expect(turn.kind).toBe('panel');
      expect(turn.allottedMs).toBe(panelistShareMs(panel.plannedMs, defaultQuestionsMs(panel.plannedMs), 7));
      expect(turn.allottedMs).toBe(5 * 60_000 + 42_000);
      await participants[1]!.must('chat.send', { text: `Thank you ${turn.person.name}` });
    }
    seq = await moderator.must('floor.end');
    await moderator.caughtUp(seq);
    const slots = moderator.state.agenda.segments[1]!.panel;
    expect(slots.every((s) => s.turns === 1)).toBe(true);
    expect(moderator.state.floor.history.filter((t) => t.kind === 'panel')).toHaveLength(7);

    // Plenary: hands go up, each person gets the floor with the plenary's 2-minute limit.
    await moderator.must('agenda.next');
    expect(moderator.state.agenda.segments[2]!.speakingLimitMs).toBe(120_000);
    for (const [i, p] of participants.entries()) {
      const ack = await p.send('queue.raise', { topic: `Experience ${i}` });
      expect(ack).toMatchObject({ ok: true, position: i + 1 });
    }
    seq = await participants[3]!.must('queue.pointOfOrder', { note: 'The call link is broken' });
    await moderator.caughtUp(seq);
    expect(moderator.state.queue.hands[0]!.kind).toBe('pointOfOrder');

    await moderator.must('floor.giveNext'); // the point of order first
    expect(moderator.state.floor.current?.kind).toBe('pointOfOrder');
    await moderator.must('floor.giveNext');
    expect(moderator.state.floor.current?.person.name).toBe('Person 0');
    expect(moderator.state.floor.current?.allottedMs).toBe(120_000);
    seq = await participants[0]!.must('floor.end');
    await participants[0]!.caughtUp(seq);
    await moderator.must('floor.giveNext');
    await moderator.must('floor.give', { personId: participants[4]!.self!.id });
    expect(moderator.state.floor.current?.person.name).toBe('Person 4');
    await welcome.must('chat.send', { text: 'A great plenary' });
    await moderator.must('queue.lowerAll');
    expect(moderator.state.queue.hands).toHaveLength(0);

    // Way forward: balanced order, then the end.
    await moderator.must('agenda.next');
    expect(moderator.state.floor.current).toBeNull(); // leaving the segment ended the turn
    await moderator.must('queue.setOrder', { order: 'balanced' });
    for (const p of participants) await p.must('queue.raise', {});
    await moderator.caughtUp(participants.at(-1)!.state.seq);
    // Those who have not spoken come first, in arrival order.
    const spoken = new Set(Object.keys(moderator.state.floor.speakers));
    const order = moderator.state.queue.hands.map((h) => h.person.id);
    const firstSpoken = order.findIndex((id) => spoken.has(id));
    expect(order.slice(firstSpoken).every((id) => spoken.has(id))).toBe(true);
    await moderator.must('floor.giveNext');
    seq = await moderator.must('event.end');
    await Promise.all([moderator, welcome, ...participants].map((c) => c.caughtUp(seq)));

    const final = moderator.state;
    expect(final.status).toBe('ended');
    expect(final.agenda.segments.every((s) => s.startedAt !== null && s.leftAt !== null)).toBe(true);
    expect(final.chat.messages.map((m) => m.text)).toContain('Hello from Dakar!');
    expect(final.chat.total).toBe(9);
    for (const s of final.agenda.segments) expect(segmentClock(s, final.endedAt!).elapsedMs).toBeGreaterThanOrEqual(0);
    expect(scheduleReading(final, final.endedAt!).remainingMs).toBe(0);
    // Every screen holds the same event.
    for (const c of [welcome, ...participants]) expect(c.state).toEqual(final);
  });

  it('F: a speaker sees their own live clock while they hold the floor', async () => {
    const s = await startServer();
    try {
      const mod = await s.connect(s.tokenOf('kemo-camara'));
      const kwok = await s.connect(s.tokenOf('peter-kwok'));
      await mod.must('event.start');
      await mod.must('agenda.next');
      const seq = await mod.must('floor.give', { personId: 'peter-kwok' });
      await kwok.caughtUp(seq);
      const turn = kwok.state.floor.current!;
      expect(turn.person.id).toBe(kwok.self!.id);
      const reading = turnClock(turn, turn.startedAt + 1000);
      expect(reading.remainingMs).toBe(turn.allottedMs - 1000);
      expect((await kwok.send('floor.end')).ok).toBe(true);
    } finally {
      await s.close();
    }
  });
});
