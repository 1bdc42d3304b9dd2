/**
 * A small event to drive the reducer with: a setup, the people in it, and an `EventDriver`
 * that stamps entries with a contiguous `seq` and a fake server clock `at`.
 */
import { expect } from 'vitest';
import type { z } from 'zod';
import { DEFAULTS, type ErrorCode, type Region } from '../../shared/constants.ts';
import { type Actor, CommandSchema, type CommandType, type Entry, type EventSetup } from '../../shared/protocol.ts';
import { type Applied, applyEntry } from '../../shared/reducer/index.ts';
import { type EventState, emptyState } from '../../shared/state.ts';

export const MINUTE = 60_000;
/** The fake server clock starts here: 2024-06-01T12:00:00Z. */
export const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);

function person(id: string, role: Actor['role'], region: Region): Actor {
  return { id, role, name: id[0]!.toUpperCase() + id.slice(1), community: `${region} community`, region, country: `${region} country` };
}

/** Everyone who sends commands in the tests. Roster members: mod, ana, bo, nia, cam, screen. */
export const PEOPLE = {
  mod: person('mod', 'moderator', 'africa'),
  /** A second moderator, not on the roster (moderators may be several). */
  cohost: person('cohost', 'moderator', 'europe'),
  ana: person('ana', 'speaker', 'europe'),
  bo: person('bo', 'speaker', 'asia'),
  /** On the roster but on no panel. */
  cam: person('cam', 'speaker', 'other'),
  nia: person('nia', 'noteTaker', 'other'),
  screen: person('screen', 'stage', 'other'),
  amara: person('amara', 'participant', 'africa'),
  aziz: person('aziz', 'participant', 'africa'),
  ravi: person('ravi', 'participant', 'asia'),
  eva: person('eva', 'participant', 'europe'),
  emil: person('emil', 'participant', 'europe'),
  omar: person('omar', 'participant', 'other'),
  system: person('gavel', 'system', 'other'),
} as const;
export type PersonKey = keyof typeof PEOPLE;

function rosterEntry(a: Actor) {
  if (a.role === 'system') throw new Error('the system is on no roster');
  return { id: a.id, name: a.name, community: a.community, region: a.region, country: a.country, role: a.role, title: '', organisation: '', bio: '' };
}

/**
 * Welcome remarks (10 min), a panel (30 min, ana and bo with 6 min each, 3 min turns),
 * a plenary (20 min, 2 min turns) and closing remarks (5 min).
 */
export const SETUP: EventSetup = {
  title: 'Test exchange',
  description: 'A small event for the reducer tests',
  callUrl: 'https://call.example.org/room',
  scheduledStartAt: T0,
  privacy: { k: DEFAULTS.anonymityK },
  roster: [PEOPLE.mod, PEOPLE.ana, PEOPLE.bo, PEOPLE.cam, PEOPLE.nia, PEOPLE.screen].map(rosterEntry),
  segments: [
    { id: 's1', title: 'Welcome', format: 'remarks', kind: 'remarks', plannedMs: 10 * MINUTE, speakingLimitMs: 10 * MINUTE, panel: [] },
    {
      id: 's2',
      title: 'Panel',
      format: 'panel',
      kind: 'panel',
      plannedMs: 30 * MINUTE,
      speakingLimitMs: 3 * MINUTE,
      panel: [
        { personId: 'ana', allocationMs: 6 * MINUTE },
        { personId: 'bo', allocationMs: 6 * MINUTE },
      ],
    },
    { id: 's3', title: 'Plenary', format: 'open floor', kind: 'plenary', plannedMs: 20 * MINUTE, speakingLimitMs: 2 * MINUTE, panel: [] },
    { id: 's4', title: 'Closing', format: 'remarks', kind: 'remarks', plannedMs: 5 * MINUTE, speakingLimitMs: 0, panel: [] },
  ],
};

