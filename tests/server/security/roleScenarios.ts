/**
 * For every command, how to bring a fresh event to a state where it succeeds, and its
 * payload. The role table test sends each command as every role from that state: where the
 * permission table allows it, it must work; elsewhere it must be `forbidden` and change
 * nothing. Typed over every command type, so a new command does not compile until it has
 * a scenario here.
 */
import type { CommandType } from '../../../shared/protocol.ts';
import type { EventState } from '../../../shared/state.ts';
import type { TestClient } from '../../support/client.ts';

export interface ScenarioContext {
  /** The event's moderator, who prepares the state. */
  mod: TestClient;
  /** The sender under test, when it belongs to this event (not for other events' tokens or no token). */
  actor: TestClient | null;
  actorId: string | null;
  /** May the sender send this command (its role's permissions)? Setup steps of the sender are skipped when not. */
  actorMay(type: CommandType): boolean;
  /** A registered participant, connected: someone else to raise a hand, chat, post. */
  helper(): Promise<{ client: TestClient; personId: string }>;
  /** The node's state of the event now. */
  state(): EventState;
  /** Ids the setup made, for the payload. */
  ids: Record<string, number | string>;
}

export interface Scenario {
  setup?(ctx: ScenarioContext): Promise<void>;
  payload(ctx: ScenarioContext): unknown;
}

const id = (ctx: ScenarioContext, name: string) => {
  const value = ctx.ids[name];
  if (value === undefined) throw new Error(`the setup made no ${name}`);
  return value;
};

async function start(ctx: ScenarioContext): Promise<void> {
  await ctx.mod.must('event.start');
}

/** Live, in the panel segment (questions are taken there). */
async function inPanel(ctx: ScenarioContext): Promise<void> {
  await start(ctx);
  await ctx.mod.must('agenda.next');
}

async function helperRaises(ctx: ScenarioContext): Promise<void> {
  const helper = await ctx.helper();
  await helper.client.must('queue.raise', { topic: 'a question' });
  ctx.ids.helper = helper.personId;
}

async function helperHasFloor(ctx: ScenarioContext): Promise<void> {
  await start(ctx);
  await helperRaises(ctx);
  await ctx.mod.must('floor.give', { personId: id(ctx, 'helper') });
}

async function helperPosts(ctx: ScenarioContext, name = 'contribution'): Promise<void> {
  const { client } = await ctx.helper();
  ctx.ids[name] = await client.must('contributions.post', { kind: 'practice', title: `Helper ${name}`, text: 'Food parcels for 300 families' });
}

async function helperAsks(ctx: ScenarioContext): Promise<void> {
  await inPanel(ctx);
  const { client } = await ctx.helper();
  ctx.ids.question = await client.must('questions.ask', { text: 'How did you reach the families?' });
}

/** Questions moderated, and a helper's question waiting for approval (QA7). */
async function helperAsksHeld(ctx: ScenarioContext): Promise<void> {
  await inPanel(ctx);
  await ctx.mod.must('questions.moderate', { moderated: true });
  const { client } = await ctx.helper();
  ctx.ids.question = await client.must('questions.ask', { text: 'May I ask anonymously?', anonymous: true });
}

async function proposal(ctx: ScenarioContext): Promise<void> {
  ctx.ids.proposal = await ctx.mod.must('proposals.add', { text: 'Create a diaspora health network' });
}

async function openProposal(ctx: ScenarioContext): Promise<void> {
  await start(ctx);
  await proposal(ctx);
  await ctx.mod.must('proposals.show', { proposalId: id(ctx, 'proposal') });
}

/** Note-taking needs the role or a moderator's grant (N1): grant it to a participant-like sender. */
async function mayTakeNotes(ctx: ScenarioContext): Promise<void> {
  await start(ctx);
  const role = ctx.actor?.self?.role;
  if (ctx.actorMay('notes.capture') && role !== 'moderator' && role !== 'noteTaker') {
    await ctx.mod.must('notes.grant', { personId: ctx.actorId, granted: true });
  }
}

