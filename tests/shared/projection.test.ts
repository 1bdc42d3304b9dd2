/**
 * The projection (B1–B6) over random events: hides, deletes, edits, merges, registrations
 * and erasures in any order. A replica that starts from a projected snapshot and applies
 * projected entries (sent live, or read back by a catch-up) reaches the projection of the
 * node's state, and nothing a browser receives holds a hidden or deleted text, an erased
 * identity or a registrant's id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, REGION_LIST } from '../../shared/constants.ts';
import { type Audience, projectChatMessage, projectEntry, projectState, REGISTRANT, Redactions } from '../../shared/projection.ts';
import { type Actor, CommandSchema, type Entry } from '../../shared/protocol.ts';
import { groupKey } from '../../shared/public.ts';
import { applyEntry, replay } from '../../shared/reducer/index.ts';
import { FORMER_PARTICIPANT } from '../../shared/reducer/people.ts';
import { ANONYMOUS, ANONYMOUS_ID } from '../../shared/reducer/questions.ts';
import { type EventState, emptyState } from '../../shared/state.ts';
import { PEOPLE, SETUP, T0 } from '../support/eventDriver.ts';

/** Participants with names, communities and countries found nowhere else, so a scan can look for them. */
const CROWD: Actor[] = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id, i) => ({
  id,
  role: 'participant',
  name: `Name-${id}`,
  community: `Community-${id}`,
  region: REGION_LIST[i % REGION_LIST.length]!,
  country: `Country-${id}`,
  consent: i % 2 === 0,
  stageConsent: i % 3 === 0,
}));
const { mod, system } = PEOPLE;
const AUDIENCE: Audience = { role: 'participant', personId: 'p1' };
const PARTICIPANT = AUDIENCE;
const MODERATOR: Audience = { role: 'moderator', personId: 'mod' };
const STAGE: Audience = { role: 'stage', personId: 'stage' };

interface Step {
  what: number;
  who: number;
  n: number;
  flag: boolean;
}

type Raw = { type: string; payload: unknown };

