/**
 * What a browser receives is a projection, not the ledger (DESIGN 9, SPEC B1–B6). The ledger
 * records what happened; the state already drops what a moderator hid or deleted and the
 * name of whoever erased their registration. Entries read back from the ledger still hold
 * all of it, so every path that sends entries or state to a browser (snapshot, live entries,
 * `sync`, chat history pages) sends their projection, computed against the event as it is
 * now. A replica that starts from a projected state and applies projected entries with the
 * same reducer reaches the projection of the node's state (B6).
 */
import type { ContributionField, Region, Role } from './constants.ts';
import type { Actor, Command, CommandOf, Entry } from './protocol.ts';
import { asShownInPublic, crossesPublicThreshold, type PublicView, publicView } from './public.ts';
import { askerOf, hasOwnQuestion, projectQuestionEntry, projectQuestions, QuestionRedactions, withAnonymousQuestions } from './questionsProjection.ts';
import type { Applied } from './reducer/index.ts';
import { asFormerParticipant, withPeopleForgotten, withPeopleShown } from './reducer/people.ts';
import { countryLabel, OTHER_COUNTRIES } from './reducer/registrations.ts';
import type { ChatMessage, Contribution, EventState, PersonRef, Proposal, Tally } from './state.ts';

/** Who a projection is for: a role and a person (the stage is an audience too). */
export interface Audience {
  role: Role;
  personId: string;
}

/** The audience of what every socket receives alike: nobody's own ballot (B7). */
export const EVERYONE: Audience = { role: 'participant', personId: '' };

/** The stage display as an audience: it shows only what the public may see (S17, O2). */
export const STAGE: Audience = { role: 'stage', personId: '' };

/** Who a secret ballot's projected vote comes from: nobody (B7). */
export const BALLOT_BOX: Actor = { id: 'system', role: 'system', name: '', community: '', region: 'other', country: '' };

/** The person id every projected `people.join` carries: browsers get the figures, not who registered (B4). */
export const REGISTRANT = 'registrant';

/**
 * What projecting an old entry needs to know beyond the state, which keeps only the chat
 * window and no list of erased people. A node records every entry it applies here, in
 * order; it holds ids and field names, never content.
 */
export class Redactions {
  /** People whose registration was deleted (S9, X2). */
  readonly forgotten = new Set<string>();
  /** Chat messages a moderator deleted (C3), older than the window included. */
  readonly deletedMessages = new Set<number>();
  /** The fields each accepted contribution edit changed, by seq: what a redacted edit must still change (B2). */
  readonly editedFields = new Map<number, readonly ContributionField[]>();
  /** Entries the reducer refused, by seq: they reach browsers as `entry.refused` (B8). */
  readonly refused = new Set<number>();
  /** The tally after each accepted vote of a secret ballot, by seq: what its projection carries (B7). */
  readonly tallies = new Map<number, Tally>();
  /** How many had answered after each accepted vote whose results are hidden, by seq: what its projection carries (B10). */
  readonly answered = new Map<number, number>();
  /** Joins and forgets after which the stage may show someone differently (a group reached k or fell below it, O2). */
  readonly publicChanges = new Set<number>();
  /** People removed with everything they posted, and the seq of that removal: what they posted before it is gone (S50). */
  readonly purged = new Map<string, number>();
  /** Held, declined and anonymous questions (QA7, QA8, B11). */
  readonly questions = new QuestionRedactions();

  /** Was `seq`, sent by `personId`, posted before a removal that deleted everything they posted (S50)? */
  purgedPost(personId: string, seq: number): boolean {
    return seq < (this.purged.get(personId) ?? 0);
  }

