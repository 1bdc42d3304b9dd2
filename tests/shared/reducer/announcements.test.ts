import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/constants.ts';
import { EVERYONE, projectEntry, projectState, Redactions, STAGE } from '../../../shared/projection.ts';
import { CommandSchema } from '../../../shared/protocol.ts';
import { applyEntry, replay } from '../../../shared/reducer/index.ts';
import { FORMER_PARTICIPANT } from '../../../shared/reducer/people.ts';
import { emptyState } from '../../../shared/state.ts';
import { EventDriver, SETUP, withoutSeq } from '../../support/eventDriver.ts';

const parses = (type: string, payload: unknown) => CommandSchema.safeParse({ type, payload }).success;

/** Redactions recorded over the driver's entries, as a node records them. */
function redactionsOf(driver: EventDriver): Redactions {
  const redactions = new Redactions();
  let state = emptyState(driver.state.eventId);
  for (const entry of driver.entries) {
    const applied = applyEntry(state, entry);
    redactions.record(entry, applied);
    state = applied.state;
  }
  return redactions;
}

describe('the call link', () => {
  it('CL1: a moderator sets, changes and takes away the call link, before, during and after the event', () => {
    const driver = EventDriver.created();
    expect(driver.state.callUrl).toBe(SETUP.callUrl);
    driver.must('mod', 'event.setCallLink', { url: 'https://meet.jit.si/gavel-plenary' });
    expect(driver.state.callUrl).toBe('https://meet.jit.si/gavel-plenary');
    driver.refuse('mod', 'event.setCallLink', { url: 'https://meet.jit.si/gavel-plenary' }, 'conflict');
    driver.must('mod', 'event.start', {});
    driver.must('cohost', 'event.setCallLink', { url: null });
    expect(driver.state.callUrl).toBe('');
    driver.refuse('mod', 'event.setCallLink', { url: null }, 'conflict');
    driver.must('mod', 'event.end', {});
    driver.must('mod', 'event.setCallLink', { url: 'https://zoom.us/j/123456789?pwd=abc' });
    expect(driver.state.callUrl).toBe('https://zoom.us/j/123456789?pwd=abc');
  });

  it('CL1: only moderators set it', () => {
    const driver = EventDriver.live();
    for (const who of ['ana', 'nia', 'amara', 'screen'] as const) driver.refuse(who, 'event.setCallLink', { url: 'https://evil.example.org/' }, 'forbidden');
  });

  it('CL1: https only, bounded, validated at the schema', () => {
    expect(parses('event.setCallLink', { url: 'https://teams.microsoft.com/l/meetup-join/abc' })).toBe(true);
    expect(parses('event.setCallLink', { url: null })).toBe(true);
    for (const url of ['http://meet.example.org/room', 'javascript:alert(1)', 'data:text/html,hi', 'meet.example.org/room', '', 'ftp://example.org']) {
      expect(parses('event.setCallLink', { url }), url).toBe(false);
    }
    expect(parses('event.setCallLink', { url: `https://example.org/${'a'.repeat(LIMITS.url)}` })).toBe(false);
    expect(parses('event.setCallLink', {})).toBe(false);
    expect(parses('event.setCallLink', { url: 'https://example.org/', extra: 1 })).toBe(false);
  });

  it('CL2: the stage never receives the call link: not in its state, nor in the entries that set it', () => {
    const driver = EventDriver.created();
    driver.must('mod', 'event.setCallLink', { url: 'https://meet.jit.si/gavel-plenary' });
    const redactions = redactionsOf(driver);
    expect(projectState(driver.state, EVERYONE, redactions).callUrl).toBe('https://meet.jit.si/gavel-plenary');
    expect(projectState(driver.state, STAGE, redactions).callUrl).toBe('');
    const forStage = driver.entries.map((e) => projectEntry(e, driver.state, redactions, STAGE));
    expect(JSON.stringify(forStage)).not.toContain('meet');
    expect(JSON.stringify(forStage)).not.toContain('call.example.org');
    // A stage replica fed them ends where the stage's projection of the node's state is (B6).
    const stageReplica = replay(emptyState(driver.state.eventId), forStage);
    expect(withoutSeq(stageReplica)).toEqual(withoutSeq(projectState(driver.state, STAGE, redactions)));
  });
});

