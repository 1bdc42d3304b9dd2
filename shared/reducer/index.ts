/**
 * The event reducer: `applyEntry(state, entry)` is pure and deterministic. Time comes from
 * `entry.at`, ids from `entry.seq`; no clock, no randomness, no I/O. Every node and every
 * client runs it over the same entries and reaches the same state.
 */

import { canSend, SERVER_ONLY } from '../permissions.ts';
import type { Command, Entry, GavelError } from '../protocol.ts';
import type { EventState } from '../state.ts';
import * as agenda from './agenda.ts';
import { clearAnnouncement, setAnnouncement } from './announcement.ts';
import { deleteChat, muteInChat, pinChat, sendChat, unpinChat } from './chat.ts';
import { type EntryOf, isRejection, type Outcome, reject } from './common.ts';
import * as contributions from './contributions.ts';
import { createEvent, endEvent, scheduleEvent, setCallLink, startEvent } from './event.ts';
import * as floor from './floor.ts';
import * as notes from './notes.ts';
import * as people from './people.ts';
import * as proposals from './proposals.ts';
import * as questions from './questions.ts';
import * as queue from './queue.ts';
import * as registrations from './registrations.ts';

type Handlers = { [T in Command['type']]: (state: EventState, entry: EntryOf<T>) => Outcome };

const HANDLERS: Handlers = {
  'event.create': createEvent,
  'event.start': startEvent,
  'event.end': endEvent,
  'event.setCallLink': setCallLink,
  'announcement.set': setAnnouncement,
  'announcement.clear': clearAnnouncement,
  'event.schedule': scheduleEvent,
  'agenda.next': agenda.nextSegment,
  'agenda.previous': agenda.previousSegment,
  'agenda.goto': agenda.gotoSegment,
  'agenda.pause': agenda.pauseSegment,
  'agenda.resume': agenda.resumeSegment,
  'agenda.adjust': agenda.adjustSegment,
  'agenda.addSegment': agenda.addSegment,
  'agenda.removeSegment': agenda.removeSegment,
  'agenda.moveSegment': agenda.moveSegment,
  'agenda.updateSegment': agenda.updateSegment,
  'queue.raise': queue.raiseHand,
  'queue.pointOfOrder': queue.raisePointOfOrder,
  'queue.lower': queue.lowerHand,
  'queue.remove': queue.removeHand,
  'queue.move': queue.moveHand,
  'queue.lowerAll': queue.lowerAllHands,
  'queue.setOpen': queue.setQueueOpen,
  'queue.setOrder': queue.setQueueOrder,
  'floor.giveNext': floor.giveFloorToNext,
  'floor.give': floor.giveFloor,
  'floor.end': floor.endFloor,
  'floor.pause': floor.pauseFloor,
  'floor.resume': floor.resumeFloor,
  'floor.restoreLast': floor.restoreLastSpeaker,
  'floor.extend': floor.extendFloor,
  'floor.setLimit': floor.setSpeakingLimit,
  'panel.setAllocation': floor.setPanelAllocation,
  'panel.setOrder': floor.setPanelOrder,
  'chat.send': sendChat,
  'chat.delete': deleteChat,
  'chat.pin': pinChat,
  'chat.unpin': unpinChat,
  'chat.mute': muteInChat,
  'contributions.post': contributions.postContribution,
  'contributions.edit': contributions.editContribution,
  'contributions.endorse': contributions.endorseContribution,
  'contributions.feature': contributions.featureContribution,
  'contributions.hide': contributions.hideContribution,
  'contributions.merge': contributions.mergeContribution,
  'notes.grant': notes.grantNotes,
  'notes.capture': notes.captureNote,
  'notes.edit': notes.editNote,
  'notes.remove': notes.removeNote,
  'questions.ask': questions.askQuestion,
  'questions.upvote': questions.upvoteQuestion,
  'questions.show': questions.showQuestion,
  'questions.answer': questions.answerQuestion,
  'questions.dismiss': questions.dismissQuestion,
  'questions.moderate': questions.moderateQuestions,
  'questions.approve': questions.approveQuestion,
  'questions.published': questions.publishQuestion,
  'proposals.add': proposals.addProposal,
  'proposals.edit': proposals.editProposal,
  'proposals.show': proposals.showProposal,
  'proposals.vote': proposals.voteOnProposal,
  'proposals.close': proposals.closeProposal,
  'proposals.decide': proposals.decideProposal,
  'proposals.tally': proposals.tallyProposal,
  'proposals.answered': proposals.answeredProposal,
  'proposals.revealed': proposals.revealedProposal,
  // A stand-in for an entry the node refused: refused again, whoever replays it (B8).
  'entry.refused': () => reject('conflict', 'this entry was refused'),
  'outcome.setPublic': registrations.setOutcomePublic,
  'people.join': registrations.joinPeople,
  'people.joined': registrations.joinedPeople,
  'people.counted': registrations.countedPeople,
  'people.remove': people.removePerson,
  'people.forget': people.forgetPerson,
};

export interface Applied {
  state: EventState;
  /** Set when the reducer refused the entry; the state then differs only by `seq`. */
  error: GavelError | null;
}

function authorize(entry: Entry): GavelError | null {
  const { role } = entry.actor;
  if (SERVER_ONLY.has(entry.command.type)) return role === 'system' ? null : { code: 'forbidden', message: `only the server appends ${entry.command.type}` };
  if (role === 'system' || !canSend(role, entry.command.type)) {
    return { code: 'forbidden', message: `a ${role} may not send ${entry.command.type}` };
  }
  return null;
}

/** Apply one ledger entry. Entries must come in `seq` order; a refused entry still advances `seq`. */
export function applyEntry(state: EventState, entry: Entry): Applied {
  if (entry.seq !== state.seq + 1) throw new Error(`entry ${entry.seq} applied after ${state.seq}: the ledger has a gap`);
  const refused =
    authorize(entry) ?? (state.title === '' && entry.command.type !== 'event.create' ? reject('not_found', 'the event does not exist yet').rejected : null);
  if (refused) return { state: { ...state, seq: entry.seq }, error: refused };
  const handler = HANDLERS[entry.command.type] as (s: EventState, e: Entry) => Outcome;
  const outcome = handler(state, entry);
  if (isRejection(outcome)) return { state: { ...state, seq: entry.seq }, error: outcome.rejected };
  return { state: { ...outcome, seq: entry.seq }, error: null };
}

/** Apply entries in order, ignoring refusals: how a node or a client replays a ledger. */
export function replay(state: EventState, entries: Iterable<Entry>): EventState {
  let s = state;
  for (const entry of entries) s = applyEntry(s, entry).state;
  return s;
}

export { queuePosition } from './queue.ts';