  /** Note what `entry` redacts, once applied with `applied` as the reducer's answer. */
  record(entry: Entry, applied: Applied): void {
    if (applied.error) return void this.refused.add(entry.seq);
    const { command } = entry;
    this.questions.record(entry, applied);
    if (crossesPublicThreshold(entry, applied.state)) this.publicChanges.add(entry.seq);
    if (command.type === 'people.forget') this.forgotten.add(command.payload.personId);
    else if (command.type === 'chat.delete') this.deletedMessages.add(command.payload.messageId);
    else if (command.type === 'people.remove' && command.payload.purge) this.purged.set(command.payload.personId, entry.seq);
    else if (command.type === 'proposals.vote') {
      const voted = applied.state.proposals.items.find((p) => p.id === command.payload.proposalId);
      if (voted?.hideResults) this.answered.set(entry.seq, voted.answered);
      else if (voted?.ballot === 'secret') this.tallies.set(entry.seq, voted.tally);
    } else if (command.type === 'contributions.edit') {
      const edited = applied.state.contributions.items.find((c) => c.id === command.payload.contributionId);
      const last = edited?.edits.at(-1);
      if (last) this.editedFields.set(entry.seq, last.fields);
    }
  }
}

/**
 * A stand-in for a hidden contribution's text in an entry (B2): distinct per entry, so the
 * reducer sees each edit change the same fields as it did on the node, and gone from the
 * replica's state as soon as the hide is applied.
 */
function redacted(seq: number): string {
  return `#${seq}`;
}

function redactedTags(c: Contribution, seq: number, tags: string[]): string[] {
  // A merged duplicate's tags went into its target, where everyone sees them (K7): the
  // replica's merge needs them to agree with the node.
  return c.mergedInto !== null ? tags : [redacted(seq)];
}

function projectPost(command: CommandOf<'contributions.post'>, seq: number, now: EventState): CommandOf<'contributions.post'> {
  const c = now.contributions.items.find((x) => x.id === seq);
  if (!c?.hidden) return command;
  const { payload } = command;
  return { ...command, payload: { ...payload, title: redacted(seq), text: redacted(seq), link: redacted(seq), tags: redactedTags(c, seq, payload.tags) } };
}

function projectEdit(command: CommandOf<'contributions.edit'>, seq: number, now: EventState, redactions: Redactions): CommandOf<'contributions.edit'> {
  const { payload } = command;
  const c = now.contributions.items.find((x) => x.id === payload.contributionId);
  if (!c?.hidden) return command;
  const changed = redactions.editedFields.get(seq) ?? [];
  const kept: CommandOf<'contributions.edit'>['payload'] = { contributionId: payload.contributionId };
  for (const field of changed) {
    if (field === 'tags') kept.tags = redactedTags(c, seq, payload.tags ?? []);
    else kept[field] = redacted(seq);
  }
  return { ...command, payload: kept };
}

/** The label a registrant's country was counted under: the first spelling seen, or the overflow label (J2). */
function countedUnder(country: string, now: EventState): string {
  const label = countryLabel(country, now.registrations.byCountry);
  return Object.hasOwn(now.registrations.byCountry, label) ? label : OTHER_COUNTRIES;
}

function projectJoin(command: CommandOf<'people.join'>, now: EventState): CommandOf<'people.join'> {
  const { region, country } = command.payload;
  return { ...command, payload: { personId: REGISTRANT, region, country: countedUnder(country, now) } };
}

/** A node's folded registrations as browsers receive them: counted by region and country, nobody's id or community (B4). */
function projectJoined(command: CommandOf<'people.joined'>, now: EventState): CommandOf<'people.counted'> {
  const byRegion: Partial<Record<Region, number>> = {};
  const byCountry: Record<string, number> = {};
  for (const { region, country } of command.payload.people) {
    byRegion[region] = (byRegion[region] ?? 0) + 1;
    const label = countedUnder(country, now);
    byCountry[label] = (Object.hasOwn(byCountry, label) ? byCountry[label]! : 0) + 1;
  }
  return { type: 'people.counted', payload: { byRegion, byCountry } };
}

function withText<C extends { payload: { text: string } }>(command: C, text: string): C {
  return { ...command, payload: { ...command.payload, text } };
}

