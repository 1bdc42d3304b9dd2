/** The outcome document as a pure function of state (SPEC O): content, order, names, escaping. */
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../shared/outcome/format.ts';
import { buildOutcome, escapeHtml, escapeMarkdown, outcomeHtml, outcomeMarkdown, UNNAMED } from '../../../shared/outcome/index.ts';
import type { Actor } from '../../../shared/protocol.ts';
import { EventDriver, MINUTE, PEOPLE } from '../../support/eventDriver.ts';
import { sections } from '../../support/markdown.ts';

const AMARA: Actor = { ...PEOPLE.amara, name: 'Amara Diallo', community: 'Senegalese diaspora', country: 'France', consent: true };
const RAVI: Actor = { ...PEOPLE.ravi, name: 'Ravi Sharma', community: 'Indian diaspora', country: 'Kenya', consent: false };
const EVIL = '<script>alert("x")</script> # heading | pipe *bold* [link](javascript:alert(1))';

/** A small event, run from before the start to the end, touching every section of the document. */
function ranEvent(kenyanIndians = 1) {
  const d = EventDriver.created();
  d.must('system', 'people.join', { personId: 'amara', region: 'africa', country: 'France', community: 'Senegalese diaspora' });
  d.must('system', 'people.join', { personId: 'ravi', region: 'asia', country: 'kenya', community: 'Indian diaspora' });
  for (let i = 1; i < kenyanIndians; i++)
    d.must('system', 'people.join', { personId: `in${i}`, region: 'asia', country: 'Kenya', community: ' indian  Diaspora' });
  d.must('system', 'people.join', { personId: 'eva', region: 'europe', country: 'Kenya' });
  d.must(AMARA, 'contributions.post', {
    kind: 'practice',
    title: 'Food parcels',
    text: 'Paragraph one.\n\nParagraph two.',
    tags: ['food'],
    link: 'https://example.org/food',
  });
  d.must(RAVI, 'contributions.post', { kind: 'practice', title: 'Community radio', text: 'Radio spots in three languages.' });
  d.must(RAVI, 'contributions.post', { kind: 'collaboration', title: 'Shared shipping', text: 'We have space in containers to Mombasa.' });
  d.must(AMARA, 'contributions.post', { kind: 'need', title: EVIL, text: EVIL });
  const [food, radio] = d.state.contributions.items.map((c) => c.id) as [number, number];
  d.must('eva', 'contributions.endorse', { contributionId: radio });
  d.must('omar', 'contributions.endorse', { contributionId: radio });
  d.must('eva', 'contributions.endorse', { contributionId: food });
  d.must('mod', 'proposals.add', { text: 'Create a diaspora health register' });
  d.must('mod', 'proposals.add', { text: 'Meet again in three months' });
  const [p1, p2] = d.state.proposals.items.map((p) => p.id) as [number, number];

  d.now = d.state.scheduledStartAt! + 2 * MINUTE;
  d.must('mod', 'event.start', {});
  d.must('mod', 'floor.give', { personId: 'cam' });
  d.tick(8 * MINUTE).must('mod', 'agenda.next', {});
  d.must('mod', 'floor.give', { personId: 'ana' });
  d.must(RAVI, 'questions.ask', { text: 'How did you reach rural families?' });
  const question = d.state.questions.items[0]!.id;
  d.must('eva', 'questions.upvote', { questionId: question });
  d.tick(3 * MINUTE).must('mod', 'questions.answer', { questionId: question });
  d.must('mod', 'floor.end', {});
  d.tick(25 * MINUTE).must('mod', 'agenda.next', {});
  d.must(RAVI, 'queue.raise', {});
  d.must('mod', 'floor.giveNext', {});
  d.tick(MINUTE).must('nia', 'notes.capture', { kind: 'practice', text: 'Radio in local languages reaches elders' });
  d.must('mod', 'floor.end', {});
  d.must(AMARA, 'queue.raise', {});
  d.must('mod', 'floor.giveNext', {});
  d.tick(MINUTE).must('nia', 'notes.capture', { kind: 'point', text: 'Mobile money keeps families fed' });
  d.must('mod', 'floor.end', {});
  d.must('amara', 'chat.send', { text: 'Thank you all' });
  d.must('mod', 'proposals.show', { proposalId: p1 });
  d.must(AMARA, 'proposals.vote', { proposalId: p1, answer: 'agree' });
  d.must(RAVI, 'proposals.vote', { proposalId: p1, answer: 'disagree' });
  d.must('mod', 'proposals.decide', { proposalId: p1, result: 'amended', amendedText: 'A register kept by IOM' });
  d.must('mod', 'proposals.show', { proposalId: p2 });
  d.must(RAVI, 'proposals.vote', { proposalId: p2, answer: 'agree' });
  d.must('mod', 'proposals.close', { proposalId: p2 });
  d.must('mod', 'proposals.decide', { proposalId: p2, result: 'adopted' });
  d.tick(10 * MINUTE).must('mod', 'event.end', {});
  return d;
}