describe('the announcement', () => {
  it('AN1: a moderator posts an announcement every screen shows; a new one replaces it, the same one again is a conflict', () => {
    const driver = EventDriver.created();
    expect(driver.state.announcement).toBeNull();
    driver.tick(1_000).must('mod', 'announcement.set', { text: '  We start in 5 minutes  ' });
    expect(driver.state.announcement).toEqual({ text: 'We start in 5 minutes', at: driver.now });
    driver.refuse('mod', 'announcement.set', { text: 'We start in 5 minutes' }, 'conflict');
    driver.tick(1_000).must('cohost', 'announcement.set', { text: 'Break: back at 14:30' });
    expect(driver.state.announcement).toEqual({ text: 'Break: back at 14:30', at: driver.now });
    const stage = projectState(driver.state, STAGE, redactionsOf(driver));
    expect(stage.announcement?.text).toBe('Break: back at 14:30');
  });

  it('AN1: only moderators announce; the text is 1 to 280 characters, kept as typed', () => {
    const driver = EventDriver.live();
    for (const who of ['ana', 'nia', 'amara', 'screen'] as const) driver.refuse(who, 'announcement.set', { text: 'hi' }, 'forbidden');
    expect(parses('announcement.set', { text: 'a'.repeat(LIMITS.announcement) })).toBe(true);
    expect(parses('announcement.set', { text: 'a'.repeat(LIMITS.announcement + 1) })).toBe(false);
    expect(parses('announcement.set', { text: '   ' })).toBe(false);
    driver.must('mod', 'announcement.set', { text: '<b>not bold</b> & <script>x</script>' });
    expect(driver.state.announcement?.text).toBe('<b>not bold</b> & <script>x</script>');
  });

  it('AN2: clearing takes it off; nothing to clear is a conflict; it stays past the end until cleared', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'announcement.clear', {}, 'conflict');
    driver.must('mod', 'announcement.set', { text: 'Thank you all' });
    driver.must('mod', 'event.end', {});
    expect(driver.state.announcement?.text).toBe('Thank you all');
    driver.refuse('amara', 'announcement.clear', {}, 'forbidden');
    driver.must('mod', 'announcement.clear', {});
    expect(driver.state.announcement).toBeNull();
    driver.refuse('mod', 'announcement.clear', {}, 'conflict');
  });
});

