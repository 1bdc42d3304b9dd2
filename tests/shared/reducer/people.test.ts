/** The reducer side of removing and forgetting people: pure, no network (S5, S9). */
import { describe, expect, it } from 'vitest';
import { FORMER_PARTICIPANT } from '../../../shared/reducer/people.ts';
import { EventDriver, MINUTE, PEOPLE } from '../../support/eventDriver.ts';

/** Every object anywhere in `value` that names the person `id` (a person reference). */
function personRefs(value: unknown, id: string): Array<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return [];
  const here = !Array.isArray(value) && (value as Record<string, unknown>).id === id && 'name' in value ? [value as Record<string, unknown>] : [];
  return [...here, ...Object.values(value).flatMap((v) => personRefs(v, id))];
}

describe('people.remove', () => {
  it('S5: drops both of the person’s hands and ends their turn, so every screen agrees they are gone', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', { topic: 'spam' });
    driver.must('amara', 'queue.pointOfOrder', { note: 'more spam' });
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.give', { personId: 'ravi' });
    driver.must('eva', 'queue.raise', {});
    driver.tick(MINUTE).must('mod', 'people.remove', { personId: 'amara', reason: 'spam' });
    expect(driver.queue()).toEqual(['eva']);
    driver.tick(MINUTE).must('mod', 'people.remove', { personId: 'ravi', reason: '' });
    expect(driver.speaker()).toBeNull();
    expect(driver.state.floor.history.at(-1)).toMatchObject({ person: { id: 'ravi' }, spokenMs: 2 * MINUTE });
  });

  it('S5: a moderator cannot be removed, and only moderators remove', () => {
    const driver = EventDriver.live();
    driver.refuse('cohost', 'people.remove', { personId: 'mod', reason: '' }, 'forbidden');
    driver.refuse('amara', 'people.remove', { personId: 'ravi', reason: '' }, 'forbidden');
  });
});

describe('people.forget', () => {
  function eventWithAmaraEverywhere(): EventDriver {
    const driver = EventDriver.live();
    driver.must('mod', 'agenda.next', {}); // the panel: questions are taken
    driver.must('amara', 'chat.send', { text: 'Hello from Dakar' });
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.give', { personId: 'amara' });
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('amara', 'queue.raise', { topic: 'again' });
    driver.must('amara', 'questions.ask', { text: 'Who funds it?' });
    driver.must('amara', 'contributions.post', { kind: 'practice', title: 'Food parcels', text: '300 families' });
    const contributionId = driver.state.seq;
    driver.must('amara', 'contributions.edit', { contributionId, title: 'Food parcels in Dakar' });
    driver.must('mod', 'notes.grant', { personId: 'amara', granted: true });
    driver.must('amara', 'notes.capture', { kind: 'point', text: 'Mosques reach families' });
    driver.must('ravi', 'chat.send', { text: 'Thanks Amara' });
    return driver;
  }

  it('S9: the person’s name, community and country leave the whole state; what they did stays, as "Former participant"', () => {
    const driver = eventWithAmaraEverywhere();
    const before = driver.state;
    driver.must('system', 'people.forget', { personId: 'amara' });
    const { state } = driver;
    expect(JSON.stringify(state)).not.toContain(`"${PEOPLE.amara.name}"`);
    const refs = personRefs(state, 'amara');
    expect(refs.length).toBeGreaterThanOrEqual(6);
    for (const ref of refs) expect(ref).toMatchObject({ name: FORMER_PARTICIPANT, community: '', country: '' });
    expect(state.queue.hands.some((h) => h.person.id === 'amara')).toBe(false);
    expect(state.chat.messages.map((m) => [m.author.name, m.text])).toEqual([
      [FORMER_PARTICIPANT, 'Hello from Dakar'],
      [PEOPLE.ravi.name, 'Thanks Amara'],
    ]);
    expect(state.floor.history.at(-1)!.person).toMatchObject({ id: 'amara', name: FORMER_PARTICIPANT, region: 'africa' });
    expect(state.contributions.items[0]!.author.name).toBe(FORMER_PARTICIPANT);
    expect(state.contributions.items[0]!.edits[0]!.byName).toBe(FORMER_PARTICIPANT);
    expect(state.questions.items[0]!.author.name).toBe(FORMER_PARTICIPANT);
    expect(state.notes.captures[0]!.by.name).toBe(FORMER_PARTICIPANT);
    // Counts and speaking time are aggregates: unchanged.
    expect(state.floor.regions).toEqual(before.floor.regions);
    expect(state.floor.speakers).toEqual(before.floor.speakers);
    expect(state.chat.total).toBe(before.chat.total);
  });

  it('S9: only the server appends it, and people on the programme are not forgotten this way', () => {
    const driver = eventWithAmaraEverywhere();
    driver.refuse('mod', 'people.forget', { personId: 'amara' }, 'forbidden');
    driver.refuse('amara', 'people.forget', { personId: 'amara' }, 'forbidden');
    driver.refuse('system', 'people.forget', { personId: 'ana' }, 'forbidden');
  });
});