describe('O: the outcome document', () => {
  it('O2: escapeHtml turns markup into text', () => {
    expect(escapeHtml('<script>alert("x")</script> & \'quotes\'')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });

  it('O2: escapeMarkdown neutralises HTML, emphasis, links, tables and line-start markers', () => {
    expect(escapeMarkdown('<b>hi</b> *x* _y_ [a](b) | `c` ~d~ \\')).toBe('&lt;b&gt;hi&lt;/b&gt; \\*x\\* \\_y\\_ \\[a\\](b) \\| \\`c\\` \\~d\\~ \\\\');
    expect(escapeMarkdown('# title\n- item\n+ item\n1. one\n   > quote\n===')).toBe('\\# title\n\\- item\n\\+ item\n1\\. one\n&gt; quote\n\\===');
    expect(escapeMarkdown('line one\n\nline two', { inline: true })).toBe('line one line two');
  });

  it('O3: the document opens with the title, the date, the agenda as planned and as it ran, and the speakers', () => {
    const d = ranEvent();
    const doc = buildOutcome(d.state, 'moderators');
    expect(doc.title).toBe('Test exchange');
    expect(doc.date).toBe(d.state.startedAt);
    expect(doc.agenda.map((r) => r.title)).toEqual(['Welcome', 'Panel', 'Plenary', 'Closing']);
    expect(doc.ran.map((r) => [r.title, r.actualMs])).toEqual([
      ['Welcome', 8 * MINUTE],
      ['Panel', 28 * MINUTE],
      ['Plenary', 12 * MINUTE],
    ]);
    expect(doc.welcome.map((p) => p.name)).toEqual(['Cam']);
    expect(doc.panelists.map((p) => [p.name, p.spokenMs])).toEqual([
      ['Ana', 3 * MINUTE],
      ['Bo', 0],
    ]);
    const md = outcomeMarkdown(d.state, 'moderators');
    expect(md.startsWith('# Test exchange\n\nOutcome document · Saturday 1 June 2024, 12:02–12:50 UTC')).toBe(true);
    const agenda = sections(md).get('Agenda')!;
    expect(agenda).toContain('| 1 | Welcome | remarks | 12:00 UTC | 10 min |');
    expect(agenda).toContain('| Panel | 12:10 UTC | 28 min | −2 min |');
    expect(agenda).toContain('Not held: Closing.');
  });

  it('O4: best practices come featured first, then by endorsements; collaborations and needs say who offered them', () => {
    const d = ranEvent();
    const doc = buildOutcome(d.state, 'moderators');
    expect(doc.practices.map((c) => [c.title, c.endorsements])).toEqual([
      ['Community radio', 2],
      ['Food parcels', 1],
    ]);
    d.must('mod', 'contributions.feature', { contributionId: doc.practices[1]!.id, featured: true });
    const featured = buildOutcome(d.state, 'moderators');
    expect(featured.practices.map((c) => c.title)).toEqual(['Food parcels', 'Community radio']);
    const md = outcomeMarkdown(d.state, 'moderators');
    const practices = sections(md).get('Best practices and success stories')!;
    expect(practices.indexOf('### ★ Food parcels')).toBeLessThan(practices.indexOf('### Community radio'));
    expect(practices).toContain('_By Amara Diallo (Senegalese diaspora, France) · 1 endorsement · shared before the event_');
    expect(practices).toContain('Paragraph one.\n\nParagraph two.');
    expect(practices).toContain('Link: [https://example.org/food](https://example.org/food)');
    expect(sections(md).get('Opportunities for collaboration')).toContain('By Ravi Sharma\\* (Indian diaspora, Kenya)');
  });

  it('O5: points captured in each plenary name who spoke, with community and country; answered questions name the panelist', () => {
    const d = ranEvent();
    const md = outcomeMarkdown(d.state, 'moderators');
    const notes = sections(md).get('Points captured in the plenaries')!;
    expect(notes).toContain('### Plenary');
    expect(notes).toContain('- **Best practice:** Radio in local languages reaches elders — Ravi Sharma\\* (Indian diaspora, Kenya)');
    expect(notes).toContain('- **Key point:** Mobile money keeps families fed — Amara Diallo (Senegalese diaspora, France)');
    expect(sections(md).get('Questions answered by the panel')).toContain('1. How did you reach rural families? — answered by Ana (1 vote)');
  });

  it('O5: questions a panel ended without reaching are listed as not reached under that panel, by votes, in both forms, with no asker named (QA9)', () => {
    const d = EventDriver.inPanel();
    d.must(RAVI, 'questions.ask', { text: 'What about <b>schools</b>?' });
    d.must(AMARA, 'questions.ask', { text: 'Who funds the clinics?' });
    d.must('mod', 'questions.answer', { questionId: d.state.questions.items[0]!.id, panelistId: 'ana' });
    d.must(AMARA, 'questions.ask', { text: 'Is there a waiting list?' });
    d.must('eva', 'questions.upvote', { questionId: d.state.questions.items[2]!.id });
    d.must('mod', 'event.end', {});
    const panel = d.state.agenda.segments.find((s) => s.kind === 'panel')!;
    for (const audience of ['moderators', 'public'] as const) {
      const doc = buildOutcome(d.state, audience);
      expect(doc.notReached).toEqual([
        {
          segmentId: panel.id,
          title: panel.title,
          questions: [
            { id: d.state.questions.items[2]!.id, text: 'Is there a waiting list?', votes: 1, panelist: null },
            { id: d.state.questions.items[1]!.id, text: 'Who funds the clinics?', votes: 0, panelist: null },
          ],
        },
      ]);
      const questions = sections(outcomeMarkdown(d.state, audience)).get('Questions answered by the panel')!;
      expect(questions).toContain(`### Not reached: ${panel.title}\n\n1. Is there a waiting list? (1 vote)\n2. Who funds the clinics? (0 votes)`);
      expect(questions).not.toContain('Amara');
      const html = outcomeHtml(d.state, audience);
      expect(html).toContain(`<h3>Not reached: <bdi>${panel.title}</bdi></h3><ol><li><bdi>Is there a waiting list?</bdi>`);
      expect(html).not.toContain('Amara');
    }
  });

  it('O6: the way forward gives each proposal’s result and tally, in the order they were put on screen', () => {
    const d = ranEvent();
    const wf = sections(outcomeMarkdown(d.state, 'moderators')).get('The way forward')!;
    expect(wf).toContain(
      '### Proposal 1: Adopted as amended\n\nCreate a diaspora health register\n\nAs amended: A register kept by IOM\n\nAgree 1 · Disagree 1 · Abstain 0 (2 answers, secret ballot)',
    );
    expect(wf).toContain('### Proposal 2: Adopted\n\nMeet again in three months\n\nAgree 1 · Disagree 0 · Abstain 0 (1 answer, secret ballot)');
  });

  it('O7: figures: participants by region and country, speakers by region with their time, chat volume', () => {
    const d = ranEvent();
    const doc = buildOutcome(d.state, 'moderators');
    expect(doc.figures.registrations).toEqual({
      total: 3,
      byRegion: [
        { key: 'africa', count: 1 },
        { key: 'asia', count: 1 },
        { key: 'europe', count: 1 },
        { key: 'other', count: 0 },
      ],
      byCountry: [
        { key: 'Kenya', count: 2 },
        { key: 'France', count: 1 },
      ],
    });
    const asia = doc.figures.speakers.byRegion.find((r) => r.region === 'asia')!;
    expect(asia).toEqual({ region: 'asia', speakers: 1, spokenMs: MINUTE });
    expect(doc.figures.speakers.speakers).toBe(4); // cam, ana, ravi, amara
    expect(doc.figures.chatMessages).toBe(1);
    const figures = sections(outcomeMarkdown(d.state, 'moderators')).get('Figures')!;
    expect(figures).toContain('| Kenya | 2 |');
    expect(figures).toContain(`| Asia | 1 | ${formatDuration(MINUTE)} |`);
    expect(figures).toContain('- Chat: 1 message');
  });

  it('O2: the public version names only people who consented, and a community and country only in a group of k; the moderators’ version marks the others', () => {
    const d = ranEvent();
    const pub = outcomeMarkdown(d.state, 'public');
    // The only Senegalese in France and the only Indian in Kenya: their region alone.
    expect(pub).toContain('Amara Diallo (Africa)');
    expect(pub).not.toContain('Senegalese');
    expect(pub).not.toContain('Ravi Sharma');
    expect(pub).toContain(`${UNNAMED} (Asia)`);
    expect(pub).not.toContain('Indian diaspora');
    // Four others of the same community in the same country (spelled their own way): a group of 5 may be named.
    expect(outcomeMarkdown(ranEvent(5).state, 'public')).toContain(`${UNNAMED} (Indian diaspora, Kenya)`);
    expect(outcomeMarkdown(ranEvent(4).state, 'public')).not.toContain('Indian diaspora');
    expect(pub).not.toContain('did not consent');
    const mod = outcomeMarkdown(d.state, 'moderators');
    expect(mod).toContain('Ravi Sharma\\* (Indian diaspora, Kenya)');
    expect(mod).toContain('\\* did not consent to be named outside the event');
    // Roster people are on the programme: always named.
    expect(pub).toContain('Ana');
  });

  it('O2: user text with markup stays harmless text in both forms', () => {
    const d = ranEvent();
    const md = outcomeMarkdown(d.state, 'moderators');
    expect(md).not.toMatch(/<script/i);
    expect(md).not.toMatch(/^# heading/m);
    expect(md).toContain('&lt;script&gt;');
    const html = outcomeHtml(d.state, 'moderators');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('href="javascript');
  });

  it('O8: the HTML is one standalone printable page: a print stylesheet, no script, every section', () => {
    const html = outcomeHtml(ranEvent().state, 'public');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@media print');
    expect(html).toContain('@page { size: A4');
    for (const id of ['agenda', 'speakers', 'practices', 'collaborations', 'needs', 'notes', 'questions', 'way-forward', 'figures'])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<a href="https://example.org/food" rel="noopener noreferrer nofollow">');
  });

  it('O1: before the event the document is a draft that says so, with empty sections stated plainly', () => {
    const d = EventDriver.created();
    const md = outcomeMarkdown(d.state, 'public');
    expect(md).toContain('_Draft: the event has not started yet._');
    expect(md).toContain('_The event has not started._');
    expect(md).toContain('_None shared._');
    expect(md).toContain('_No proposal was put to the participants._');
  });
});