type CommandInput = z.input<typeof CommandSchema>;
export type PayloadOf<T extends CommandType> = Extract<CommandInput, { type: T }>['payload'];

/** Deep-compare two states ignoring `seq`. */
export function withoutSeq(state: EventState): Omit<EventState, 'seq'> {
  const { seq: _seq, ...rest } = state;
  return rest;
}

export class EventDriver {
  state: EventState;
  readonly entries: Entry[] = [];
  now: number;

  constructor(start = T0, eventId = 'test-event') {
    this.state = emptyState(eventId);
    this.now = start;
  }

  /** An event created from `setup` (by the system), not started. */
  static created(setup: EventSetup = SETUP, start = T0 - 10 * MINUTE): EventDriver {
    const driver = new EventDriver(start);
    driver.must('system', 'event.create', setup);
    return driver;
  }

  /** An event created and started at T0: the first segment is running. */
  static live(setup: EventSetup = SETUP): EventDriver {
    const driver = EventDriver.created(setup);
    driver.now = T0;
    driver.must('mod', 'event.start', {});
    return driver;
  }

  /** Live, in the panel (ana and bo, 6 min each, 3 min ordinary turns). */
  static inPanel(setup: EventSetup = SETUP): EventDriver {
    const driver = EventDriver.live(setup);
    driver.must('mod', 'agenda.next', {});
    return driver;
  }

  /** Advance the fake server clock. */
  tick(ms: number): this {
    this.now += ms;
    return this;
  }

  /** Append one entry (the payload goes through the wire schema, defaults and all) and apply it. */
  send<T extends CommandType>(who: PersonKey | Actor, type: T, payload: PayloadOf<T>): Applied {
    const actor = typeof who === 'string' ? PEOPLE[who] : who;
    const command = CommandSchema.parse({ type, payload });
    const entry: Entry = { seq: this.state.seq + 1, at: this.now, actor, command };
    const applied = applyEntry(this.state, entry);
    this.entries.push(entry);
    this.state = applied.state;
    return applied;
  }

  /** Send a command that must be accepted; returns the new state. */
  must<T extends CommandType>(who: PersonKey | Actor, type: T, payload: PayloadOf<T>): EventState {
    const { error } = this.send(who, type, payload);
    if (error) throw new Error(`${type} by ${typeof who === 'string' ? who : who.id} refused: ${error.code}: ${error.message}`);
    return this.state;
  }

  /** Send a command that must be refused with `code`, changing nothing but `seq`. */
  refuse<T extends CommandType>(who: PersonKey | Actor, type: T, payload: PayloadOf<T>, code: ErrorCode): void {
    const before = this.state;
    const { state, error } = this.send(who, type, payload);
    expect(error?.code, `${type} should be refused with ${code}`).toBe(code);
    expect(state.seq).toBe(before.seq + 1);
    expect(withoutSeq(state)).toEqual(withoutSeq(before));
  }

  /** Queue as "personId:kind" strings, in position order. */
  queue(): string[] {
    return this.state.queue.hands.map((h) => (h.kind === 'hand' ? h.person.id : `${h.person.id}:poo`) + (h.restored ? ':restored' : ''));
  }

  /** Who holds the floor, or null. */
  speaker(): string | null {
    return this.state.floor.current?.person.id ?? null;
  }

  segment(id: string) {
    const s = this.state.agenda.segments.find((x) => x.id === id);
    if (!s) throw new Error(`no segment ${id}`);
    return s;
  }

  currentSegmentId(): string | undefined {
    return this.state.agenda.segments[this.state.agenda.current]?.id;
  }
}

/**
 * A well-formed payload per command, for tests that go through the whole command set
 * (permissions). Partial so that a command added elsewhere does not break the build here;
 * the permission tests require a sample for every command of the event core.
 */
