/** The words of the outcome document, shared by its Markdown and HTML forms. */
import type { EventPhase } from '../constants.ts';
import { countryName } from '../countries.ts';
import { ANSWER_LABEL, REGION_LABEL, RESULT_LABEL } from '../labels.ts';
import { formatDuration, plural } from './format.ts';
import type { Figures, NamedPerson, OutcomeDocument, ProposalLine, RosterLine } from './model.ts';

export const SECTION = {
  agenda: 'Agenda',
  planned: 'As planned',
  ran: 'As it ran',
  speakers: 'Speakers',
  practices: 'Best practices and success stories',
  collaborations: 'Opportunities for collaboration',
  needs: 'Needs',
  notes: 'Points captured in the plenaries',
  questions: 'Questions answered by the panel',
  notReached: 'Not reached',
  wayForward: 'The way forward',
  figures: 'Figures',
} as const;

export const PHASE_LABEL: Record<EventPhase, string> = {
  before: 'shared before the event',
  during: 'shared during the event',
  after: 'shared after the event',
};

export const CAPTURE_LABEL = { practice: 'Best practice', point: 'Key point' } as const;

/** The footnote mark of a name the public version leaves out. */
export const WITHHELD_MARK = '*';
export const WITHHELD_NOTE = 'did not consent to be named outside the event: the public version of this document leaves these names out.';

export function resultLabel(p: ProposalLine): string {
  if (p.result) return RESULT_LABEL[p.result];
  return p.status === 'open' ? 'Voting still open' : 'No decision recorded';
}

export function tallyLine(p: ProposalLine): string {
  // V8: while the results are hidden, nobody knows them yet, the node included.
  if (p.resultsHidden) return `Results are shown when the vote closes (${plural(p.answers, 'answer')} so far, secret ballot)`;
  return `${ANSWER_LABEL.agree} ${p.tally.agree} · ${ANSWER_LABEL.disagree} ${p.tally.disagree} · ${ANSWER_LABEL.abstain} ${p.tally.abstain} (${plural(p.answers, 'answer')}, ${p.ballot === 'named' ? 'named vote' : 'secret ballot'})`;
}

/**
 * "Ama Mensah (Ghanaian diaspora, Germany)", with the mark when withheld from the public
 * version; "A participant (Africa)" where the public may see the region alone (O2).
 */
export function personLabel(p: NamedPerson): string {
  const where = [p.community, countryName(p.country, 'en')].filter((x) => x !== '').join(', ') || REGION_LABEL[p.region];
  return `${p.name}${p.withheld ? WITHHELD_MARK : ''}${where ? ` (${where})` : ''}`;
}

/** "Dr. Charles Senessie, Afro-European Medical and Research Network (African diaspora in Europe, Switzerland)". */
export function rosterLabel(p: RosterLine): string {
  const where = [p.community, countryName(p.country, 'en')].filter((x) => x !== '').join(', ');
  return `${p.name}${p.organisation ? `, ${p.organisation}` : ''}${where ? ` (${where})` : ''}`;
}

export function spokeLabel(p: RosterLine): string {
  return p.spokenMs > 0 ? `spoke ${formatDuration(p.spokenMs)}` : 'did not take the floor';
}

export function statusLine(doc: OutcomeDocument): string {
  if (doc.status === 'ended') return '';
  return doc.status === 'live' ? 'Draft: the event is still running.' : 'Draft: the event has not started yet.';
}

export function audienceLine(doc: OutcomeDocument): string {
  return doc.audience === 'public'
    ? 'Public version: participants are named only when they agreed to it at registration.'
    : 'Moderators’ version: every name is shown. Share the public version outside the event.';
}

/** "2 success stories or best practices, 1 opportunity for collaboration, 0 needs; 3 endorsements". */
export function contributionFigures(f: Figures): string {
  const c = f.contributions;
  const kinds = [
    plural(c.practice, 'success story or best practice', 'success stories or best practices'),
    plural(c.collaboration, 'opportunity for collaboration', 'opportunities for collaboration'),
    plural(c.need, 'need'),
  ];
  return `${kinds.join(', ')}; ${plural(c.endorsements, 'endorsement')}`;
}
