/**
 * The outcome document as one standalone HTML page that prints cleanly to PDF from a browser
 * (print stylesheet, A4, no script). Every user string goes through `escapeHtml`, inside a
 * `<bdi>` so that its direction cannot spill onto the text around it.
 */

import { REGION_LABEL } from '../labels.ts';
import { escapeHtml, formatDate, formatDifference, formatDuration, formatTime, plural, safeLink } from './format.ts';
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

const h = escapeHtml;
/** A user's string, escaped and isolated: whatever direction it runs in stays inside it (S14). */
const u = (text: string) => `<bdi>${escapeHtml(text)}</bdi>`;
const time = (ms: number | null) => (ms === null ? '—' : formatTime(ms));

/** Paragraphs from text: blank lines split paragraphs, single newlines become line breaks. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p><bdi>${p.split('\n').map(h).join('<br>')}</bdi></p>`)
    .join('');
}

/** A cell of figures (a count, a time, a difference): right-aligned, like its column's heading. */
const isFigure = (c: string) => /^([\d+−]|—$|on time$|running$)/.test(c);

function table(caption: string | null, head: string[], rows: string[][], foot?: string[]): string {
  const numeric = head.map((_, i) => i > 0 && rows.length > 0 && rows.every((r) => isFigure(r[i] ?? '')));
  const cls = (i: number) => (numeric[i] ? ' class="num"' : '');
  const cell = (tag: 'th' | 'td') => (c: string, i: number) => `<${tag}${cls(i)}>${c}</${tag}>`;
  return [
    '<table>',
    caption ? `<caption>${h(caption)}</caption>` : '',
    `<thead><tr>${head.map((c, i) => `<th scope="col"${cls(i)}>${h(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map(cell('td')).join('')}</tr>`).join('')}</tbody>`,
    foot ? `<tfoot><tr>${foot.map(cell('th')).join('')}</tr></tfoot>` : '',
    '</table>',
  ].join('');
}

function agenda(doc: OutcomeDocument): string {
  const planned = table(
    SECTION.planned,
    ['#', 'Segment', 'Format', 'Start', 'Duration'],
    doc.agenda.map((r, i) => [String(i + 1), u(r.title), u(r.format), time(r.plannedStartAt), formatDuration(r.plannedMs)]),
  );
  const ran = doc.ran.length
    ? table(
        SECTION.ran,
        ['Segment', 'Started', 'Duration', 'Against plan'],
        doc.ran.map((r) => [
          u(r.title),
          time(r.startedAt),
          r.actualMs === null ? 'running' : formatDuration(r.actualMs),
          r.actualMs === null ? '—' : formatDifference(r.actualMs - r.plannedMs),
        ]),
      )
    : '<p class="none">The event has not started.</p>';
  const skipped = doc.agenda.filter((r) => r.startedAt === null);
  const notHeld = doc.ran.length && skipped.length ? `<p>Not held: ${skipped.map((r) => u(r.title)).join(', ')}.</p>` : '';
  return `<section id="agenda"><h2>${SECTION.agenda}</h2>${planned}${ran}${notHeld}</section>`;
}

function rosterList(label: string, people: RosterLine[], withTime: boolean): string {
  if (people.length === 0) return '';
  const items = people.map((p) => `<li>${u(rosterLabel(p))}${withTime ? ` <span class="meta">${spokeLabel(p)}</span>` : ''}</li>`).join('');
  return `<dt>${label}</dt><dd><ul>${items}</ul></dd>`;
}

function speakers(doc: OutcomeDocument): string {
  const lists = [
    rosterList('Moderator', doc.moderators, false),
    rosterList('Welcome remarks', doc.welcome, true),
    rosterList('Panelists', doc.panelists, true),
  ].join('');
  return `<section id="speakers"><h2>${SECTION.speakers}</h2>${lists ? `<dl>${lists}</dl>` : '<p class="none">No speakers on the roster.</p>'}</section>`;
}

function contribution(c: ContributionLine): string {
  const link = safeLink(c.link);
  const meta = [`By ${u(personLabel(c.author))}`, plural(c.endorsements, 'endorsement'), PHASE_LABEL[c.phase], ...(c.edited ? ['edited'] : [])].join(' · ');
  const extras = [
    c.tags.length ? `<span class="tags">Tags: ${c.tags.map(u).join(', ')}</span>` : '',
    link ? `<a href="${h(link)}" rel="noopener noreferrer nofollow">${u(link)}</a>` : '',
  ].filter(Boolean);
  return `<article class="contribution${c.featured ? ' featured' : ''}"><h3>${c.featured ? '<span class="star" aria-label="Featured">★</span> ' : ''}${u(c.title)}</h3><p class="meta">${meta}</p>${paragraphs(c.text)}${extras.length ? `<p class="extras">${extras.join(' · ')}</p>` : ''}</article>`;
}

function contributions(id: string, title: string, list: ContributionLine[], none: string): string {
  return `<section id="${id}"><h2>${title}</h2>${list.length ? list.map(contribution).join('') : `<p class="none">${none}</p>`}</section>`;
}

function notes(doc: OutcomeDocument): string {
  const body = doc.notes.length
    ? doc.notes
        .map((s) => {
          const items = s.captures.map(
            (c) =>
              `<li><strong>${CAPTURE_LABEL[c.kind]}:</strong> ${u(c.text)}${c.speaker ? ` <span class="meta">— ${u(personLabel(c.speaker))}</span>` : ''}</li>`,
          );
          return `<h3>${u(s.title)}</h3><ul>${items.join('')}</ul>`;
        })
        .join('')
    : '<p class="none">No points were captured.</p>';
  return `<section id="notes"><h2>${SECTION.notes}</h2>${body}</section>`;
}

function questions(doc: OutcomeDocument): string {
  const body = doc.questions.length
    ? `<ol>${doc.questions.map((q) => `<li>${u(q.text)} <span class="meta">— ${q.panelist ? `answered by ${u(q.panelist)}` : 'answered'} (${plural(q.votes, 'vote')})</span></li>`).join('')}</ol>`
    : '<p class="none">No question was marked answered.</p>';
  const unreached = doc.notReached
    .map(
      (panel) =>
        `<h3>${SECTION.notReached}: ${u(panel.title)}</h3><ol>${panel.questions.map((q) => `<li>${u(q.text)} <span class="meta">(${plural(q.votes, 'vote')})</span></li>`).join('')}</ol>`,
    )
    .join('');
  return `<section id="questions"><h2>${SECTION.questions}</h2>${body}${unreached}</section>`;
}

function wayForward(doc: OutcomeDocument): string {
  const body = doc.wayForward.length
    ? doc.wayForward
        .map((p, i) => {
          const amended = p.result === 'amended' ? `<p><strong>As amended:</strong> ${u(p.amendedText)}</p>` : '';
          return `<article class="proposal result-${p.result ?? p.status}"><h3>Proposal ${i + 1}: ${resultLabel(p)}</h3><blockquote>${u(p.text)}</blockquote>${amended}<p class="tally">${tallyLine(p)}</p></article>`;
        })
        .join('')
    : '<p class="none">No proposal was put to the participants.</p>';
  return `<section id="way-forward"><h2>${SECTION.wayForward}</h2>${body}</section>`;
}

function figures(doc: OutcomeDocument): string {
  const f = doc.figures;
  const regions = table(
    'Participants by region',
    ['Region', 'Participants'],
    f.registrations.byRegion.map((r) => [REGION_LABEL[r.key], String(r.count)]),
    ['Total', String(f.registrations.total)],
  );
  const countries = f.registrations.byCountry.length
    ? table(
        'Participants by country',
        ['Country', 'Participants'],
        f.registrations.byCountry.map((r) => [u(r.key), String(r.count)]),
      )
    : '<p class="none">No registration recorded.</p>';
  const speakersTable = table(
    'Speakers by region',
    ['Region', 'Speakers', 'Speaking time'],
    f.speakers.byRegion.map((r) => [REGION_LABEL[r.region], String(r.speakers), formatDuration(r.spokenMs)]),
    ['Total', String(f.speakers.speakers), formatDuration(f.speakers.spokenMs)],
  );
  const activity = [
    `Chat: ${plural(f.chatMessages, 'message')}`,
    `Contributions: ${contributionFigures(f)}`,
    `Questions to the panel: ${f.questions.asked} asked, ${f.questions.answered} answered`,
    `Speaking turns: ${f.speakers.turns}`,
  ];
  return `<section id="figures"><h2>${SECTION.figures}</h2><div class="tables">${regions}${countries}${speakersTable}</div><h3>Activity</h3><ul>${activity.map((a) => `<li>${a}</li>`).join('')}</ul></section>`;
}

/** The page's only stylesheet; the server allows exactly this one by its hash. */
export const OUTCOME_STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ccc; --accent: #0b5394; }
* { box-sizing: border-box; }
body { font: 11pt/1.5 Georgia, 'Times New Roman', serif; color: var(--ink); max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.subtitle { color: var(--muted); margin: 0 0 .5rem; }
.note { font-style: italic; color: var(--muted); }
.meta { color: var(--muted); font-size: .9em; }
.none { font-style: italic; color: var(--muted); }
.featured h3 .star { color: #b8860b; }
article { margin-bottom: 1rem; }
blockquote { margin: .3rem 0; padding: .2rem .8rem; border-left: 3px solid var(--rule); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .95em; }
caption { text-align: left; font-weight: bold; margin-bottom: .2rem; font-family: 'Helvetica Neue', Arial, sans-serif; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th { border-top: 2px solid var(--ink); }
dt { font-weight: bold; margin-top: .4rem; }
dd { margin: 0; }
dd ul { margin: .2rem 0; padding-left: 1.2rem; }
a { color: var(--accent); word-break: break-all; }
footer { margin-top: 2rem; border-top: 1px solid var(--rule); font-size: .85em; color: var(--muted); }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  article, table, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: var(--ink); text-decoration: none; }
}
`;

/** The outcome document as a standalone, printable HTML page. */
export function renderHtml(doc: OutcomeDocument): string {
  const span = doc.startedAt !== null && doc.endedAt !== null ? `, ${h(formatTime(doc.startedAt).replace(' UTC', ''))}–${h(formatTime(doc.endedAt))}` : '';
  const subtitle = `Outcome document${doc.date === null ? '' : ` · ${formatDate(doc.date)}${span}`}`;
  const status = statusLine(doc);
  const footnote = doc.withholdsNames ? `<p>${WITHHELD_MARK} ${WITHHELD_NOTE}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${h(doc.title)} · Outcome document</title>
<style>${OUTCOME_STYLE}</style>
</head>
<body>
<header>
<h1>${u(doc.title)}</h1>
<p class="subtitle">${subtitle}</p>
<p class="note">${h(audienceLine(doc))}</p>
${status ? `<p class="note">${h(status)}</p>` : ''}
${doc.description ? paragraphs(doc.description) : ''}
</header>
<main>
${agenda(doc)}
${speakers(doc)}
${contributions('practices', SECTION.practices, doc.practices, 'None shared.')}
${contributions('collaborations', SECTION.collaborations, doc.collaborations, 'None offered.')}
${contributions('needs', SECTION.needs, doc.needs, 'None expressed.')}
${notes(doc)}
${questions(doc)}
${wayForward(doc)}
${figures(doc)}
</main>
<footer>${footnote}<p>Compiled by Gavel from the event's record.</p></footer>
</body>
</html>
`;
}