export const SAMPLE_PAYLOADS: { [T in CommandType]?: PayloadOf<T> } = {
  'event.create': SETUP,
  'event.start': {},
  'event.end': {},
  'event.setCallLink': { url: 'https://meet.example.org/another-room' },
  'announcement.set': { text: 'We resume at 14:30' },
  'announcement.clear': {},
  'event.schedule': { startAt: Date.UTC(2030, 0, 1, 9) },
  'agenda.next': {},
  'agenda.previous': {},
  'agenda.goto': { segmentId: 's3' },
  'agenda.pause': {},
  'agenda.resume': {},
  'agenda.adjust': { deltaMs: MINUTE },
  'agenda.addSegment': { segment: { title: 'Extra', kind: 'plenary', durationMs: 5 * MINUTE } },
  'agenda.removeSegment': { segmentId: 's4' },
  'agenda.moveSegment': { segmentId: 's4', index: 2 },
  'agenda.updateSegment': { segmentId: 's4', title: 'Farewell' },
  'queue.raise': { topic: 'a topic' },
  'queue.pointOfOrder': { note: 'a point of order' },
  'queue.lower': {},
  'queue.remove': { personId: 'amara' },
  'queue.move': { personId: 'amara', position: 1 },
  'queue.lowerAll': {},
  'queue.setOpen': { open: false },
  'queue.setOrder': { order: 'balanced' },
  'floor.giveNext': {},
  'floor.give': { personId: 'cam' },
  'floor.end': {},
  'floor.pause': {},
  'floor.resume': {},
  'floor.restoreLast': {},
  'floor.extend': { deltaMs: 30_000 },
  'floor.setLimit': { limitMs: MINUTE },
  'panel.setAllocation': { segmentId: 's2', personId: 'ana', allocationMs: 5 * MINUTE },
  'panel.setOrder': { segmentId: 's2', personIds: ['bo', 'ana'] },
  'chat.send': { text: 'hello' },
  'chat.delete': { messageId: 1 },
  'chat.pin': { messageId: 1 },
  'chat.unpin': {},
  'chat.mute': { personId: 'ravi', muted: true },
  'contributions.post': { kind: 'practice', title: 'Community health workers', text: 'What worked for us' },
  'contributions.edit': { contributionId: 1, title: 'Edited' },
  'contributions.endorse': { contributionId: 1 },
  'contributions.feature': { contributionId: 1, featured: true },
  'contributions.hide': { contributionId: 1, reason: 'off topic' },
  'contributions.merge': { contributionId: 1, intoId: 2 },
  'notes.grant': { personId: 'eva', granted: true },
  'notes.capture': { kind: 'point', text: 'a key point' },
  'notes.edit': { captureId: 1, text: 'better wording' },
  'notes.remove': { captureId: 1 },
  'questions.ask': { text: 'What about funding?' },
  'questions.upvote': { questionId: 1 },
  'questions.show': { questionId: 1 },
  'questions.answer': { questionId: 1 },
  'questions.dismiss': { questionId: 1 },
  'proposals.add': { text: 'Set up a diaspora health fund' },
  'proposals.edit': { proposalId: 1, text: 'Set up a fund' },
  'proposals.show': { proposalId: 1 },
  'proposals.vote': { proposalId: 1, answer: 'agree' },
  'proposals.close': { proposalId: 1 },
  'proposals.decide': { proposalId: 1, result: 'adopted' },
  'proposals.answered': { proposalId: 1, answered: 3 },
  'proposals.revealed': { tally: { agree: 3, disagree: 0, abstain: 0 }, of: { type: 'proposals.close', payload: { proposalId: 1 } } },
  'outcome.setPublic': { public: true },
  'people.join': { personId: 'p_1', region: 'africa', country: 'Ghana' },
  'people.joined': { people: [{ personId: 'p_2', region: 'europe', country: 'France' }] },
  'people.counted': { byRegion: { europe: 1 }, byCountry: { France: 1 } },
  'people.remove': { personId: 'ravi' },
  'people.forget': { personId: 'ravi' },
};
