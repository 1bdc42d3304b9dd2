/**
 * The seed event with its inputs, through a real node and 50 real participants: contributions
 * before the event, questions in the panel, notes in the plenary, three proposals voted by
 * everyone, the end; then the outcome document is checked section by section against the state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region } from '../../shared/constants.ts';
import { byStanding, visibleContributions } from '../../shared/reducer/contributions.ts';
import type { EventState } from '../../shared/state.ts';
import type { TestClient } from '../support/client.ts';
import { sections } from '../support/markdown.ts';
import { prng } from '../support/randomCommands.ts';
import { startServer, type TestServer } from '../support/server.ts';

const PARTICIPANTS = 50;
const REGIONS: Region[] = ['africa', 'asia', 'europe', 'other'];
const COUNTRIES = ['France', 'Belgium', 'United Kingdom', 'Kenya', 'Canada'];
const ANSWERS = ['agree', 'disagree', 'abstain'] as const;
type Answer = (typeof ANSWERS)[number];

interface Person {
  client: TestClient;
  name: string;
  consent: boolean;
  region: Region;
  country: string;
}

describe('a scripted event with its inputs, compiled into the outcome document', () => {
  let server: TestServer;
  let moderator: TestClient;
  let noteTaker: TestClient;
  const people: Person[] = [];
  const random = prng(2020);
  /** The last answer each person gave to each proposal before it closed. */
  const lastAnswers: Array<Map<string, Answer>> = [new Map(), new Map(), new Map()];
  let final: EventState;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startServer();
    moderator = await server.connect(server.tokenOf('kemo-camara'));
    for (let i = 0; i < PARTICIPANTS; i++) {
      const person = { name: `Delegate ${String(i).padStart(2, '0')} Surname`, consent: i % 3 !== 0, region: REGIONS[i % 4]!, country: COUNTRIES[i % 5]! };
      const { token } = await server.register({
        name: person.name,
        community: `${person.region} diaspora ${i % 2}`,
        region: person.region,
        country: person.country,
        consentToBeNamed: person.consent,
      });
      people.push({ ...person, client: await server.connect(token) });
    }
    const { token } = await server.register({
      name: 'Nadia Notes',
      community: 'Moroccan diaspora',
      region: 'africa',
      country: 'Spain',
      consentToBeNamed: true,
    });
    noteTaker = await server.connect(token);
  });
  afterAll(() => server.close());

  it('runs: contributions before, questions and notes during, three proposals voted by 50 clients, end', async () => {
    // Before the event: ten contributions, endorsements, moderation.
    const kinds = ['practice', 'practice', 'practice', 'collaboration', 'need', 'practice', 'collaboration', 'need', 'practice', 'collaboration'] as const;
    const posted: number[] = [];
    for (const [i, kind] of kinds.entries()) {
      posted.push(
        await people[i]!.client.must('contributions.post', {
          kind,
          title: `Contribution ${i}: ${kind}`,
          text: `What we did, number ${i}.`,
          tags: [i % 2 ? 'health' : 'food'],
        }),
      );
    }
    for (let i = 10; i < PARTICIPANTS; i++) {
      const target = posted[Math.floor(random() * posted.length)]!;
      await people[i]!.client.must('contributions.endorse', { contributionId: target });
      expect(await people[i]!.client.send('contributions.endorse', { contributionId: target })).toMatchObject({
        ok: false,
        error: { code: 'already_endorsed' },
      });
    }
    expect(await people[1]!.client.send('contributions.edit', { contributionId: posted[0]!, title: 'Not mine' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await moderator.must('contributions.edit', { contributionId: posted[0]!, title: 'Contribution 0: practice (corrected)' });
    await moderator.must('contributions.feature', { contributionId: posted[8]!, featured: true });
    await moderator.must('contributions.hide', { contributionId: posted[5]!, reason: 'Duplicate of an earlier post, hidden on request' });
    await moderator.must('contributions.merge', { contributionId: posted[9]!, intoId: posted[3]! });
    await moderator.must('notes.grant', { personId: noteTaker.self!.id, granted: true });
    for (const [i, text] of ['Mobile money', 'Food banks'].entries()) await moderator.must('proposals.add', { text: `Proposal ${i + 1}: ${text}` });
    await moderator.must('proposals.add', { text: 'Proposal 3: Meet again' });

    // Welcome remarks.
    await moderator.must('event.start');
    await moderator.must('floor.give', { personId: 'antonio-vitorino' });
    await moderator.must('agenda.next');

    // The panel: questions, upvotes, one answered on screen, one dismissed.
    await moderator.must('floor.give', { personId: 'niloufar-rahim' });
    const asked: number[] = [];
    for (let i = 0; i < 4; i++) asked.push(await people[20 + i]!.client.must('questions.ask', { text: `Question ${i} for the panel?` }));
    for (let i = 30; i < 40; i++) await people[i]!.client.must('questions.upvote', { questionId: asked[i % 2 ? 1 : 2]! });
    await moderator.must('questions.show', { questionId: asked[1]! });
    await moderator.must('questions.answer', { questionId: asked[1]! });
    await moderator.must('floor.give', { personId: 'peter-kwok' });
    await moderator.must('questions.answer', { questionId: asked[2]! });
    await moderator.must('questions.dismiss', { questionId: asked[3]! });
    await moderator.must('floor.end');

    // The plenary: three hands, notes captured while each speaks.
    await moderator.must('agenda.next');
    for (const i of [40, 41, 42]) {
      await people[i]!.client.must('queue.raise', { topic: `Experience of delegate ${i}` });
      await moderator.must('floor.giveNext');
      await noteTaker.must('notes.capture', { kind: i === 41 ? 'point' : 'practice', text: `What delegate ${i} does well` });
      await people[i]!.client.must('chat.send', { text: `Thanks from ${i}` });
    }
    await moderator.must('floor.end');

    // The way forward: three proposals, one at a time, all 50 answer, some change their mind.
    await moderator.must('agenda.next');
    const proposals = moderator.state.proposals.items.map((p) => p.id);
    for (const [n, proposalId] of proposals.entries()) {
      await moderator.must('proposals.show', { proposalId });
      await Promise.all(
        people.map(async (p) => {
          for (let k = 0; k < (random() < 0.2 ? 2 : 1); k++) {
            const answer = ANSWERS[Math.floor(random() * 3)]!;
            if (lastAnswers[n]!.get(p.client.self!.id) === answer) continue; // the same answer again is refused (V7)
            await p.client.must('proposals.vote', { proposalId, answer });
            lastAnswers[n]!.set(p.client.self!.id, answer);
          }
        }),
      );
      await moderator.must('proposals.close', { proposalId });
      expect(await people[0]!.client.send('proposals.vote', { proposalId, answer: 'agree' })).toMatchObject({ ok: false, error: { code: 'voting_closed' } });
      if (n === 0) await moderator.must('proposals.decide', { proposalId, result: 'adopted' });
      if (n === 1) await moderator.must('proposals.decide', { proposalId, result: 'amended', amendedText: 'Food banks run with local mosques and churches' });
      if (n === 2) await moderator.must('proposals.decide', { proposalId, result: 'dropped' });
    }
    const seq = await moderator.must('event.end');
    await Promise.all([moderator, noteTaker, ...people.map((p) => p.client)].map((c) => c.caughtUp(seq)));
    final = server.app.registry.get(server.eventId)!.state;
    // Every screen holds the same event as the server.
    for (const c of [moderator, noteTaker, ...people.map((p) => p.client)]) expect(c.state.contributions).toEqual(final.contributions);
    expect(people[49]!.client.state.proposals).toEqual(final.proposals);
  });

  it('O3–O7: the moderators’ Markdown matches the state section by section', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/outcome.md`, { headers: auth(server.tokenOf('kemo-camara')) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown; charset=utf-8/);
    const md = await res.text();
    const s = sections(md);
    expect([...s.keys()]).toEqual([
      'Agenda',
      'Speakers',
      'Best practices and success stories',
      'Opportunities for collaboration',
      'Needs',
      'Points captured in the plenaries',
      'Questions answered by the panel',
      'The way forward',
      'Figures',
    ]);
    expect(md.split('\n')[0]).toBe(`# ${final.title}`);

    // Agenda: four segments as planned, all four ran.
    const agenda = s.get('Agenda')!;
    for (const seg of final.agenda.segments) expect(agenda).toContain(`| ${seg.title} |`);
    expect(agenda.split('### As it ran')[1]!.match(/^\| (?!Segment|---)/gm)).toHaveLength(4);

    // Speakers: the welcome speaker and the seven panelists.
    expect(s.get('Speakers')).toContain('**Welcome remarks:** António Vitorino');
    expect(s.get('Speakers')!.match(/^ {2}- /gm)).toHaveLength(7);

    // Contributions: visible ones only, featured first then by endorsements, per kind.
    for (const [heading, kind] of [
      ['Best practices and success stories', 'practice'],
      ['Opportunities for collaboration', 'collaboration'],
      ['Needs', 'need'],
    ] as const) {
      const expected = visibleContributions(final, { kind }).sort(byStanding);
      const titles = [...s.get(heading)!.matchAll(/^### (?:★ )?(.+)$/gm)].map((m) => m[1]);
      expect(titles).toEqual(expected.map((c) => c.title));
      for (const c of expected) expect(s.get(heading)).toContain(`${c.endorsers.length} endorsement`);
    }
    expect(md).not.toContain('Contribution 5'); // hidden
    expect(md).not.toContain('Contribution 9'); // merged into 3
    expect(s.get('Best practices and success stories')).toMatch(/^### ★ Contribution 8/m);
    expect(s.get('Best practices and success stories')).toContain('Contribution 0: practice (corrected)');

    // Notes: the plenary's three captures, with who spoke.
    const notes = s.get('Points captured in the plenaries')!;
    expect(notes).toContain('### Exploring Best Practices');
    expect(notes.match(/^- \*\*/gm)).toHaveLength(final.notes.captures.length);
    expect(notes).toContain(`What delegate 41 does well — ${people[41]!.name} (${people[41]!.region} diaspora 1, ${people[41]!.country})`);

    // Questions: the two answered, by votes, with their panelist; the one left open when the panel ended, not reached (QA9).
    const questions = s.get('Questions answered by the panel')!.trim().split('\n');
    expect(questions).toEqual([
      '1. Question 1 for the panel? — answered by Niloufar Rahim (5 votes)',
      '2. Question 2 for the panel? — answered by Peter Kwok (5 votes)',
      '',
      '### Not reached: Sharing Successes and case studies',
      '',
      '1. Question 0 for the panel? (0 votes)',
    ]);

    // The way forward: each tally is the last answers of the 50.
    const wf = s.get('The way forward')!;
    const results = ['Adopted', 'Adopted as amended', 'Dropped'];
    lastAnswers.forEach((answers, n) => {
      const count = (a: Answer) => [...answers.values()].filter((x) => x === a).length;
      expect(answers.size).toBe(PARTICIPANTS);
      expect(wf).toContain(`### Proposal ${n + 1}: ${results[n]}`);
      expect(wf).toContain(`Agree ${count('agree')} · Disagree ${count('disagree')} · Abstain ${count('abstain')} (50 answers, secret ballot)`);
    });
    expect(wf).toContain('As amended: Food banks run with local mosques and churches');

    // Figures: 51 registrations by region and country, speakers, chat.
    const figures = s.get('Figures')!;
    expect(figures).toContain('| **Total** | **51** |');
    for (const region of REGIONS) {
      const n = people.filter((p) => p.region === region).length + (region === 'africa' ? 1 : 0);
      expect(figures).toContain(`| ${region[0]!.toUpperCase()}${region.slice(1)} | ${n} |`);
    }
    for (const country of COUNTRIES) expect(figures).toContain(`| ${country} | 10 |`);
    expect(figures).toContain('| Spain | 1 |');
    expect(figures).toContain(`- Chat: 3 messages`);
  });

  it('O2: the public version names only those who consented, and is served without a token once published', async () => {
    const url = `${server.url}/api/events/${server.eventId}/outcome.md?version=public`;
    expect((await fetch(url)).status).toBe(401);
    await moderator.must('outcome.setPublic', { public: true });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const md = await res.text();
    const shown = new Set([
      ...final.contributions.items.filter((c) => c.hidden === null && c.mergedInto === null).map((c) => c.author.id),
      ...final.notes.captures.map((c) => c.speaker?.id),
    ]);
    let named = 0;
    for (const p of people) {
      if (!shown.has(p.client.self!.id)) continue;
      expect(md.includes(p.name), p.name).toBe(p.consent);
      if (p.consent) named++;
    }
    expect(named).toBeGreaterThan(0);
    expect(md).toContain('A participant (');
    // The moderators' version still needs a moderator.
    expect((await fetch(`${server.url}/api/events/${server.eventId}/outcome.md`)).status).toBe(401);
  });

  it('X1: the export holds the state, the registrations without tokens, and every ledger entry', async () => {
    const res = await fetch(`${server.url}/api/events/${server.eventId}/export.json`, { headers: auth(server.tokenOf('kemo-camara')) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+-export\.json"/);
    const body = (await res.json()) as {
      state: EventState;
      registrations: Array<Record<string, unknown>>;
      ledger: Array<{ seq: number }>;
      contributions: unknown[];
    };
    expect(body.registrations).toHaveLength(51);
    expect(body.registrations[0]).toMatchObject({ name: 'Delegate 00 Surname', consentToBeNamed: false, region: 'africa' });
    expect(JSON.stringify(body)).not.toMatch(/token|hash/i);
    expect(body.ledger.map((e) => e.seq)).toEqual(Array.from({ length: body.state.seq }, (_, i) => i + 1));
    expect(body.contributions).toEqual(body.state.contributions.items);
  });
});