/** A command for a step: text carries a unique marker so that a scan can tell it apart. */
function commandFor(step: Step, state: EventState, seq: number): { actor: Actor; raw: Raw } {
  const someone = CROWD[step.who % CROWD.length]!;
  const items = state.contributions.items;
  const item = items[step.n % Math.max(1, items.length)];
  const messages = state.chat.messages;
  const proposal = state.proposals.items[step.n % Math.max(1, state.proposals.items.length)];
  const question = state.questions.items[step.n % Math.max(1, state.questions.items.length)];
  switch (step.what % 19) {
    case 0:
    case 1:
      return { actor: someone, raw: { type: 'chat.send', payload: { text: `chat-${seq} call +33 6 12 34 56 ${seq % 100}` } } };
    case 2:
      if (step.n % 3 === 0) return { actor: mod, raw: { type: 'chat.mute', payload: { personId: someone.id, muted: step.flag } } };
      // A pinned message must follow its deletion and its author's erasure (CP2).
      if (step.n % 3 === 1)
        return { actor: mod, raw: { type: 'chat.pin', payload: { messageId: messages[step.who % Math.max(1, messages.length)]?.id ?? 1 } } };
      return { actor: mod, raw: { type: 'chat.delete', payload: { messageId: messages[step.n % Math.max(1, messages.length)]?.id ?? 1 } } };
    case 3:
    case 4:
      return {
        actor: someone,
        raw: {
          type: 'contributions.post',
          payload: {
            kind: 'practice',
            title: `title-${seq}`,
            text: `text-${seq}`,
            tags: [`tag${seq}`, 'shared'],
            link: step.flag ? `https://example.org/${seq}` : '',
          },
        },
      };
    case 5: {
      const author = CROWD.find((p) => p.id === item?.author.id);
      // Half the edits also send a field unchanged: the reducer records only what changed (K5).
      const same = step.n % 2 === 0 && item && item.title !== '' ? { title: item.title } : {};
      const fields = step.flag ? { title: `title-${seq}`, tags: [`tag${seq}`] } : { ...same, text: `text-${seq}`, link: `https://example.org/${seq}` };
      return { actor: step.n % 3 === 0 || !author ? mod : author, raw: { type: 'contributions.edit', payload: { contributionId: item?.id ?? 1, ...fields } } };
    }
    case 6:
      return { actor: mod, raw: { type: 'contributions.hide', payload: { contributionId: item?.id ?? 1, reason: 'off topic' } } };
    case 7: {
      const into = items[(step.n + 1) % Math.max(1, items.length)];
      return { actor: mod, raw: { type: 'contributions.merge', payload: { contributionId: item?.id ?? 1, intoId: into?.id ?? 2 } } };
    }
    case 8:
      return { actor: someone, raw: { type: 'contributions.endorse', payload: { contributionId: item?.id ?? 1 } } };
    case 9:
    case 10: {
      // Country spellings that count together, and more countries than the figures keep.
      const country = pick(['ghana', 'Ghana', ' GHANA ', 'united kingdom', 'USA', 'Usa', '__proto__', `Land${step.n % (LIMITS.countries + 5)}`], step.n);
      // Half of them join a crowd member's group, which the stage may name once it holds k (O2).
      const group = step.flag ? { country: `country-${someone.id}`, community: `community-${someone.id} ` } : { country };
      return { actor: system, raw: { type: 'people.join', payload: { personId: `reg-${seq}`, region: pick(REGION_LIST, step.n), ...group } } };
    }
    case 11:
      // A removal with everything they posted (S50), or an erasure; in-flight commands of theirs may follow either.
      if (step.flag) return { actor: mod, raw: { type: 'people.remove', payload: { personId: someone.id, reason: 'spam', purge: true } } };
      return { actor: system, raw: { type: 'people.forget', payload: { personId: someone.id } } };
    case 12:
      return {
        actor: someone,
        raw: { type: step.flag ? 'queue.raise' : 'questions.ask', payload: step.flag ? { topic: `topic-${seq}` } : { text: `question-${seq}` } },
      };
    case 13:
      return { actor: mod, raw: { type: step.flag ? 'floor.giveNext' : 'proposals.add', payload: step.flag ? {} : { text: `proposal-${seq}` } } };
    case 14:
      // Named, secret, or secret with its results hidden until it closes (V8).
      return {
        actor: mod,
        raw: {
          type: 'proposals.show',
          payload: { proposalId: proposal?.id ?? 1, ...(step.flag ? { ballot: 'named' } : step.who % 2 === 0 && { hideResults: true }) },
        },
      };
    case 15:
      // A close, or a decision, which closes an open proposal too (V5): either reveals a hidden vote's results (B10).
      if (step.flag) return { actor: mod, raw: { type: 'proposals.close', payload: { proposalId: proposal?.id ?? 1 } } };
      return { actor: mod, raw: { type: 'proposals.decide', payload: { proposalId: proposal?.id ?? 1, result: pick(['adopted', 'dropped'], step.who) } } };
    case 16:
      // Anonymous half the time (QA8), held while questions are moderated (QA7).
      return { actor: someone, raw: { type: 'questions.ask', payload: { text: `question-${seq}`, ...(step.flag && { anonymous: true }) } } };
    case 17: {
      const questionId = question?.id ?? 1;
      if (step.n % 4 === 0) return { actor: mod, raw: { type: 'questions.moderate', payload: { moderated: step.flag } } };
      if (step.n % 4 === 1) return { actor: mod, raw: { type: 'questions.approve', payload: { questionId } } };
      if (step.n % 4 === 2) return { actor: mod, raw: { type: 'questions.dismiss', payload: { questionId } } };
      return { actor: someone, raw: { type: 'questions.upvote', payload: { questionId } } };
    }
    default:
      return {
        actor: someone,
        raw: { type: 'proposals.vote', payload: { proposalId: proposal?.id ?? 1, answer: pick(['agree', 'disagree', 'abstain'], step.n) } },
      };
  }
}

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length]!;
}

interface Run {
  entries: Entry[];
  /** states[k]: the state after k entries. */
  states: EventState[];
  /** redactions[k]: what the node had recorded after k entries. */
  redactions: Redactions[];
}

function copy(r: Redactions): Redactions {
  const c = new Redactions();
  for (const id of r.forgotten) c.forgotten.add(id);
  for (const id of r.deletedMessages) c.deletedMessages.add(id);
  for (const [seq, fields] of r.editedFields) c.editedFields.set(seq, fields);
  for (const [seq, tally] of r.tallies) c.tallies.set(seq, tally);
  for (const [seq, answered] of r.answered) c.answered.set(seq, answered);
  for (const seq of r.refused) c.refused.add(seq);
  for (const seq of r.publicChanges) c.publicChanges.add(seq);
  for (const [id, seq] of r.purged) c.purged.set(id, seq);
  for (const seq of r.questions.held) c.questions.held.add(seq);
  for (const seq of r.questions.declines) c.questions.declines.add(seq);
  for (const [id, asker] of r.questions.anonymousAskers) c.questions.anonymousAskers.set(id, asker);
  return c;
}

