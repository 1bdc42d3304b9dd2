import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/constants.ts';
import { EventDriver } from '../../support/eventDriver.ts';

describe('chat', () => {
  it('C1: a message carries its seq as id, its author and role', () => {
    const driver = EventDriver.live();
    driver.tick(5_000).must('ravi', 'chat.send', { text: '  hello from Nairobi  ' });
    expect(driver.state.chat.messages).toEqual([
      {
        id: driver.state.seq,
        author: { id: 'ravi', name: 'Ravi', community: 'asia community', region: 'asia', country: 'asia country' },
        role: 'participant',
        text: 'hello from Nairobi',
        at: driver.now,
        deleted: false,
      },
    ]);
    expect(driver.state.chat.total).toBe(1);
  });

  it(`C2: state keeps the last ${LIMITS.chatWindow} messages and counts them all`, () => {
    const driver = EventDriver.live();
    const first = driver.state.seq + 1;
    for (let i = 0; i < LIMITS.chatWindow + 5; i++) driver.must(i % 2 ? 'eva' : 'omar', 'chat.send', { text: `m${i}` });
    const { messages, total } = driver.state.chat;
    expect(total).toBe(LIMITS.chatWindow + 5);
    expect(messages).toHaveLength(LIMITS.chatWindow);
    expect(messages[0]).toMatchObject({ id: first + 5, text: 'm5' });
    expect(messages.at(-1)).toMatchObject({ id: driver.state.seq, text: `m${LIMITS.chatWindow + 4}` });
  });

  it('C3: deleting leaves a placeholder for everyone', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'chat.delete', { messageId: 1 }, 'not_found');
    driver.must('ravi', 'chat.send', { text: 'spam' });
    const id = driver.state.seq;
    driver.must('eva', 'chat.send', { text: 'fine' });
    driver.must('mod', 'chat.delete', { messageId: id });
    expect(driver.state.chat.messages.map((m) => [m.author.id, m.text, m.deleted])).toEqual([
      ['ravi', '', true],
      ['eva', 'fine', false],
    ]);
    expect(driver.state.chat.total).toBe(2);
    driver.refuse('mod', 'chat.delete', { messageId: id }, 'conflict');
    driver.refuse('mod', 'chat.delete', { messageId: id - 1 }, 'not_found');
    driver.refuse('mod', 'chat.delete', { messageId: driver.state.seq + 10 }, 'not_found');
  });

  it('C3: a message older than the window is deleted in the archive, not in state', () => {
    const driver = EventDriver.live();
    const first = driver.state.seq + 1;
    for (let i = 0; i < LIMITS.chatWindow + 1; i++) driver.must('eva', 'chat.send', { text: `m${i}` });
    const before = driver.state.chat;
    driver.must('mod', 'chat.delete', { messageId: first });
    expect(driver.state.chat).toEqual(before);
  });

  it('C4: muted people cannot chat until unmuted', () => {
    const driver = EventDriver.live();
    driver.must('mod', 'chat.mute', { personId: 'ravi', muted: true });
    driver.refuse('ravi', 'chat.send', { text: 'let me speak' }, 'muted');
    driver.must('eva', 'chat.send', { text: 'others still can' });
    driver.must('mod', 'chat.mute', { personId: 'ravi', muted: false });
    driver.must('ravi', 'chat.send', { text: 'sorry' });
    expect(driver.state.chat.messages.map((m) => m.author.id)).toEqual(['eva', 'ravi']);
  });

  it('C5: moderators cannot be muted; muting twice is a conflict', () => {
    const driver = EventDriver.live();
    driver.refuse('cohost', 'chat.mute', { personId: 'mod', muted: true }, 'forbidden');
    driver.refuse('mod', 'chat.mute', { personId: 'ravi', muted: false }, 'conflict');
    driver.must('mod', 'chat.mute', { personId: 'ravi', muted: true });
    driver.refuse('mod', 'chat.mute', { personId: 'ravi', muted: true }, 'conflict');
    expect(driver.state.chat.muted).toEqual(['ravi']);
  });
});