function projectCommand(entry: Entry, now: EventState, redactions: Redactions): Command {
  const { command, seq } = entry;
  // Contributions a purge hid are redacted below as hidden ones; the rest it left nothing of (S50).
  const purged = redactions.purgedPost(entry.actor.id, seq);
  switch (command.type) {
    case 'chat.send':
      return redactions.deletedMessages.has(seq) || purged ? { ...command, payload: { text: '' } } : command;
    case 'questions.ask':
    case 'notes.capture':
    case 'notes.edit':
      return purged ? withText(command, redacted(seq)) : command;
    case 'contributions.post':
      return projectPost(command, seq, now);
    case 'contributions.edit':
      return projectEdit(command, seq, now, redactions);
    case 'people.join':
      return projectJoin(command, now);
    case 'people.joined':
      return projectJoined(command, now);
    case 'people.forget': {
      // The community counted its person in a group (O2): the node's alone (B4).
      const { community: _nodeOnly, ...payload } = command.payload;
      return command.payload.community === undefined ? command : { ...command, payload };
    }
    default:
      return command;
  }
}

/**
 * The call link is the event's, not the public's (CL2): the stage is projected and streamed, and
 * a link on it lets anyone into the call. Its `event.setCallLink` entries take nothing away on
 * the stage (it holds none), which its replica refuses as the same link again, changing nothing.
 */
function withoutCallLink(command: Command): Command {
  if (command.type === 'event.create' && command.payload.callUrl !== '') return { ...command, payload: { ...command.payload, callUrl: '' } };
  if (command.type === 'event.setCallLink' && command.payload.url !== null) return { ...command, payload: { url: null } };
  return command;
}

/**
 * A vote in a secret ballot, for anyone but the voter: the tally after it, from nobody (B7), or
 * only how many had answered when its results are hidden (B10). Null for a vote the voter sent
 * to a named vote: everyone sees it as it is.
 */
function secretVote(entry: Entry, now: EventState, redactions: Redactions, audience: Audience): Entry | null {
  const { command } = entry;
  if (command.type !== 'proposals.vote' || entry.actor.id === audience.personId) return null;
  const { proposalId } = command.payload;
  const proposal = now.proposals.items.find((p) => p.id === proposalId);
  // A node started from a snapshot has no record of the votes before it: the count now stands in, never the tally.
  const answered = redactions.answered.get(entry.seq) ?? (proposal?.hideResults ? proposal.answered : undefined);
  if (answered !== undefined)
    return { seq: entry.seq, at: entry.at, actor: BALLOT_BOX, command: { type: 'proposals.answered', payload: { proposalId, answered } } };
  if (proposal?.ballot === 'named') return null;
  const tally = redactions.tallies.get(entry.seq) ?? null;
  return { seq: entry.seq, at: entry.at, actor: BALLOT_BOX, command: { type: 'proposals.tally', payload: { proposalId, tally } } };
}

/**
 * The close, or the decision, that ended a vote whose results were hidden (B10): it carries the
 * tally the node counted, which no browser held until then. From nobody, as the server's forms
 * are. Null for any other entry. (A decision on a vote closed before carries the same tally
 * again, which changes nothing.)
 */
function revealingClose(entry: Entry, now: EventState): Entry | null {
  const { command } = entry;
  if (command.type !== 'proposals.close' && command.type !== 'proposals.decide') return null;
  const proposal = now.proposals.items.find((p) => p.id === command.payload.proposalId);
  if (!proposal?.hideResults || proposal.status !== 'closed') return null;
  return { seq: entry.seq, at: entry.at, actor: BALLOT_BOX, command: { type: 'proposals.revealed', payload: { tally: proposal.tally, of: command } } };
}

/**
 * The entry as `audience` receives it, against the event `now` (the state after the entry or
 * later): a hidden contribution's text (K6) and a deleted message's text (C3) replaced, a
 * forgotten actor masked (S9), a registration reduced to what the figures need (J2), a secret
 * ballot's vote a tally unless it is the audience's own (B7), or only a count while its results
 * are hidden, whose close carries the tally (B10). Only the votes depend on the audience: a node
 * computes it once per entry for `EVERYONE`, and once more for the voter.
 */