function run(steps: Step[]): Run {
  let state = emptyState('projection');
  const redactions = new Redactions();
  const run: Run = { entries: [], states: [state], redactions: [copy(redactions)] };
  const append = (actor: Actor, raw: Raw) => {
    const parsed = CommandSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`bad ${raw.type}: ${parsed.error.message}`);
    const entry: Entry = { seq: state.seq + 1, at: T0 + state.seq * 1000, actor, command: parsed.data };
    const applied = applyEntry(state, entry);
    redactions.record(entry, applied);
    state = applied.state;
    run.entries.push(entry);
    run.states.push(state);
    run.redactions.push(copy(redactions));
  };
  append(system, { type: 'event.create', payload: { ...SETUP, scheduledStartAt: null } });
  append(mod, { type: 'event.start', payload: {} });
  // The panel, where questions are taken (QA1).
  append(mod, { type: 'agenda.next', payload: {} });
  for (const step of steps) {
    const { actor, raw } = commandFor(step, state, state.seq + 1);
    append(actor, raw);
  }
  return run;
}

/** Everything a browser must never receive from this run, found in the raw ledger and the node's knowledge now. */
function secretsOf({ entries, states, redactions }: Run): string[] {
  const final = states.at(-1)!;
  const now = redactions.at(-1)!;
  const secrets: string[] = [];
  for (const entry of entries) {
    const { command } = entry;
    const purged = now.purgedPost(entry.actor.id, entry.seq) && !now.refused.has(entry.seq);
    if (command.type === 'chat.send' && (now.deletedMessages.has(entry.seq) || now.refused.has(entry.seq) || purged)) secrets.push(command.payload.text);
    if (purged && command.type === 'questions.ask') secrets.push(command.payload.text);
    // A question held and never approved is its asker's and the moderators' (QA7, B11).
    if (command.type === 'questions.ask' && now.questions.held.has(entry.seq) && entry.actor.id !== AUDIENCE.personId) {
      const q = final.questions.items.find((x) => x.id === entry.seq);
      if (!q || q.status === 'pending' || q.status === 'declined') secrets.push(command.payload.text);
    }
    if (command.type === 'people.join') secrets.push(command.payload.personId);
    const hiddenId = command.type === 'contributions.post' ? entry.seq : command.type === 'contributions.edit' ? command.payload.contributionId : null;
    const hidden = final.contributions.items.find((c) => c.id === hiddenId && c.hidden);
    if (hidden && (command.type === 'contributions.post' || command.type === 'contributions.edit')) {
      const { title, text, link, tags } = command.payload;
      secrets.push(...[title, text, link].filter((s): s is string => !!s));
      if (hidden.mergedInto === null) secrets.push(...(tags ?? []).filter((t) => t !== 'shared'));
    }
  }
  for (const person of CROWD) {
    if (now.forgotten.has(person.id)) secrets.push(person.name, person.community, person.country);
  }
  return secrets;
}

function leaks(received: unknown, secrets: readonly string[]): string[] {
  const json = JSON.stringify(received);
  // A secret is a whole JSON string, or a tag/text marker inside one: look for it quoted or as a marker.
  return secrets.filter((s) => json.includes(JSON.stringify(s)) || (/-\d+$|^tag\d+$/.test(s) && new RegExp(`\\b${s}\\b`).test(json)));
}

const stepArb = fc.record({ what: fc.nat({ max: 1_000 }), who: fc.nat({ max: 100 }), n: fc.nat({ max: 1_000 }), flag: fc.boolean() });
const caseArb = fc.record({ steps: fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }), joinAt: fc.nat({ max: 1_000 }) });