async function capture(ctx: ScenarioContext): Promise<void> {
  await mayTakeNotes(ctx);
  const author = ctx.actorMay('notes.capture') && ctx.actor ? ctx.actor : ctx.mod;
  ctx.ids.capture = await author.must('notes.capture', { kind: 'point', text: 'Reach families through mosques and churches' });
}

const segmentId = (ctx: ScenarioContext, index: number) => ctx.state().agenda.segments[index]!.id;

export const SCENARIOS: Record<CommandType, Scenario> = {
  'event.create': { payload: () => ({ title: 'Forged', scheduledStartAt: null, roster: [], segments: [] }) },
  'event.start': { payload: () => ({}) },
  'event.end': { setup: start, payload: () => ({}) },
  'event.setCallLink': { payload: () => ({ url: 'https://meet.example.org/another-room' }) },
  'announcement.set': { payload: () => ({ text: 'We resume at 14:30' }) },
  'announcement.clear': {
    setup: async (ctx) => {
      await ctx.mod.must('announcement.set', { text: 'Coffee break' });
    },
    payload: () => ({}),
  },
  'event.schedule': { payload: () => ({ startAt: Date.UTC(2030, 0, 1, 9) }) },
  'agenda.next': { setup: start, payload: () => ({}) },
  'agenda.previous': { setup: inPanel, payload: () => ({}) },
  'agenda.goto': { setup: start, payload: (ctx) => ({ segmentId: segmentId(ctx, 2) }) },
  'agenda.pause': { setup: start, payload: () => ({}) },
  'agenda.resume': {
    setup: async (ctx) => {
      await start(ctx);
      await ctx.mod.must('agenda.pause');
    },
    payload: () => ({}),
  },
  'agenda.adjust': { setup: start, payload: () => ({ deltaMs: 60_000 }) },
  'agenda.addSegment': { payload: () => ({ segment: { title: 'Extra plenary', kind: 'plenary', durationMs: 300_000 } }) },
  'agenda.removeSegment': { payload: (ctx) => ({ segmentId: segmentId(ctx, 3) }) },
  'agenda.moveSegment': { payload: (ctx) => ({ segmentId: segmentId(ctx, 3), index: 0 }) },
  'agenda.updateSegment': { payload: (ctx) => ({ segmentId: segmentId(ctx, 2), title: 'Renamed' }) },
  'queue.raise': { payload: () => ({ topic: 'remittances' }) },
  'queue.pointOfOrder': { payload: () => ({ note: 'The call link is broken' }) },
  'queue.lower': {
    setup: async (ctx) => {
      if (ctx.actorMay('queue.raise') && ctx.actor) await ctx.actor.must('queue.raise', {});
    },
    payload: () => ({}),
  },
  'queue.remove': { setup: helperRaises, payload: (ctx) => ({ personId: id(ctx, 'helper') }) },
  'queue.move': {
    setup: async (ctx) => {
      await ctx.mod.must('queue.raise', {});
      await helperRaises(ctx);
    },
    payload: (ctx) => ({ personId: id(ctx, 'helper'), position: 1 }),
  },
  'queue.lowerAll': { setup: helperRaises, payload: () => ({}) },
  'queue.setOpen': { payload: () => ({ open: false }) },
  'queue.setOrder': { payload: () => ({ order: 'balanced' }) },
  'floor.giveNext': {
    setup: async (ctx) => {
      await start(ctx);
      await helperRaises(ctx);
    },
    payload: () => ({}),
  },
  'floor.give': {
    setup: async (ctx) => {
      await start(ctx);
      await helperRaises(ctx);
    },
    payload: (ctx) => ({ personId: id(ctx, 'helper') }),
  },
  // A participant ends only their own turn (R4): the sender takes the floor first when it can.
  'floor.end': {
    setup: async (ctx) => {
      await start(ctx);
      if (ctx.actorMay('queue.raise') && ctx.actor && ctx.actorId) {
        await ctx.actor.must('queue.raise', {});
        await ctx.mod.must('floor.give', { personId: ctx.actorId });
      } else {
        await helperRaises(ctx);
        await ctx.mod.must('floor.give', { personId: id(ctx, 'helper') });
      }
    },
    payload: () => ({}),
  },
  'floor.pause': { setup: helperHasFloor, payload: () => ({}) },
  'floor.resume': {
    setup: async (ctx) => {
      await helperHasFloor(ctx);
      await ctx.mod.must('floor.pause');
    },
    payload: () => ({}),
  },
  'floor.restoreLast': {
    setup: async (ctx) => {
      await helperHasFloor(ctx);
      await ctx.mod.must('floor.end');
    },
    payload: () => ({}),
  },
  'floor.extend': { setup: helperHasFloor, payload: () => ({ deltaMs: 30_000 }) },
  'floor.setLimit': { payload: (ctx) => ({ limitMs: 90_000, segmentId: segmentId(ctx, 2) }) },
  'panel.setAllocation': { payload: (ctx) => ({ segmentId: segmentId(ctx, 1), personId: 'peter-kwok', allocationMs: 300_000 }) },
  'panel.setOrder': {
    payload: (ctx) => ({
      segmentId: segmentId(ctx, 1),
      personIds: ctx
        .state()
        .agenda.segments[1]!.panel.map((p) => p.personId)
        .reverse(),
    }),
  },
  'chat.send': { payload: () => ({ text: 'Hello from Dakar' }) },
  'chat.delete': {
    setup: async (ctx) => {
      const { client } = await ctx.helper();
      ctx.ids.message = await client.must('chat.send', { text: 'buy cheap watches' });
    },
    payload: (ctx) => ({ messageId: id(ctx, 'message') }),
  },
  'chat.pin': {
    setup: async (ctx) => {
      const { client } = await ctx.helper();
      ctx.ids.message = await client.must('chat.send', { text: 'The slides are on the board' });
    },
    payload: (ctx) => ({ messageId: id(ctx, 'message') }),
  },
  'chat.unpin': {
    setup: async (ctx) => {
      const { client } = await ctx.helper();
      await ctx.mod.must('chat.pin', { messageId: await client.must('chat.send', { text: 'Pinned for now' }) });
    },
    payload: () => ({}),
  },
  'chat.mute': {
    setup: async (ctx) => {
      ctx.ids.helper = (await ctx.helper()).personId;
    },
    payload: (ctx) => ({ personId: id(ctx, 'helper'), muted: true }),
  },
  'contributions.post': { payload: () => ({ kind: 'need', title: 'Masks for Lagos', text: 'We need 5,000 masks' }) },
  // Only its author (or a moderator) edits a contribution (K5): the sender posts it when it can.
  'contributions.edit': {
    setup: async (ctx) => {
      if (ctx.actorMay('contributions.post') && ctx.actor) {
        ctx.ids.contribution = await ctx.actor.must('contributions.post', { kind: 'practice', title: 'Mine', text: 'Our own story' });
      } else {
        await helperPosts(ctx);
      }
    },
    payload: (ctx) => ({ contributionId: id(ctx, 'contribution'), title: 'Edited title' }),
  },
  'contributions.endorse': { setup: (ctx) => helperPosts(ctx), payload: (ctx) => ({ contributionId: id(ctx, 'contribution') }) },
  'contributions.feature': { setup: (ctx) => helperPosts(ctx), payload: (ctx) => ({ contributionId: id(ctx, 'contribution'), featured: true }) },
  'contributions.hide': { setup: (ctx) => helperPosts(ctx), payload: (ctx) => ({ contributionId: id(ctx, 'contribution'), reason: 'advertising' }) },
  'contributions.merge': {
    setup: async (ctx) => {
      await helperPosts(ctx, 'duplicate');
      await helperPosts(ctx, 'original');
    },
    payload: (ctx) => ({ contributionId: id(ctx, 'duplicate'), intoId: id(ctx, 'original') }),
  },
  'notes.grant': {
    setup: async (ctx) => {
      ctx.ids.helper = (await ctx.helper()).personId;
    },
    payload: (ctx) => ({ personId: id(ctx, 'helper'), granted: true }),
  },
  'notes.capture': { setup: mayTakeNotes, payload: () => ({ kind: 'practice', text: 'Pool remittances for clinics' }) },
  'notes.edit': { setup: capture, payload: (ctx) => ({ captureId: id(ctx, 'capture'), text: 'Edited note' }) },
  'notes.remove': { setup: capture, payload: (ctx) => ({ captureId: id(ctx, 'capture') }) },
  'questions.ask': { setup: inPanel, payload: () => ({ text: 'What worked best?' }) },
  'questions.upvote': { setup: helperAsks, payload: (ctx) => ({ questionId: id(ctx, 'question') }) },
  'questions.show': { setup: helperAsks, payload: (ctx) => ({ questionId: id(ctx, 'question') }) },
  'questions.answer': { setup: helperAsks, payload: (ctx) => ({ questionId: id(ctx, 'question') }) },
  'questions.dismiss': { setup: helperAsks, payload: (ctx) => ({ questionId: id(ctx, 'question') }) },
  'questions.moderate': { payload: () => ({ moderated: true }) },
  'questions.approve': { setup: helperAsksHeld, payload: (ctx) => ({ questionId: id(ctx, 'question') }) },
  'proposals.add': { payload: () => ({ text: 'A shared fund' }) },
  'proposals.edit': { setup: proposal, payload: (ctx) => ({ proposalId: id(ctx, 'proposal'), text: 'A shared fund, reviewed yearly' }) },
  'proposals.show': {
    setup: async (ctx) => {
      await start(ctx);
      await proposal(ctx);
    },
    payload: (ctx) => ({ proposalId: id(ctx, 'proposal') }),
  },
  'proposals.vote': { setup: openProposal, payload: (ctx) => ({ proposalId: id(ctx, 'proposal'), answer: 'agree' }) },
  'proposals.close': { setup: openProposal, payload: (ctx) => ({ proposalId: id(ctx, 'proposal') }) },
  'proposals.decide': { setup: proposal, payload: (ctx) => ({ proposalId: id(ctx, 'proposal'), result: 'adopted' }) },
  'outcome.setPublic': { payload: () => ({ public: true }) },
  'people.join': { payload: () => ({ personId: 'p_forged', region: 'africa', country: 'Mali' }) },
  'people.joined': { payload: () => ({ people: [{ personId: 'p_forged', region: 'africa', country: 'Mali' }] }) },
  'people.counted': { payload: () => ({ byRegion: { africa: 1 }, byCountry: { Mali: 1 } }) },
  'entry.refused': { payload: () => ({}) },
  'questions.published': {
    payload: () => ({
      question: {
        id: 1,
        text: 'Forged question',
        author: { id: 'x', name: 'X', community: '', region: 'other', country: '' },
        askedAt: 0,
        segmentId: 's1',
        anonymous: false,
      },
    }),
  },
  'proposals.tally': { payload: () => ({ proposalId: 1, tally: { agree: 100, disagree: 0, abstain: 0 } }) },
  'proposals.answered': { payload: () => ({ proposalId: 1, answered: 100 }) },
  'proposals.revealed': { payload: () => ({ tally: { agree: 100, disagree: 0, abstain: 0 }, of: { type: 'proposals.close', payload: { proposalId: 1 } } }) },
  'people.remove': { setup: helperRaises, payload: (ctx) => ({ personId: id(ctx, 'helper'), reason: 'spam' }) },
  'people.forget': {
    setup: async (ctx) => {
      ctx.ids.helper = (await ctx.helper()).personId;
    },
    payload: (ctx) => ({ personId: id(ctx, 'helper') }),
  },
};
