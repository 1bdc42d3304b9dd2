/** The outcome document as Markdown: every user string goes through `escapeMarkdown`. */

import { REGION_LABEL } from '../labels.ts';
import { escapeMarkdown, formatDate, formatDifference, formatDuration, formatTime, markdownUrl, plural, safeLink } from './format.ts';
import {
  audienceLine,
  CAPTURE_LABEL,
  contributionFigures,
  PHASE_LABEL,
  personLabel,
  resultLabel,
  rosterLabel,
  SECTION,
  spokeLabel,
  statusLine,
  tallyLine,
  WITHHELD_MARK,
  WITHHELD_NOTE,
} from './labels.ts';
import type { ContributionLine, OutcomeDocument, RosterLine } from './model.ts';

const md = (text: string) => escapeMarkdown(text, { inline: true });
const time = (ms: number | null) => (ms === null ? '—' : formatTime(ms));

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function dateLine(doc: OutcomeDocument): string {
  if (doc.date === null) return 'Outcome document';
  const span = doc.startedAt !== null && doc.endedAt !== null ? `, ${formatTime(doc.startedAt).replace(' UTC', '')}–${formatTime(doc.endedAt)}` : '';
  return `Outcome document · ${formatDate(doc.date)}${span}`;
}

function agenda(doc: OutcomeDocument): string {
  const planned = table(
    ['#', 'Segment', 'Format', 'Start', 'Duration'],
    doc.agenda.map((r, i) => [String(i + 1), md(r.title), md(r.format), time(r.plannedStartAt), formatDuration(r.plannedMs)]),
  );
  const ran = doc.ran.length
    ? table(
        ['Segment', 'Started', 'Duration', 'Against plan'],
        doc.ran.map((r) => [
          md(r.title),
          time(r.startedAt),
          r.actualMs === null ? 'running' : formatDuration(r.actualMs),
          r.actualMs === null ? '—' : formatDifference(r.actualMs - r.plannedMs),
        ]),
      )
    : '_The event has not started._';
  const skipped = doc.agenda.filter((r) => r.startedAt === null);
  const notHeld = doc.ran.length && skipped.length ? `\n\nNot held: ${skipped.map((r) => md(r.title)).join(', ')}.` : '';
  return `## ${SECTION.agenda}\n\n### ${SECTION.planned}\n\n${planned}\n\n### ${SECTION.ran}\n\n${ran}${notHeld}`;
}

function rosterItems(label: string, people: RosterLine[], withTime: boolean): string {
  if (people.length === 0) return '';
  const item = (p: RosterLine) => `${md(rosterLabel(p))}${withTime ? `: ${spokeLabel(p)}` : ''}`;
  if (people.length === 1) return `- **${label}:** ${item(people[0]!)}`;
  return `- **${label}:**\n${people.map((p) => `  - ${item(p)}`).join('\n')}`;
}

function speakers(doc: OutcomeDocument): string {
  const items = [
    rosterItems('Moderator', doc.moderators, false),
    rosterItems('Welcome remarks', doc.welcome, true),
    rosterItems('Panelists', doc.panelists, true),
  ].filter(Boolean);
  return `## ${SECTION.speakers}\n\n${items.join('\n') || '_No speakers on the roster._'}`;
}

function contribution(c: ContributionLine): string {
  const meta = [`By ${md(personLabel(c.author))}`, plural(c.endorsements, 'endorsement'), PHASE_LABEL[c.phase], ...(c.edited ? ['edited'] : [])].join(' · ');
  const extras = [c.tags.length ? `Tags: ${c.tags.map(md).join(', ')}` : '', safeLink(c.link) ? `Link: [${md(c.link)}](${markdownUrl(c.link)})` : '']
    .filter(Boolean)
    .join(' · ');
  return [`### ${c.featured ? '★ ' : ''}${md(c.title)}`, `_${meta}_`, escapeMarkdown(c.text), extras].filter(Boolean).join('\n\n');
}

function contributions(title: string, list: ContributionLine[], none: string): string {
  return `## ${title}\n\n${list.length ? list.map(contribution).join('\n\n') : `_${none}_`}`;
}