describe('the projection: what a browser receives (B1–B6)', () => {
  it('B6 B7 B11: a replica from a projected snapshot fed entries projected live, or read back by a catch-up, equals the projection of the node state, for a participant and a moderator', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ({ steps, joinAt }, moderator) => {
        const AUDIENCE = moderator ? MODERATOR : PARTICIPANT;
        const r = run(steps);
        const n = r.entries.length;
        const k = joinAt % (n + 1);
        const target = projectState(r.states[n]!, AUDIENCE, r.redactions[n]!);
        const snapshot = projectState(r.states[k]!, AUDIENCE, r.redactions[k]!);
        // Live: each entry projected against the state right after it.
        const live = r.entries.slice(k).map((e) => projectEntry(e, r.states[e.seq]!, r.redactions[e.seq]!, AUDIENCE));
        expect(replay(snapshot, live)).toEqual(target);
        // Catch-up: every entry since the snapshot read back and projected against the state now.
        const caughtUp = r.entries.slice(k).map((e) => projectEntry(e, r.states[n]!, r.redactions[n]!, AUDIENCE));
        expect(replay(snapshot, caughtUp)).toEqual(target);
        // A mix: what arrived live up to some point, then a catch-up for the rest.
        const m = k + Math.floor((n - k) / 2);
        const mixed = [...live.slice(0, m - k), ...caughtUp.slice(m - k)];
        expect(replay(snapshot, mixed)).toEqual(target);
      }),
      { numRuns: 200 },
    );
  });

  it('B6 S17: the stage, fed entries projected for it and a new snapshot whenever a group crosses k, holds the projection of the node state for the stage', () => {
    let crossings = 0;
    fc.assert(
      fc.property(caseArb, ({ steps, joinAt }) => {
        const r = run(steps);
        const n = r.entries.length;
        const k = joinAt % (n + 1);
        let replica = projectState(r.states[k]!, STAGE, r.redactions[k]!);
        for (const e of r.entries.slice(k)) {
          if (r.redactions[e.seq]!.publicChanges.has(e.seq)) {
            crossings++;
            replica = projectState(r.states[e.seq]!, STAGE, r.redactions[e.seq]!);
          } else replica = replay(replica, [projectEntry(e, r.states[e.seq]!, r.redactions[e.seq]!, STAGE)]);
        }
        const target = projectState(r.states[n]!, STAGE, r.redactions[n]!);
        expect(replica).toEqual(target);
        // Nobody on the stage is named without their consent, nor shown with a group smaller than k.
        for (const h of target.queue.hands) {
          const person = CROWD.find((p) => p.id === h.person.id);
          if (person && !person.stageConsent) expect(h.person.name).not.toBe(person.name);
          const { groups, k: min } = r.states[n]!.privacy;
          if (person && h.person.community !== '') expect(groups[groupKey(person.community, person.country)]).toBeGreaterThanOrEqual(min);
        }
      }),
      // A fixed seed: random events reach a group of k only now and then, and this run must see some.
      { numRuns: 200, seed: 5 },
    );
    expect(crossings).toBeGreaterThan(0);
  });

  it('B2 B3 B4 B7 B8 B11: nothing read back from the ledger holds a hidden or deleted text, an erased identity, a registrant id, a held question or an anonymous asker; neither does the projected state', () => {
    let scanned = 0;
    let anonymousPublished = 0;
    fc.assert(
      fc.property(caseArb, ({ steps }) => {
        const r = run(steps);
        const n = r.entries.length;
        const secrets = secretsOf(r);
        scanned += secrets.length;
        const caughtUp = r.entries.map((e) => projectEntry(e, r.states[n]!, r.redactions[n]!, AUDIENCE));
        expect(leaks(caughtUp, secrets)).toEqual([]);
        expect(leaks(projectState(r.states[n]!, AUDIENCE, r.redactions[n]!), secrets)).toEqual([]);
        // B8: a refused entry reaches browsers as a stand-in, whatever it said.
        for (const e of caughtUp) if (r.redactions[n]!.refused.has(e.seq)) expect(e.command.type).toBe('entry.refused');
        for (const e of caughtUp) if (e.command.type === 'people.join') expect(e.command.payload.personId).toBe(REGISTRANT);
        // B7: another's vote reaches p1 only from a named vote; a secret ballot shows p1 its own answer only.
        const final = r.states[n]!;
        for (const e of caughtUp) {
          if (e.command.type !== 'proposals.vote' || e.actor.id === AUDIENCE.personId) continue;
          const { proposalId } = e.command.payload;
          expect(final.proposals.items.find((p) => p.id === proposalId)?.ballot).toBe('named');
        }
        for (const p of projectState(final, AUDIENCE, r.redactions[n]!).proposals.items) {
          if (p.ballot === 'secret') expect(Object.keys(p.ballots).filter((id) => id !== AUDIENCE.personId)).toEqual([]);
        }
        // B11: another's anonymous question names nobody, in entries and in the state; held ones are not there.
        for (const e of caughtUp) {
          if (e.command.type === 'questions.ask' && e.command.payload.anonymous && e.actor.id !== AUDIENCE.personId) expect(e.actor.id).toBe(ANONYMOUS_ID);
          if (e.command.type === 'questions.published' && e.command.payload.question.anonymous) {
            anonymousPublished++;
            // Its asker's own question may name them, to them (B11); nobody else's may.
            const { author } = e.command.payload.question;
            if (author.id !== AUDIENCE.personId) expect(author).toEqual(ANONYMOUS);
          }
          if (e.command.type === 'questions.approve') throw new Error('an approval reached a participant as it is');
        }
        for (const q of projectState(final, AUDIENCE, r.redactions[n]!).questions.items) {
          if (q.author.id === AUDIENCE.personId) continue;
          if (q.anonymous) expect(q.author).toEqual(ANONYMOUS);
          expect(['pending', 'declined']).not.toContain(q.status);
        }
      }),
      { numRuns: 200 },
    );
    // The runs did hide, delete, erase and register, and approve anonymous questions.
    expect(scanned).toBeGreaterThan(1_000);
    expect(anonymousPublished).toBeGreaterThan(0);
  });

  it('V8 B10: at every point of an event, no browser holds or receives the distribution of an open vote whose results are hidden; once it closes, every replica holds the tally the node counted', () => {
    let hidden = 0;
    let revealed = 0;
    fc.assert(
      fc.property(caseArb, ({ steps }) => {
        const r = run(steps);
        const n = r.entries.length;
        for (let k = 0; k <= n; k++) {
          const state = r.states[k]!;
          for (const audience of [AUDIENCE, STAGE, { role: 'moderator' as const, personId: 'mod' }]) {
            for (const p of projectState(state, audience, r.redactions[k]!).proposals.items) {
              if (!(p.hideResults && p.status === 'open')) continue;
              hidden++;
              expect(p.tally).toEqual({ agree: 0, disagree: 0, abstain: 0 });
              expect(p.answered).toBe(Object.keys(state.proposals.items.find((x) => x.id === p.id)!.ballots).length);
            }
          }
        }
        for (const e of r.entries) {
          const at = r.states[e.seq]!;
          const { command } = e;
          if (command.type !== 'proposals.vote' && command.type !== 'proposals.close' && command.type !== 'proposals.decide') continue;
          const p = at.proposals.items.find((x) => x.id === command.payload.proposalId);
          if (!p?.hideResults || r.redactions[e.seq]!.refused.has(e.seq)) continue;
          const live = projectEntry(e, at, r.redactions[e.seq]!, AUDIENCE);
          const later = projectEntry(e, r.states[n]!, r.redactions[n]!, AUDIENCE);
          for (const projected of [live, later]) {
            // A vote reaches others as a count; the voter gets their own back (B7); a close carries the node's count of the ballots.
            if (command.type === 'proposals.vote')
              expect(projected.command.type).toBe(e.actor.id === AUDIENCE.personId ? 'proposals.vote' : 'proposals.answered');
            else {
              revealed++;
              expect(projected.command).toEqual({ type: 'proposals.revealed', payload: { tally: p.tally, of: command } });
              expect(projected.actor.role).toBe('system');
            }
          }
        }
      }),
      { numRuns: 200 },
    );
    // The runs did open hidden votes and close them.
    expect(hidden).toBeGreaterThan(100);
    expect(revealed).toBeGreaterThan(20);
  });

  it('B3: entries of a person erased afterwards name a former participant; the projected state masks what they did after', () => {
    const r = run([
      { what: 0, who: 1, n: 0, flag: false }, // p2 chats
      { what: 11, who: 1, n: 0, flag: false }, // p2 erased
      { what: 12, who: 1, n: 0, flag: true }, // a command of p2 already in flight: a hand
    ]);
    const n = r.entries.length;
    const projected = r.entries.map((e) => projectEntry(e, r.states[n]!, r.redactions[n]!, AUDIENCE));
    expect(projected.at(-1)!.actor).toMatchObject({ id: 'p2', name: FORMER_PARTICIPANT, community: '', country: '', role: 'participant' });
    expect(r.states[n]!.queue.hands[0]!.person.name).toBe('Name-p2');
    expect(projectState(r.states[n]!, AUDIENCE, r.redactions[n]!).queue.hands[0]!.person.name).toBe(FORMER_PARTICIPANT);
  });

  it('B5: a chat history message deleted or by an erased author is projected as the state shows it', () => {
    const redactions = new Redactions();
    redactions.deletedMessages.add(7);
    redactions.forgotten.add('p3');
    const message = {
      id: 7,
      author: { id: 'p3', name: 'Name-p3', community: 'Community-p3', region: 'asia' as const, country: 'Country-p3' },
      role: 'participant' as const,
      text: 'call me',
      at: T0,
      deleted: false,
    };
    expect(projectChatMessage(message, emptyState('e'), redactions)).toMatchObject({
      text: '',
      deleted: true,
      author: { id: 'p3', name: FORMER_PARTICIPANT, community: '', country: '' },
    });
    const other = { ...message, id: 8, author: { ...message.author, id: 'p4' } };
    expect(projectChatMessage(other, emptyState('e'), redactions)).toBe(other);
  });
});