export function projectEntry(entry: Entry, now: EventState, redactions: Redactions, audience: Audience = EVERYONE): Entry {
  // A refused command changed nothing but the seq: its text (a muted person's message) is nobody's (B8).
  if (redactions.refused.has(entry.seq)) return { seq: entry.seq, at: entry.at, actor: BALLOT_BOX, command: { type: 'entry.refused', payload: {} } };
  const tallied = secretVote(entry, now, redactions, audience) ?? revealingClose(entry, now);
  if (tallied) return tallied;
  // A held question reaches moderators and its asker only; its approval carries it to the rest (B11).
  const masked = (person: PersonRef) => {
    const known = redactions.forgotten.has(person.id) ? asFormerParticipant(person) : person;
    return audience.role === 'stage' ? asShownInPublic(known, publicView(now, 'stage', redactions.forgotten)) : known;
  };
  const question = projectQuestionEntry(entry, now, redactions.questions, audience, masked);
  if (question) return question;
  const known = askerOf(entry, audience) ?? (redactions.forgotten.has(entry.actor.id) ? asFormerParticipant(entry.actor) : entry.actor);
  const actor = audience.role === 'stage' && known.role === 'participant' ? asShownInPublic(known, publicView(now, 'stage', redactions.forgotten)) : known;
  const projected = withAnonymousQuestions(projectCommand(entry, now, redactions), redactions.questions);
  const command = audience.role === 'stage' ? withoutCallLink(projected) : projected;
  if (actor === entry.actor && command === entry.command) return entry;
  return { ...entry, actor, command };
}

/** A secret ballot open now holds only the audience's own answer (B7). */
function ownBallots(p: Proposal, audience: Audience): Proposal {
  if (p.status !== 'open' || p.ballot !== 'secret') return p;
  const own = Object.hasOwn(p.ballots, audience.personId) ? { [audience.personId]: p.ballots[audience.personId]! } : {};
  return { ...p, ballots: own };
}

/** Does `personId` see a state of their own (B7, B11), not the one every other participant shares? */
export function hasOwnView(state: EventState, personId: string): boolean {
  return hasSecretBallot(state, personId) || hasOwnQuestion(state, personId);
}

/** Does `audience` hold an answer in a secret ballot open now (so its state differs from `EVERYONE`'s)? */
export function hasSecretBallot(state: EventState, personId: string): boolean {
  return state.proposals.items.some((p) => p.status === 'open' && p.ballot === 'secret' && Object.hasOwn(p.ballots, personId));
}

/**
 * The state as `audience` receives it. The reducer already dropped hidden and deleted text;
 * what a forgotten person did after their erasure (a command already in flight) is masked
 * here as their entries are; a secret ballot holds the audience's own answer only (B7).
 */
export function projectState(state: EventState, audience: Audience, redactions: Redactions): EventState {
  const forgotten = withPeopleForgotten(state, redactions.forgotten);
  // The groups are counted by community, which no browser receives (B4).
  // Held questions and anonymous askers are moderators' and the asker's (B11).
  const masked = projectQuestions({ ...forgotten, privacy: { k: forgotten.privacy.k, groups: {} } }, audience);
  const shown = audience.role === 'stage' ? { ...onStage(masked, publicView(forgotten, 'stage', redactions.forgotten)), callUrl: '' } : masked;
  if (!shown.proposals.items.some((p) => p.status === 'open' && p.ballot === 'secret')) return shown;
  return { ...shown, proposals: { ...shown.proposals, items: shown.proposals.items.map((p) => ownBallots(p, audience)) } };
}

/** The state as the projected stage and the livestream may show it (S17, O2). */
function onStage(state: EventState, view: PublicView): EventState {
  return withPeopleShown(state, (ref) => asShownInPublic(ref, view));
}

/** A chat history message as `audience` receives it, against the event `now` (C3, S9, S17, S50). */
export function projectChatMessage(message: ChatMessage, now: EventState, redactions: Redactions, audience: Audience = EVERYONE): ChatMessage {
  const deleted = message.deleted || redactions.deletedMessages.has(message.id) || redactions.purgedPost(message.author.id, message.id);
  const forgotten = redactions.forgotten.has(message.author.id) ? asFormerParticipant(message.author) : message.author;
  const author = audience.role === 'stage' ? asShownInPublic(forgotten, publicView(now, 'stage', redactions.forgotten)) : forgotten;
  if (deleted === message.deleted && author === message.author) return message;
  return { ...message, ...(deleted && { text: '', deleted: true }), author };
}