function notes(doc: OutcomeDocument): string {
  if (doc.notes.length === 0) return `## ${SECTION.notes}\n\n_No points were captured._`;
  const segments = doc.notes.map((s) => {
    const items = s.captures.map((c) => `- **${CAPTURE_LABEL[c.kind]}:** ${md(c.text)}${c.speaker ? ` — ${md(personLabel(c.speaker))}` : ''}`);
    return `### ${md(s.title)}\n\n${items.join('\n')}`;
  });
  return `## ${SECTION.notes}\n\n${segments.join('\n\n')}`;
}

function questions(doc: OutcomeDocument): string {
  const answered = doc.questions.length
    ? doc.questions
        .map((q, i) => `${i + 1}. ${md(q.text)} — ${q.panelist ? `answered by ${md(q.panelist)}` : 'answered'} (${plural(q.votes, 'vote')})`)
        .join('\n')
    : '_No question was marked answered._';
  const unreached = doc.notReached.map(
    (panel) =>
      `### ${SECTION.notReached}: ${md(panel.title)}\n\n${panel.questions.map((q, i) => `${i + 1}. ${md(q.text)} (${plural(q.votes, 'vote')})`).join('\n')}`,
  );
  return [`## ${SECTION.questions}`, answered, ...unreached].join('\n\n');
}

function wayForward(doc: OutcomeDocument): string {
  if (doc.wayForward.length === 0) return `## ${SECTION.wayForward}\n\n_No proposal was put to the participants._`;
  const items = doc.wayForward.map((p, i) => {
    const amended = p.result === 'amended' ? `\n\nAs amended: ${md(p.amendedText)}` : '';
    return `### Proposal ${i + 1}: ${resultLabel(p)}\n\n${md(p.text)}${amended}\n\n${tallyLine(p)}`;
  });
  return `## ${SECTION.wayForward}\n\n${items.join('\n\n')}`;
}

function figures(doc: OutcomeDocument): string {
  const f = doc.figures;
  const regions = table(
    ['Region', 'Participants'],
    [...f.registrations.byRegion.map((r) => [REGION_LABEL[r.key], String(r.count)]), ['**Total**', `**${f.registrations.total}**`]],
  );
  const countries = f.registrations.byCountry.length
    ? table(
        ['Country', 'Participants'],
        f.registrations.byCountry.map((r) => [md(r.key), String(r.count)]),
      )
    : '_No registration recorded._';
  const speakersTable = table(
    ['Region', 'Speakers', 'Speaking time'],
    [
      ...f.speakers.byRegion.map((r) => [REGION_LABEL[r.region], String(r.speakers), formatDuration(r.spokenMs)]),
      ['**Total**', `**${f.speakers.speakers}**`, `**${formatDuration(f.speakers.spokenMs)}**`],
    ],
  );
  const activity = [
    `- Chat: ${plural(f.chatMessages, 'message')}`,
    `- Contributions: ${contributionFigures(f)}`,
    `- Questions to the panel: ${f.questions.asked} asked, ${f.questions.answered} answered`,
    `- Speaking turns: ${f.speakers.turns}`,
  ].join('\n');
  return `## ${SECTION.figures}\n\n### Participants by region\n\n${regions}\n\n### Participants by country\n\n${countries}\n\n### Speakers by region\n\n${speakersTable}\n\n### Activity\n\n${activity}`;
}

/** The outcome document as Markdown. */
export function renderMarkdown(doc: OutcomeDocument): string {
  const intro = [
    `# ${md(doc.title)}`,
    dateLine(doc),
    `_${audienceLine(doc)}_`,
    statusLine(doc) ? `_${statusLine(doc)}_` : '',
    doc.description ? escapeMarkdown(doc.description) : '',
  ];
  const sections = [
    agenda(doc),
    speakers(doc),
    contributions(SECTION.practices, doc.practices, 'None shared.'),
    contributions(SECTION.collaborations, doc.collaborations, 'None offered.'),
    contributions(SECTION.needs, doc.needs, 'None expressed.'),
    notes(doc),
    questions(doc),
    wayForward(doc),
    figures(doc),
  ];
  const footnote = doc.withholdsNames ? [`\\${WITHHELD_MARK} ${WITHHELD_NOTE}`] : [];
  return `${[...intro.filter(Boolean), ...sections, ...footnote].join('\n\n')}\n`;
}