describe('the pinned message', () => {
  function withMessages() {
    const driver = EventDriver.live();
    driver.must('ravi', 'chat.send', { text: 'Slides: https://example.org/slides' });
    const ravis = driver.state.seq;
    driver.must('eva', 'chat.send', { text: 'Thank you!' });
    const evas = driver.state.seq;
    return { driver, ravis, evas };
  }

  it('CP1: a moderator pins a message of the window for everyone, replaces it, and unpins it', () => {
    const { driver, ravis, evas } = withMessages();
    driver.must('mod', 'chat.pin', { messageId: ravis });
    expect(driver.state.chat.pinned).toEqual(driver.state.chat.messages.find((m) => m.id === ravis));
    driver.refuse('mod', 'chat.pin', { messageId: ravis }, 'conflict');
    driver.must('cohost', 'chat.pin', { messageId: evas });
    expect(driver.state.chat.pinned?.id).toBe(evas);
    driver.must('mod', 'chat.unpin', {});
    expect(driver.state.chat.pinned).toBeNull();
    driver.refuse('mod', 'chat.unpin', {}, 'conflict');
    driver.refuse('mod', 'chat.pin', { messageId: driver.state.seq + 5 }, 'not_found');
  });

  it('CP1: only moderators pin and unpin', () => {
    const { driver, ravis } = withMessages();
    for (const who of ['ana', 'nia', 'ravi', 'screen'] as const) driver.refuse(who, 'chat.pin', { messageId: ravis }, 'forbidden');
    driver.must('mod', 'chat.pin', { messageId: ravis });
    driver.refuse('ravi', 'chat.unpin', {}, 'forbidden');
  });

  it('CP1: the pin stays once its message scrolls out of the window; a message older than the window cannot be pinned', () => {
    const { driver, ravis } = withMessages();
    driver.must('mod', 'chat.pin', { messageId: ravis });
    for (let i = 0; i < LIMITS.chatWindow; i++) driver.must('omar', 'chat.send', { text: `m${i}` });
    expect(driver.state.chat.messages.some((m) => m.id === ravis)).toBe(false);
    expect(driver.state.chat.pinned?.text).toBe('Slides: https://example.org/slides');
    driver.must('mod', 'chat.unpin', {});
    driver.refuse('mod', 'chat.pin', { messageId: ravis }, 'not_found');
  });

  it('CP2: deleting the pinned message unpins it, in the window or older; a deleted message cannot be pinned', () => {
    const { driver, ravis, evas } = withMessages();
    driver.must('mod', 'chat.pin', { messageId: ravis });
    driver.must('mod', 'chat.delete', { messageId: ravis });
    expect(driver.state.chat.pinned).toBeNull();
    driver.refuse('mod', 'chat.pin', { messageId: ravis }, 'conflict');
    driver.must('mod', 'chat.pin', { messageId: evas });
    for (let i = 0; i < LIMITS.chatWindow; i++) driver.must('omar', 'chat.send', { text: `m${i}` });
    driver.must('mod', 'chat.delete', { messageId: evas });
    expect(driver.state.chat.pinned).toBeNull();
    expect(JSON.stringify(projectState(driver.state, EVERYONE, redactionsOf(driver)))).not.toContain('Thank you!');
  });

  it('CP2: removing the author with everything they posted unpins their message (S50)', () => {
    const { driver, ravis } = withMessages();
    driver.must('mod', 'chat.pin', { messageId: ravis });
    driver.must('mod', 'people.remove', { personId: 'ravi', purge: true });
    expect(driver.state.chat.pinned).toBeNull();
    expect(JSON.stringify(driver.state)).not.toContain('example.org/slides');
  });

  it('CP2: an erased author is a former participant on the pin as in the chat, on every path (S9)', () => {
    const { driver, ravis } = withMessages();
    driver.must('mod', 'chat.pin', { messageId: ravis });
    for (let i = 0; i < LIMITS.chatWindow; i++) driver.must('omar', 'chat.send', { text: `m${i}` });
    driver.must('system', 'people.forget', { personId: 'ravi' });
    expect(driver.state.chat.pinned?.author).toMatchObject({ id: 'ravi', name: FORMER_PARTICIPANT, community: '', country: '' });
    // What the projection masks after the fact (an entry in flight) reaches the pin too.
    const raw = {
      ...driver.state,
      chat: { ...driver.state.chat, pinned: { ...driver.state.chat.pinned!, author: { ...driver.state.chat.pinned!.author, name: 'Ravi' } } },
    };
    const redactions = redactionsOf(driver);
    for (const audience of [EVERYONE, STAGE]) expect(projectState(raw, audience, redactions).chat.pinned?.author.name).toBe(FORMER_PARTICIPANT);
  });

  it('CP2: on the stage the pinned author is shown as the public may see them (S17)', () => {
    const { driver, ravis } = withMessages();
    driver.must('mod', 'chat.pin', { messageId: ravis });
    const stage = projectState(driver.state, STAGE, redactionsOf(driver));
    expect(stage.chat.pinned?.author.name).toBe('A participant');
    expect(stage.chat.pinned?.author.name).toBe(stage.chat.messages.find((m) => m.id === ravis)?.author.name);
  });
});
